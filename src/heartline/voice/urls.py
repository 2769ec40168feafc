from django.urls import path

from heartline.voice import views, workshop_views

app_name = "voice"
urlpatterns = [
    path("", views.home, name="home"),
    path("results/<slug:unit>/", views.results, name="results"),
    path("analysis/", views.analysis, name="analysis"),
    path("digest/<slug:unit>/", views.digest, name="digest"),
    path("digest/<slug:unit>.pdf", views.digest_pdf_view, name="digest-pdf"),
    path("workshop/", workshop_views.workshop_page, name="workshop"),
    path("benchmarks/<slug:unit>/", workshop_views.benchmarks_page, name="benchmarks"),
    path("ideas/", views.ideas, name="ideas"),
    path("ideas/new/", views.propose, name="propose"),
    path("ideas/<str:reference>/", views.idea, name="idea"),
    path("ideas/<str:reference>/vote/", views.vote, name="vote"),
    path("ideas/<str:reference>/comment/", views.comment, name="comment"),
    path("ideas/<str:reference>/<slug:action>/", views.move, name="move"),
]
