from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "folkmoot.understand.themes"
    label = "themes"
    verbose_name = "Understand: themes and sentiment in free text"
