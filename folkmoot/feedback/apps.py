from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "folkmoot.feedback"
    label = "feedback"
    verbose_name = "Feed back: you said, we did"

    def ready(self) -> None:
        from folkmoot.core.demo import demo_loaders
        from folkmoot.core.extensions import dashboard_panels, engagement_panels, transition_guards

        from . import demo, guards, panels

        transition_guards.register(guards.reported_needs_decisions)
        engagement_panels.register(order=40, panel=panels.engagement_panel)
        dashboard_panels.register(order=40, panel=panels.overdue_panel)
        demo_loaders.register(order=40, loader=demo.load)
