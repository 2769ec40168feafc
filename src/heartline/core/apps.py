from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "heartline.core"
    label = "core"
    verbose_name = "Organization and people"
