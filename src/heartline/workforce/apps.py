from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "heartline.workforce"
    label = "workforce"
    verbose_name = "Workforce"
