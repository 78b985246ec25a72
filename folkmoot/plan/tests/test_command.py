"""folkmoot plan export|import|check|import-report."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import CommandError, call_command

from conftest import last_json_line
from folkmoot.plan import services
from folkmoot.plan.models import ImportedReport, Plan

from .plans import strong, weak

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("plan", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.sqlite
def test_check_prints_findings_and_summary_as_json(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(services.plan_to_yaml(weak()))
    result = last_json_line(_run("check", str(path), "--format", "json"))
    assert set(result["findings"][0]) == {"principle", "severity", "field", "message"}
    assert len(result["principles_failing"]) >= 5
    assert result["summary"]["Outcome"]["status"] == "fail"


def test_check_text_lists_each_principle(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(services.plan_to_yaml(strong()))
    out = _run("check", str(path))
    assert "pass  Why" in out and "Gunning 3: Adequate time" in out


def test_check_of_bad_yaml_says_what_is_wrong(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("timeline:\n  start: 2027-03-01\n  end: 2027-01-01\n  colour: red\n")
    with pytest.raises(CommandError) as caught:
        _run("check", str(path))
    assert "timeline.end" in str(caught.value) and "Unknown field 'timeline.colour'" in str(caught.value)


@pytest.mark.sqlite
def test_export_then_import_into_another_engagement(personas, plan, tmp_path):
    exported = _run("export", str(personas.engagement.pk))
    assert yaml.safe_load(exported)["aims"]["decision_maker"]
    path = tmp_path / "plan.yaml"
    path.write_text(exported)
    result = last_json_line(
        _run("import", str(path), "--engagement", str(personas.private_engagement.pk), "--format", "json")
    )
    assert result["errors"] == 0
    assert Plan.objects.get(engagement=personas.private_engagement).data == plan.data


def test_export_of_unknown_engagement_fails_clearly():
    with pytest.raises(CommandError, match="No engagement"):
        _run("export", "not-an-id")


def test_import_report_from_text(personas, tmp_path):
    path = tmp_path / "healthwatch_dental.txt"
    path.write_text(
        "Healthwatch Test: dental access. Key findings:\nPeople could not find an NHS dentist taking patients."
    )
    result = last_json_line(
        _run(
            "import-report",
            str(path),
            "--organisation",
            personas.organisation.slug,
            "--published",
            "2025-05-01",
            "--format",
            "json",
        )
    )
    report = ImportedReport.objects.get(pk=result["report"])
    assert report.published_on.isoformat() == "2025-05-01" and "NHS dentist" in report.findings
    assert result["chunks"] >= 1


def test_import_report_rejects_unknown_formats(personas, tmp_path):
    path = tmp_path / "report.xls"
    path.write_bytes(b"\x00\x01")
    with pytest.raises(CommandError, match="Upload a PDF"):
        _run("import-report", str(path), "--organisation", personas.organisation.slug)
