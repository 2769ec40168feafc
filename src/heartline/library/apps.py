from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "heartline.library"
    label = "library"
    verbose_name = "The practice library"

    def ready(self) -> None:
        from heartline.core.navigation import add_page
        from heartline.ingest.kinds import register_kind

        register_kind("articles", "heartline.library.importing:load_articles")
        add_page("Library", "library:home", order=60)
