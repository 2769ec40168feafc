from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "heartline.quality"
    label = "quality"
    verbose_name = "Call quality audits and calibration"

    def ready(self) -> None:
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability
        from heartline.quality.tasks import on_transcripts_stored
        from heartline.transcripts.contracts import transcripts_stored

        transcripts_stored.connect(on_transcripts_stored, dispatch_uid="quality.score_transcribed_contacts")

        add_page("Audit queue", "quality:queue", capability=Capability.AUDIT_CONTACTS, order=21)
        add_page("Quality scores", "quality:scores", order=22)
        add_page("Auto-QA", "quality:auto-qa", order=25)
        add_page("Scorecards", "quality:scorecards", capability=Capability.AUDIT_CONTACTS, order=24)
        add_page("Calibration", "quality:calibration-list", capability=Capability.FOLLOW_CALIBRATION, order=23)
