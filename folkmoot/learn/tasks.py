"""Background job: build an evidence pack PDF and keep it for download."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from folkmoot.core.jobs import job_task


def pack_folder() -> Path:
    folder = Path(settings.VAR_DIR) / "learn"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@job_task
def evidence_pack_job(progress, *, pack_id: str) -> dict:
    from .models import EvidencePack
    from .reports.evidence import evidence_pdf

    pack = EvidencePack.objects.select_related("engagement__organisation", "requested_by").get(pk=pack_id)
    progress(done=0, total=2, message="Gathering the record")
    pdf, summary = evidence_pdf(engagement=pack.engagement, user=pack.requested_by)
    progress(done=1, message="Saving the PDF")
    path = pack_folder() / f"evidence-{pack.engagement.slug}-{pack.pk.hex[:8]}.pdf"
    path.write_bytes(pdf)
    EvidencePack.objects.filter(pk=pack.pk).update(path=str(path))
    progress(done=2, message="Ready to download")
    return {"pack_id": pack_id, "path": str(path), "bytes": len(pdf), **summary}
