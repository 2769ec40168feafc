from django.urls import path

from heartline.members import preference_views, views

app_name = "members"
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:member_id>/", views.detail, name="detail"),
    path("<str:member_id>/preferences/", preference_views.member_preferences, name="preferences"),
    path("<str:member_id>/preferences/history.csv", preference_views.preference_history_csv, name="preferences-csv"),
]
