from django.apps import AppConfig


class ListenConfig(AppConfig):
    name = "folkmoot.listen"
    label = "listen"
    verbose_name = "Listen: surveys on every channel"

    def ready(self) -> None:
        from folkmoot.core.demo import demo_loaders
        from folkmoot.core.extensions import engagement_panels

        from . import demo, panels

        demo_loaders.register(order=20, loader=demo.load)
        engagement_panels.register(order=20, panel=panels.surveys_panel)
