from django.urls import URLPattern, path

from heartline.insights import campaigns_views
from heartline.insights.actions import views as action_views
from heartline.insights.risk.views import risk
from heartline.insights.segments_views import segments

app_name = "insights"
urlpatterns: list[URLPattern] = [
    path("members/<str:member_id>/actions/", action_views.member_actions, name="member-actions"),
    path("members/<str:member_id>/actions/outcome/", action_views.record_outcome, name="action-outcome"),
    path("segments/", segments, name="segments"),
    path("risk/", risk, name="risk"),
    path("campaigns/", campaigns_views.campaigns, name="campaigns"),
    path("campaigns/<int:campaign_id>/", campaigns_views.campaign, name="campaign"),
    path("campaigns/<int:campaign_id>/send-list.csv", campaigns_views.campaign_send_list, name="campaign-send-list"),
]
