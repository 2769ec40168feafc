from django.apps import AppConfig


class BehaviorsConfig(AppConfig):
    name = "heartline.behaviors"
    label = "behaviors"
    verbose_name = "Values and behaviors"
