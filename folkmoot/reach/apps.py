from django.apps import AppConfig


class ReachConfig(AppConfig):
    name = "folkmoot.reach"
    label = "reach"
    verbose_name = "Reach"

    def ready(self) -> None:
        from folkmoot.core.demo import demo_loaders
        from folkmoot.core.extensions import dashboard_panels, engagement_panels

        from .demo import load_reach_demo
        from .panels import engagement_reach_panel, register_dashboard_panel

        demo_loaders.register(order=15, loader=load_reach_demo)
        engagement_panels.register(order=15, panel=engagement_reach_panel)
        dashboard_panels.register(order=15, panel=register_dashboard_panel)
