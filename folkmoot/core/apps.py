from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "folkmoot.core"
    label = "core"
    verbose_name = "Folkmoot core: organisations, people, roles, audit, jobs"
