from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "heartline.contacts"
    label = "contacts"
    verbose_name = "Contacts and one-and-done"

    def ready(self) -> None:
        # Register the contacts tables and metric runners with the warehouse, imported when first read
        # (they build on Ibis and pyarrow: a command that reads no table should not import them).
        from heartline.ingest.kinds import register_kind
        from heartline.warehouse.registrations import defer

        defer(
            "heartline.contacts.tables",
            "heartline.contacts.by_member",
            "heartline.contacts.daily",
            "heartline.contacts.handle_days",
            "heartline.contacts.metrics",
        )
        register_kind("contacts", "heartline.contacts.ingest.formats:load_contacts")
        register_kind("cases", "heartline.contacts.ingest.formats:load_cases")

        from heartline.core.navigation import add_page
        from heartline.core.warming import add_warmer

        add_page("One and Done", "contacts:one-and-done", order=10)
        add_warmer("One and Done", "heartline.contacts.warming:warm_one_and_done")
