from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "heartline.learning"
    label = "learning"
    verbose_name = "Training programs and credentialing"
