from django.urls import URLPattern, path

from heartline.insights.risk.views import risk
from heartline.insights.segments_views import segments

app_name = "insights"
urlpatterns: list[URLPattern] = [
    path("segments/", segments, name="segments"),
    path("risk/", risk, name="risk"),
]
