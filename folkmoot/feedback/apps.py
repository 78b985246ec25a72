from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "folkmoot.feedback"
    label = "feedback"
