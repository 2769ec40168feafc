from django.urls import path

from heartline.compliance import call_center_views, case_views, universe_views, views

app_name = "compliance"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("call-center/", call_center_views.call_center, name="call-center"),
    path("timeliness/", case_views.timeliness_page, name="timeliness"),
    path("cases/<str:case_id>/", case_views.case_page, name="case"),
    path("cases/<str:case_id>/extend/", case_views.extend, name="case-extend"),
    path("cases/<str:case_id>/decide/", case_views.decide, name="case-decide"),
    path("cases/<str:case_id>/notify/", case_views.notify, name="case-notify"),
    path("cases/<str:case_id>/reassign/", case_views.reassign, name="case-reassign"),
    path("from-contact/<str:contact_id>/", case_views.intake, name="intake"),
    path("universes/", universe_views.universes, name="universes"),
]
