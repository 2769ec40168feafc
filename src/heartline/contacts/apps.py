from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "heartline.contacts"
    label = "contacts"
    verbose_name = "Contacts and one-and-done"

    def ready(self) -> None:
        # Register the contacts tables and metric runners with the warehouse.
        from heartline.contacts import metrics, tables  # noqa: F401
