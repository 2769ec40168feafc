from django.apps import AppConfig


class TranscriptsConfig(AppConfig):
    name = "heartline.transcripts"
    label = "transcripts"
    verbose_name = "Transcripts"

    def ready(self) -> None:
        # Register the transcripts table with the warehouse, the `transcripts` ingest kind and the menu.
        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability
        from heartline.ingest.kinds import register_kind
        from heartline.warehouse.registrations import defer

        defer("heartline.transcripts.tables")
        register_kind("transcripts", "heartline.transcripts.services:load_transcript_files")
        add_page("Members asking", "transcripts:questions", capability=Capability.ANALYZE_MEMBER_VOICE, order=33)
