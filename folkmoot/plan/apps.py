from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "folkmoot.plan"
    label = "plan"
    verbose_name = "Plan"

    def ready(self) -> None:
        from folkmoot.core.demo import demo_loaders
        from folkmoot.core.extensions import dashboard_panels, engagement_panels

        from .demo import load_plan_demo
        from .panels import plan_panel, planning_dashboard_panel

        demo_loaders.register(order=10, loader=load_plan_demo)
        engagement_panels.register(order=10, panel=plan_panel)
        dashboard_panels.register(order=10, panel=planning_dashboard_panel)
