from django.urls import URLPattern

app_name = "coaching"
urlpatterns: list[URLPattern] = []
