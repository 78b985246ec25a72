from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "folkmoot.plan"
    label = "plan"
