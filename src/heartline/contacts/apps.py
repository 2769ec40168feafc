from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "heartline.contacts"
    label = "contacts"
    verbose_name = "Contacts and one-and-done"

    def ready(self) -> None:
        # Register the contacts tables and metric runners with the warehouse.
        from heartline.contacts import by_member, metrics, tables  # noqa: F401
        from heartline.contacts.ingest.formats import load_cases, load_contacts
        from heartline.ingest.kinds import register_kind

        register_kind("contacts", load_contacts)
        register_kind("cases", load_cases)

        from heartline.core.navigation import add_page

        add_page("One and Done", "contacts:one-and-done", order=10)
