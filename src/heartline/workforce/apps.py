from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "heartline.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from heartline.ingest.kinds import register_kind
        from heartline.workforce.staffing_plan import KIND, load_staffing_plan

        register_kind(KIND, load_staffing_plan)

        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability
        from heartline.workforce import intervals, metrics, plan_metrics  # noqa: F401  (register tables, runners)

        add_page("Forecast", "workforce:forecast", capability=Capability.FOLLOW_WORKFORCE, order=75)
        add_page("Intraday", "workforce:intraday", capability=Capability.FOLLOW_WORKFORCE, order=77)
        add_page("Planning calendar", "workforce:events", capability=Capability.FOLLOW_WORKFORCE, order=76)
        add_page("Scenarios", "workforce:scenario", capability=Capability.FOLLOW_WORKFORCE, order=78)
