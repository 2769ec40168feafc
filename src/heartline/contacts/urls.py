from django.urls import path

from heartline.contacts import views

app_name = "contacts"
urlpatterns = [
    path("one-and-done/", views.one_and_done, name="one-and-done"),
    path("list/", views.contact_list, name="list"),
    path("c/<str:contact_id>/", views.contact_detail, name="detail"),
]
