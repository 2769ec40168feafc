from django.apps import AppConfig


class BehaviorsConfig(AppConfig):
    name = "heartline.behaviors"
    label = "behaviors"
    verbose_name = "Values and behaviors"

    def ready(self) -> None:
        from heartline.core.navigation import add_page

        add_page("Behaviors", "behaviors:catalog", order=20)
