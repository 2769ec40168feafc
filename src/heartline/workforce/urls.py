from django.urls import path

from heartline.workforce import scenario_views, views

app_name = "workforce"
urlpatterns = [
    path("forecast/", views.forecast_page, name="forecast"),
    path("events/", views.events_page, name="events"),
    path("intraday/", views.intraday_page, name="intraday"),
    path("scenario/", scenario_views.scenario_page, name="scenario"),
    path("events/add/", views.add_event, name="event-add"),
    path("events/<int:event_id>/remove/", views.remove_event, name="event-remove"),
]
