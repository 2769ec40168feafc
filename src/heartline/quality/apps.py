from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "heartline.quality"
    label = "quality"
    verbose_name = "Call quality audits and calibration"
