from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "heartline.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Register the members' history tables with the warehouse.
        from heartline.members import tables  # noqa: F401
