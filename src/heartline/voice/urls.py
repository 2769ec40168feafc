from django.urls import path

from heartline.voice import follow_up_views, views, workshop_views

app_name = "voice"
urlpatterns = [
    path("", views.home, name="home"),
    path("results/<slug:unit>/", views.results, name="results"),
    path("analysis/", views.analysis, name="analysis"),
    path("digest/<slug:unit>/", views.digest, name="digest"),
    path("digest/<slug:unit>.pdf", views.digest_pdf_view, name="digest-pdf"),
    path("workshop/", workshop_views.workshop_page, name="workshop"),
    path("benchmarks/", workshop_views.units_benchmarks_page, name="benchmarks-units"),
    path("benchmarks/<slug:unit>/", workshop_views.benchmarks_page, name="benchmarks"),
    path("ideas/", views.ideas, name="ideas"),
    path("ideas/new/", views.propose, name="propose"),
    path("ideas/<str:reference>/", views.idea, name="idea"),
    path("ideas/<str:reference>/vote/", views.vote, name="vote"),
    path("ideas/<str:reference>/comment/", views.comment, name="comment"),
    path("ideas/<str:reference>/<slug:action>/", views.move, name="move"),
    path("follow-ups/", follow_up_views.follow_ups, name="follow-ups"),
    path("follow-ups/open/", follow_up_views.open_new, name="follow-ups-open"),
    path("follow-ups/<int:follow_up_id>/", follow_up_views.follow_up, name="follow-up"),
    path("follow-ups/<int:follow_up_id>/outcome/", follow_up_views.outcome, name="follow-up-outcome"),
    path("follow-ups/unit/<slug:unit>/", follow_up_views.queue, name="follow-up-queue"),
    path("follow-ups/unit/<slug:unit>/figures/", follow_up_views.figures, name="follow-up-figures"),
]
