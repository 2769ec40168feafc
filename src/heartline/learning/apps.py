from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "heartline.learning"
    label = "learning"
    verbose_name = "Training programs and credentialing"

    def ready(self) -> None:
        from heartline.core.navigation import add_page
        from heartline.learning.tasks import on_audit_completed
        from heartline.quality.contracts import audit_completed

        audit_completed.connect(on_audit_completed, dispatch_uid="learning.evaluate_on_audit")

        add_page("My learning", "learning:mine", roles=frozenset({"agent", "coach"}), order=40)
        add_page(
            "Training waves", "learning:waves", roles=frozenset({"trainer", "manager", "executive", "admin"}), order=41
        )
        add_page(
            "Overdue training", "learning:overdue", roles=frozenset({"coach", "trainer", "manager", "admin"}), order=42
        )
        add_page(
            "Training impact",
            "learning:impact",
            roles=frozenset({"trainer", "manager", "executive", "cx_analyst", "qa_analyst", "admin"}),
            order=43,
        )
