from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "heartline.insights"
    label = "insights"
    verbose_name = "Insights"
