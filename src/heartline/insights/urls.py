from django.urls import URLPattern, path

from heartline.insights.actions import views as action_views

app_name = "insights"
urlpatterns: list[URLPattern] = [
    path("members/<str:member_id>/actions/", action_views.member_actions, name="member-actions"),
    path("members/<str:member_id>/actions/outcome/", action_views.record_outcome, name="action-outcome"),
]
