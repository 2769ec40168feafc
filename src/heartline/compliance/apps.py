from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "heartline.compliance"
    label = "compliance"
    verbose_name = "Compliance"
