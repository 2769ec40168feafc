from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "heartline.compliance"
    label = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability

        add_page("Decision clocks", "compliance:worklist", capability=Capability.FOLLOW_DECISION_CLOCKS, order=70)
        add_page("Audit universes", "compliance:universes", capability=Capability.FOLLOW_DECISION_CLOCKS, order=72)

        from heartline.compliance.call_center_registration import register_call_center

        register_call_center()
