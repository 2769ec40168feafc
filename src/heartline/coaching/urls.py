from django.urls import path

from heartline.coaching import leader_views, views

app_name = "coaching"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.new, name="new"),
    path("create/", views.create, name="create"),
    path("s/<int:session_id>/", views.session, name="session"),
    path("s/<int:session_id>/follow-up/", views.follow_up, name="follow-up"),
    path("leaders/", leader_views.leaders, name="leaders"),
    path("leaders/<slug:code>/", leader_views.leader, name="leader"),
    path("leaders/<slug:code>/commit/", leader_views.commit, name="leader-commit"),
    path("leaders/<slug:code>/check-in/", leader_views.check_in, name="leader-check-in"),
    path("leaders/<slug:code>/close/", leader_views.close, name="leader-close"),
]
