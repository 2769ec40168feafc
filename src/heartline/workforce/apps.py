from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "heartline.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from heartline.ingest.kinds import register_kind
        from heartline.workforce.staffing_plan import KIND, load_staffing_plan

        register_kind(KIND, load_staffing_plan)
