from django.urls import path

from heartline.learning import booster_catalog_views, booster_views, recognition_views, views

app_name = "learning"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("complete/", views.complete, name="complete"),
    path("notifications/read/", views.read_notifications, name="read-notifications"),
    path("waves/", views.waves, name="waves"),
    path("waves/<int:wave_id>/people/", views.wave_people, name="wave-people"),
    path("completions/import/", views.import_completions, name="import"),
    path("completions.csv", views.export_completions, name="export"),
    path("overdue/", views.overdue, name="overdue"),
    path("credentials/", views.credentials, name="credentials"),
    path("credentials/<int:credential_id>/", views.credential_detail, name="credential"),
    path("impact/", views.impact, name="impact"),
    path("recognition/", recognition_views.recognition, name="recognition"),
    path("recognition/give/", recognition_views.recognise, name="recognise"),
    path("recognition/pass-on/", recognition_views.pass_on, name="pass-on"),
    path("boosters/", booster_views.boosters, name="boosters"),
    path("boosters/assign/", booster_views.assign, name="assign-boosters"),
    path("boosters/complete/", booster_views.complete, name="complete-booster"),
    path("boosters/catalog/new/", booster_catalog_views.new_booster, name="booster-new"),
    path("boosters/catalog/<slug:code>/", booster_catalog_views.edit_booster, name="booster-edit"),
]
