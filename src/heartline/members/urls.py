from django.urls import path

from heartline.members import views

app_name = "members"
urlpatterns = [
    path("", views.search, name="search"),
    path("<str:member_id>/", views.detail, name="detail"),
]
