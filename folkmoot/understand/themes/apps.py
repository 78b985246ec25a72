from django.apps import AppConfig


class ThemesConfig(AppConfig):
    name = "folkmoot.understand.themes"
    label = "themes"
    verbose_name = "Understand: themes and sentiment in free text"

    def ready(self) -> None:
        from folkmoot.core.demo import demo_loaders
        from folkmoot.core.extensions import dashboard_panels, engagement_panels

        from .demo import load_themes_demo
        from .views import dashboard_panel, engagement_panel

        engagement_panels.register(order=35, panel=engagement_panel)
        dashboard_panels.register(order=35, panel=dashboard_panel)
        demo_loaders.register(order=35, loader=load_themes_demo)
