from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "heartline.coaching"
    label = "coaching"
    verbose_name = "Coaching sessions and follow-ups"
