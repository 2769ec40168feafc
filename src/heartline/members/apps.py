from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "heartline.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Register the members' history tables with the warehouse.
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability
        from heartline.ingest.kinds import register_kind
        from heartline.members import tables  # noqa: F401
        from heartline.members.fhir.loading import load_fhir_files

        add_page("Members", "members:search", capability=Capability.LOOK_UP_MEMBERS, order=5)
        register_kind("fhir", load_fhir_files)
