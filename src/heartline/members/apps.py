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
        from heartline.warehouse.registrations import defer

        defer("heartline.members.tables")

        add_page("Members", "members:search", capability=Capability.LOOK_UP_MEMBERS, order=5)
        register_kind("fhir", "heartline.members.fhir.loading:load_fhir_files")
