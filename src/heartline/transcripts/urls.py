from django.urls import path

from heartline.transcripts import views

app_name = "transcripts"
urlpatterns = [
    path("questions/", views.questions, name="questions"),
    path("<str:contact_id>/", views.transcript, name="transcript"),
    path("<str:contact_id>/raw/", views.raw_transcript, name="raw"),
]
