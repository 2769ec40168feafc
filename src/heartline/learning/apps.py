from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "heartline.learning"
    label = "learning"
    verbose_name = "Training programs and credentialing"

    def ready(self) -> None:
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability
        from heartline.core.warming import add_warmer
        from heartline.learning.tasks import on_audit_completed
        from heartline.quality.contracts import audit_completed

        audit_completed.connect(on_audit_completed, dispatch_uid="learning.evaluate_on_audit")

        add_page("My learning", "learning:mine", capability=Capability.FOLLOW_OWN_LEARNING, order=40)
        add_page("Training waves", "learning:waves", capability=Capability.FOLLOW_TRAINING_WAVES, order=41)
        add_page("Overdue training", "learning:overdue", capability=Capability.FOLLOW_OVERDUE_TRAINING, order=42)
        add_page("Training impact", "learning:impact", capability=Capability.READ_TRAINING_IMPACT, order=43)
        add_page("Recognition", "learning:recognition", order=44)
        add_page("Boosters", "learning:boosters", capability=Capability.FOLLOW_BOOSTERS, order=45)
        add_warmer(
            "Training impact", "heartline.learning.analytics:warm_impact_report", Capability.READ_TRAINING_IMPACT
        )
