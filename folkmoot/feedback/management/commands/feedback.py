from __future__ import annotations

from django.core.exceptions import ValidationError

from folkmoot.core.commands import CommandError, FolkmootCommand
from folkmoot.core.models import Engagement
from folkmoot.core.services import job_run_in_foreground
from folkmoot.feedback.tasks import remind_leads_job, send_feedback_job


class Command(FolkmootCommand):
    help = "Tell people what happened after an engagement (send), or remind leads about overdue feedback (remind)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Tell everyone who asked, on their own channel; partners too.")
        send.add_argument("--engagement", required=True, help="The engagement's slug")
        send.add_argument("--organisation", help="The organisation's slug, when two engagements share a slug")
        remind = sub.add_parser(
            "remind", help="Email the lead of every engagement whose feedback is overdue."
        )
        for p in (send, remind):
            p.add_argument("--format", choices=["text", "json"], default="text")

    def _engagement(self, slug: str, organisation: str | None) -> Engagement:
        engagements = Engagement.objects.filter(slug=slug).select_related("organisation")
        if organisation:
            engagements = engagements.filter(organisation__slug=organisation)
        found = list(engagements[:2])
        if not found:
            raise CommandError(f"No engagement with slug {slug!r}")
        if len(found) > 1:
            raise CommandError(f"More than one engagement is called {slug!r}; add --organisation")
        return found[0]

    def handle(self, *args, **options):
        if options["action"] == "send":
            engagement = self._engagement(options["engagement"], options.get("organisation"))
            try:
                with self.progress_bar(options, desc="people") as bar:
                    _, result = job_run_in_foreground(
                        job_task=send_feedback_job,
                        label=f"Tell people what happened: {engagement.title}",
                        organisation=engagement.organisation,
                        bar=bar,
                        engagement_id=str(engagement.pk),
                    )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            text = (
                f"Sent {result['sent']}, failed {result['failed']}, skipped {result['skipped']}, "
                f"waiting {result['pending']}."
                + (f" Letters for the post: {result['letters_pdf']}" if result.get("letters_pdf") else "")
            )
            self.emit(options, {"engagement": engagement.slug, **result}, text)
            return
        with self.progress_bar(options, desc="engagements") as bar:
            _, result = job_run_in_foreground(
                job_task=remind_leads_job, label="Remind leads about overdue feedback", bar=bar
            )
        self.emit(
            options,
            result,
            f"{result['overdue']} overdue; reminded {result['reminded']}, already reminded {result['already_reminded']}, "
            f"failed {result['failed']}.",
        )
