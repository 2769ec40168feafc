from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "heartline.voice"
    label = "voice"
    verbose_name = "Voice of the member"

    def ready(self) -> None:
        # Register the survey_responses table and the survey metrics with the warehouse.
        from heartline.ingest.kinds import register_kind
        from heartline.warehouse.registrations import defer

        defer("heartline.voice.tables", "heartline.voice.metrics", "heartline.voice.benchmarks")
        register_kind("survey-responses", "heartline.voice.ingest:load_survey_responses")
        register_kind("voice-benchmarks", "heartline.voice.benchmarks:load_benchmarks")

        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability
        from heartline.core.warming import add_warmer

        add_page("Member voice", "voice:home", order=30)
        add_page("Voice analysis", "voice:analysis", capability=Capability.ANALYZE_MEMBER_VOICE, order=31)
        add_page("Ideas", "voice:ideas", order=32)
        add_page("Workshop", "voice:workshop", capability=Capability.ANALYZE_MEMBER_VOICE, order=33)
        add_page("Follow-ups", "voice:follow-ups", capability=Capability.READ_LOOP_FIGURES, order=34)
        add_warmer("Voice analysis", "heartline.voice.analytics:warm_division_results", Capability.ANALYZE_MEMBER_VOICE)
