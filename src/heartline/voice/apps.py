from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "heartline.voice"
    label = "voice"
    verbose_name = "Voice of the member"
