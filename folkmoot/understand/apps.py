from django.apps import AppConfig


class UnderstandConfig(AppConfig):
    name = "folkmoot.understand"
    label = "understand"
    verbose_name = "Understand: results, who is missing, weighting"

    def ready(self) -> None:
        from folkmoot.core.demo import demo_loaders
        from folkmoot.core.extensions import engagement_panels

        from . import demo, panels

        engagement_panels.register(order=30, panel=panels.results_panel)
        demo_loaders.register(order=30, loader=demo.load)
