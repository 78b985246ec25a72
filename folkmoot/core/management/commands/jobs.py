from __future__ import annotations

import time

from django.core.management.base import CommandError

from folkmoot.core.commands import FolkmootCommand
from folkmoot.core.models import Job, Organisation
from folkmoot.core.services import job_run_in_foreground, job_start
from folkmoot.core.tasks import rebuild_statistics


class Command(FolkmootCommand):
    help = (
        "Background jobs: list them, watch one with a progress bar, or rebuild an organisation's statistics."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Recent jobs.")
        watch = sub.add_parser("watch", help="Follow a job's progress until it ends.")
        watch.add_argument("job_id")
        stats = sub.add_parser(
            "statistics", help="Rebuild an organisation's engagement statistics (the demo job)."
        )
        stats.add_argument("--organisation", required=True, help="Organisation slug")
        stats.add_argument("--background", action="store_true", help="Queue it for the worker and follow it.")
        for p in (sub.choices["list"], watch, stats):
            p.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_list(self, options):
        jobs = list(Job.objects.order_by("-created_at")[:20])
        rows = [
            {
                "id": str(j.pk),
                "label": j.label,
                "status": j.status,
                "done": j.progress_done,
                "total": j.progress_total,
            }
            for j in jobs
        ]
        text = "\n".join(f"{r['id']}  {r['status']:<9}  {r['label']}" for r in rows) or "No jobs."
        self.emit(options, {"jobs": rows}, text)

    def do_watch(self, options):
        job = self._follow(options, options["job_id"])
        self.emit(options, self._summary(job), f"{job.label}: {job.get_status_display()}")

    def do_statistics(self, options):
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with slug {options['organisation']!r}")
        label = f"Rebuild statistics for {organisation.name}"
        if options["background"]:
            job = job_start(
                job_task=rebuild_statistics,
                label=label,
                organisation=organisation,
                organisation_id=str(organisation.pk),
            )
            job = self._follow(options, str(job.pk))
        else:
            with self.progress_bar(options, desc="statistics") as bar:
                job, _ = job_run_in_foreground(
                    job_task=rebuild_statistics,
                    label=label,
                    organisation=organisation,
                    bar=bar,
                    organisation_id=str(organisation.pk),
                )
        self.emit(options, self._summary(job), f"{job.label}: {job.get_status_display()}")

    def _follow(self, options, job_id: str) -> Job:
        job = Job.objects.filter(pk=job_id).first()
        if job is None:
            raise CommandError(f"No job {job_id}")
        with self.progress_bar(options, desc=job.label[:30]) as bar:
            while True:
                job.refresh_from_db()
                if job.progress_total:
                    bar.total = job.progress_total
                bar.n = job.progress_done
                bar.refresh()
                if job.is_finished:
                    return job
                time.sleep(0.5)

    @staticmethod
    def _summary(job: Job) -> dict:
        return {
            "id": str(job.pk),
            "label": job.label,
            "status": job.status,
            "progress_done": job.progress_done,
            "progress_total": job.progress_total,
            "result": job.result,
            "error": job.message if job.error else "",
        }
