from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "heartline.voice"
    label = "voice"
    verbose_name = "Voice of the member"

    def ready(self) -> None:
        # Register the survey_responses table and the survey metrics with the warehouse.
        from heartline.ingest.kinds import register_kind
        from heartline.voice import metrics, tables  # noqa: F401
        from heartline.voice.ingest import load_survey_responses

        register_kind("survey-responses", load_survey_responses)

        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability

        add_page("Member voice", "voice:home", order=30)
        add_page("Voice analysis", "voice:analysis", capability=Capability.ANALYZE_MEMBER_VOICE, order=31)
        add_page("Ideas", "voice:ideas", order=32)
        add_page("Follow-ups", "voice:follow-ups", capability=Capability.READ_LOOP_FIGURES, order=33)
