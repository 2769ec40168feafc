from django.urls import path

from heartline.learning import views

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
]
