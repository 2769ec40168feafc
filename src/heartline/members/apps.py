from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "heartline.members"
    label = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        # Register the members' history tables with the warehouse.
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability
        from heartline.core.selectors import register_names_in_text
        from heartline.ingest.kinds import register_kind
        from heartline.warehouse.registrations import defer

        defer("heartline.members.tables")

        add_page("Members", "members:search", capability=Capability.LOOK_UP_MEMBERS, order=5)
        register_kind("fhir", "heartline.members.fhir.loading:load_fhir_files")
        # Staff-typed text names members too: the redactor looks their names up per text.
        register_names_in_text(_member_names_in)


def _member_names_in(text: str) -> tuple[str, ...]:
    from heartline.members.selectors import member_names_in  # imported on first use, not at start-up

    return member_names_in(text)
