from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "folkmoot.reach"
    label = "reach"
