from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "heartline.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability

        # Segments and risk models (the risk helper's pages).
        add_page("Segments", "insights:segments", capability=Capability.ANALYZE_INSIGHTS, order=60)
        add_page("Risk models", "insights:risk", capability=Capability.ANALYZE_INSIGHTS, order=61)

        # Campaigns: the page, the outcomes' table and their ingest kind.
        from heartline.ingest.kinds import register_kind
        from heartline.warehouse.registrations import defer

        defer("heartline.insights.campaign_outcomes")
        register_kind("campaign-outcomes", "heartline.insights.campaign_outcomes:load_campaign_outcomes")
        add_page("Campaigns", "insights:campaigns", capability=Capability.ANALYZE_INSIGHTS, order=62)
