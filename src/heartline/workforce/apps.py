from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "heartline.workforce"
    label = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from heartline.ingest.kinds import register_kind
        from heartline.warehouse.registrations import defer

        register_kind("staffing-plan", "heartline.workforce.staffing_plan:load_staffing_plan")

        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability

        defer("heartline.workforce.intervals", "heartline.workforce.metrics", "heartline.workforce.plan_metrics")

        add_page("Forecast", "workforce:forecast", capability=Capability.FOLLOW_WORKFORCE, order=75)
        add_page("Intraday", "workforce:intraday", capability=Capability.FOLLOW_WORKFORCE, order=77)
        add_page("Planning calendar", "workforce:events", capability=Capability.FOLLOW_WORKFORCE, order=76)
        add_page("Scenarios", "workforce:scenario", capability=Capability.FOLLOW_WORKFORCE, order=78)
