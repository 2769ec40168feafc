from django.urls import path

from heartline.coaching import views

app_name = "coaching"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("create/", views.create, name="create"),
    path("s/<int:session_id>/", views.session, name="session"),
    path("s/<int:session_id>/follow-up/", views.follow_up, name="follow-up"),
]
