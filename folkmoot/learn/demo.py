"""Demo (order 50): synthetic evaluations and a reflection for the reported engagement."""

from __future__ import annotations

from folkmoot.core.demo import DemoContext

from . import services

# (easy to take part, felt listened to, comment): enough answers that most counts are shown, not "*".
ANSWERS = (
    [("yes", "yes", "")] * 14
    + [("yes", "partly", "The drop-in at the synthetic community centre was easy to get to.")] * 6
    + [("partly", "yes", "")] * 9
    + [("no", "no", "The survey link did not work on my phone (synthetic comment).")] * 8
    + [("partly", "partly", "")] * 8
)


def load(ctx: DemoContext) -> None:
    reported = ctx.engagements["reported"]
    lead = ctx.users["lead"]
    for index, (easy, listened, comment) in enumerate(ANSWERS):
        services.evaluation_submit(
            engagement=reported,
            easy_to_take_part=easy,
            felt_listened_to=listened,
            comment=comment,
            # Every fourth came back on paper at the synthetic drop-in and was typed in by the lead.
            actor=lead if index % 4 == 0 else None,
        )
    services.reflection_add(
        engagement=reported,
        actor=lead,
        what_worked="Drop-ins run with the synthetic VCSE partner reached people who never answer online surveys.",
        what_to_change="Start six weeks earlier and test the survey link on phones before launch.",
        who_we_missed="Young men aged 18 to 24 and people who work night shifts (synthetic reflection).",
    )
