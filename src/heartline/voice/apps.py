from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "heartline.voice"
    label = "voice"
    verbose_name = "Voice of the member"

    def ready(self) -> None:
        # Register the survey_responses table and the survey metrics with the warehouse.
        from heartline.core.ingest_kinds import register_kind
        from heartline.voice import metrics, tables  # noqa: F401
        from heartline.voice.ingest import load_survey_responses

        register_kind("survey-responses", load_survey_responses)
