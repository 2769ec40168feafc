from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "heartline.library"
    label = "library"
    verbose_name = "The practice library"
