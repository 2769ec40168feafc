from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "heartline.core"
    label = "core"
    verbose_name = "Organization and people"

    def ready(self) -> None:
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability

        add_page("Dashboard", "home", order=0)
        add_page("API docs", "api-v1:openapi-view", order=90)
        add_page("Admin", "admin:index", capability=Capability.ADMINISTER, order=99)
