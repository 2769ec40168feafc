from django.urls import path

from heartline.compliance import call_center_views, universe_views, views

app_name = "compliance"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("call-center/", call_center_views.call_center, name="call-center"),
    path("universes/", universe_views.universes, name="universes"),
]
