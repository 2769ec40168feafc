from django.urls import path

from heartline.library import views

app_name = "library"
urlpatterns = [
    path("", views.home, name="home"),
    path("a/<int:article_id>/", views.article, name="article"),
    path("a/<int:article_id>/helpful", views.helpful, name="helpful"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("write/", views.authoring, name="authoring"),
    path("write/new/", views.new_article, name="new"),
    path("write/<int:article_id>/", views.edit_article, name="edit"),
    path("write/<int:article_id>/upload", views.upload, name="upload"),
    path("write/<int:article_id>/<slug:action>", views.transition, name="transition"),
]
