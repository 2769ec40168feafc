from django.urls import URLPattern, path

from heartline.insights.actions import views as action_views
from heartline.insights.risk.views import risk
from heartline.insights.segments_views import segments

app_name = "insights"
urlpatterns: list[URLPattern] = [
    path("members/<str:member_id>/actions/", action_views.member_actions, name="member-actions"),
    path("members/<str:member_id>/actions/outcome/", action_views.record_outcome, name="action-outcome"),
    path("segments/", segments, name="segments"),
    path("risk/", risk, name="risk"),
]
