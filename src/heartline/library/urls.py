from django.urls import path

from heartline.library import adoption_views, views

app_name = "library"
urlpatterns = [
    path("", views.home, name="home"),
    path("a/<int:article_id>/", views.article, name="article"),
    path("a/<int:article_id>/helpful", views.helpful, name="helpful"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("a/<int:article_id>/spread", adoption_views.spread, name="spread"),
    path("a/<int:article_id>/adopt", adoption_views.adopt, name="adopt"),
    path("a/<int:article_id>/target", adoption_views.target, name="target"),
    path("spreading/", adoption_views.spreading, name="spreading"),
    path("write/", views.authoring, name="authoring"),
    path("write/new/", views.new_article, name="new"),
    path("write/<int:article_id>/", views.edit_article, name="edit"),
    path("write/<int:article_id>/upload", views.upload, name="upload"),
    path("write/<int:article_id>/<slug:action>", views.transition, name="transition"),
]
