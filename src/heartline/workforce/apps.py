from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "heartline.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from heartline.workforce import intervals, metrics  # noqa: F401  (register the table and runners)
