"""/compliance/access-log/: the access log and members' accounting of disclosures (namespace `access_log`)."""

from django.urls import path

from heartline.core import access_log_views as views

app_name = "access_log"

urlpatterns = [
    path("", views.log_list, name="list"),
    path("disclosures/<str:member_id>/", views.member_disclosures, name="disclosures"),
    path("disclosures/<str:member_id>/csv", views.member_disclosures_csv, name="disclosures-csv"),
]
