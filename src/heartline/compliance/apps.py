from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "heartline.compliance"
    label = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        from heartline.compliance.call_center_registration import register_call_center

        register_call_center()
