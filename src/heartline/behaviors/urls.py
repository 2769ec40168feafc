from django.urls import URLPattern

app_name = "behaviors"
urlpatterns: list[URLPattern] = []
