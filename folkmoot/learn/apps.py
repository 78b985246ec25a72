from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "folkmoot.learn"
    label = "learn"
