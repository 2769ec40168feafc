from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "heartline.coaching"
    label = "coaching"
    verbose_name = "Coaching sessions and follow-ups"

    def ready(self) -> None:
        from heartline.core.navigation import add_page

        add_page("Coaching", "coaching:queue", order=24)
