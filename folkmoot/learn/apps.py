from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "folkmoot.learn"
    label = "learn"
    verbose_name = "Learn: evaluation, evidence packs and the annual report"

    def ready(self) -> None:
        from folkmoot.core.demo import demo_loaders
        from folkmoot.core.extensions import engagement_panels

        from . import demo, panels

        demo_loaders.register(order=50, loader=demo.load)
        engagement_panels.register(order=50, panel=panels.learn_panel)
