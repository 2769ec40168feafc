from django.apps import AppConfig

AUDITORS = frozenset({"qa_analyst", "coach", "manager", "admin"})


class QualityConfig(AppConfig):
    name = "heartline.quality"
    label = "quality"
    verbose_name = "Call quality audits and calibration"

    def ready(self) -> None:
        from heartline.core.navigation import add_page

        add_page("Audit queue", "quality:queue", roles=AUDITORS, order=21)
        add_page("Quality scores", "quality:scores", order=22)
        add_page("Scorecards", "quality:scorecards", roles=AUDITORS, order=24)
        add_page("Calibration", "quality:calibration-list", roles=AUDITORS | {"executive"}, order=23)
