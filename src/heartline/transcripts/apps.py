from django.apps import AppConfig


class TranscriptsConfig(AppConfig):
    name = "heartline.transcripts"
    label = "transcripts"
    verbose_name = "Transcripts"
