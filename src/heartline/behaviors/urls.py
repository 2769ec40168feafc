from django.urls import path

from heartline.behaviors import views

app_name = "behaviors"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("b/<slug:code>/", views.behavior, name="behavior"),
    path("b/<slug:code>/reword/", views.reword, name="reword"),
    path("rehearsals/", views.rehearsals, name="rehearsals"),
]
