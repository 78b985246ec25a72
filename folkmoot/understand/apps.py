from django.apps import AppConfig


class UnderstandConfig(AppConfig):
    name = "folkmoot.understand"
    label = "understand"
