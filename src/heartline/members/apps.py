from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "heartline.members"
    label = "members"
    verbose_name = "Members"
