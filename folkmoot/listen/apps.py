from django.apps import AppConfig


class ListenConfig(AppConfig):
    name = "folkmoot.listen"
    label = "listen"
