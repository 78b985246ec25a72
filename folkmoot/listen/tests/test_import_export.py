"""Imports keep good rows, reject bad ones with line numbers, never import twice, and refuse bad files whole."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from conftest import last_json_line
from folkmoot.core.models import AuditEvent
from folkmoot.listen import selectors, services
from folkmoot.listen.exports import responses_export, safe_cell
from folkmoot.listen.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas):
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Import me", slug="import-me"
    )
    services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
    services.question_add(
        survey=survey,
        type="multiple",
        code="barriers",
        text="Barriers?",
        options=["Cost", "Phone", "Language"],
    )
    services.question_add(survey=survey, type="text", code="comment", text="Anything else?")
    services.survey_add_equality_block(survey=survey, keys=["ethnic_group"])
    return survey


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def run_import(*args):
    out = StringIO()
    call_command("responses", "import", *args, "--format", "json", stdout=out, stderr=StringIO())
    return last_json_line(out.getvalue())


@pytest.mark.sqlite
def test_good_rows_are_kept_bad_rows_reported_and_reimport_adds_nothing(tmp_path, survey):
    path = write_csv(
        tmp_path / "export.csv",
        [
            ["id", "Overall?", "barriers", "comment", "eq-ethnic-group"],
            ["a1", "Good", "Cost|Phone", '=HYPERLINK("http://evil")', "White: Irish"],
            ["a2", "Brilliant", "", "", ""],
            ["a3", "Poor", "Teleport", "", ""],
            ["a4", "Very poor", "", "None", "Prefer not to say"],
            ["a1", "Good", "", "", ""],
        ],
    )
    mapping = tmp_path / "map.yaml"
    mapping.write_text("source_id: id\n")
    result = run_import(str(path), "--survey", "import-me", "--mapping", str(mapping))
    assert result["imported"] == 2 and result["rejected"] == 2 and result["duplicates"] == 1
    errors = list(csv.reader(open(result["errors"])))
    assert errors[0] == ["line", "reason"]
    assert errors[1][0] == "3" and "fft: Select one of the options" in errors[1][1]
    assert errors[2][0] == "4" and "barriers" in errors[2][1]
    again = run_import(str(path), "--survey", "import-me", "--mapping", str(mapping))
    assert again["imported"] == 0 and again["duplicates"] == 3
    assert Response.objects.filter(survey=survey).count() == 2
    assert {r["ethnic_group"] for r in selectors.respondent_rows(survey=survey)} == {
        "White: Irish",
        "Prefer not to say",
    }
    assert selectors.free_text_answers(survey=survey).filter(text="None").exists()  # "None" is a real answer


def test_value_mapping_translates_another_tools_labels(tmp_path, survey):
    path = write_csv(tmp_path / "other.csv", [["fft"], ["5"], ["1"]])
    mapping = tmp_path / "map.yaml"
    mapping.write_text("values:\n  fft:\n    '5': Very good\n    '1': Very poor\n")
    assert run_import(str(path), "--survey", "import-me", "--mapping", str(mapping))["imported"] == 2
    assert sorted(a.value for a in survey.questions.get(code="fft").answers.all()) == [
        "Very good",
        "Very poor",
    ]


def test_xlsx_files_import_too(tmp_path, survey):
    book = Workbook()
    book.active.append(["fft", "comment"])
    book.active.append(["Good", "From Excel"])
    book.save(tmp_path / "r.xlsx")
    assert run_import(str(tmp_path / "r.xlsx"), "--survey", "import-me")["imported"] == 1


@pytest.mark.parametrize(
    "content,message",
    [
        (b"fft,comment\nGood,caf\xe9\n", "not UTF-8 text"),
        (b"\x00\x01\x02binary junk" * 100, "not a text file"),
        (b"comment\nhello\n", "missing required columns: fft"),
        (b"", "The file is empty"),
    ],
)
def test_malformed_files_get_a_clear_message_and_change_nothing(tmp_path, survey, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import(str(path), "--survey", "import-me")
    assert Response.objects.count() == 0


def test_oversized_files_are_refused_before_reading(tmp_path, survey, monkeypatch):
    from folkmoot.listen import imports

    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 1000)
    path = write_csv(tmp_path / "big.csv", [["fft"]] + [["Good"]] * 500)
    with pytest.raises(CommandError, match="more than the"):
        run_import(str(path), "--survey", "import-me")
    assert Response.objects.count() == 0


def test_export_neutralises_formulas_and_hides_equality_data_from_roles_without_it(survey, personas):
    services.response_record(
        survey=survey,
        answers={"fft": "Good", "comment": "=1+1", "eq-ethnic-group": "White: Irish"},
        channel="paper",
        actor=personas.lead,
    )
    out = io.StringIO()
    result = responses_export(survey=survey, out=out, fmt="csv", user=personas.viewer)
    text = out.getvalue()
    assert "'=1+1" in text and "eq-ethnic-group" not in text and result["equality_data"] is False
    out = io.StringIO()
    responses_export(survey=survey, out=out, fmt="csv", user=personas.analyst)
    assert "White: Irish" in out.getvalue()
    assert AuditEvent.objects.filter(action="export", personal_data=True, actor=personas.analyst).exists()
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)" and safe_cell("plain") == "plain" and safe_cell(3) == 3


def test_xlsx_and_json_exports(tmp_path, survey, personas):
    services.response_record(
        survey=survey, answers={"fft": "Good", "barriers": ["Cost"]}, channel="phone", actor=personas.lead
    )
    call_command(
        "responses",
        "export",
        "--survey",
        "import-me",
        "--format",
        "xlsx",
        "--out",
        str(tmp_path / "o.xlsx"),
        stderr=StringIO(),
    )
    sheet = load_workbook(tmp_path / "o.xlsx").active
    assert [c.value for c in sheet[1]][:5] == ["reference", "channel", "partner", "submitted_at", "fft"]
    assert sheet[2][1].value == "phone"
    out = StringIO()
    call_command(
        "responses", "export", "--survey", "import-me", "--format", "json", "--user", "viewer", stdout=out
    )
    import json

    data = json.loads(out.getvalue())
    assert data[0]["barriers"] == "Cost" and "eq-ethnic-group" not in data[0]


def test_survey_yaml_round_trip_and_bad_files(tmp_path, survey):
    from folkmoot.listen.yaml_io import survey_to_dict

    out = StringIO()
    call_command("survey", "export", "import-me", stdout=out)
    path = tmp_path / "s.yaml"
    path.write_text(out.getvalue())
    result = StringIO()
    call_command("survey", "import", str(path), "--slug", "import-me-copy", "--format", "json", stdout=result)
    assert last_json_line(result.getvalue()) == {"imported": "import-me-copy", "questions": 4}
    from folkmoot.listen.models import Survey

    copy = Survey.objects.get(slug="import-me-copy")
    original, copied = survey_to_dict(survey), survey_to_dict(copy)
    assert copied["questions"] == original["questions"]
    path.write_text(
        out.getvalue().replace("type: fft", "type: teleport").replace("title: Import me", "titel: x")
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("survey", "import", str(path), "--slug", "other")
    assert "Unknown survey fields: titel" in str(excinfo.value) and "type must be one of" in str(
        excinfo.value
    )
    assert not Survey.objects.filter(slug="other").exists()


def test_schema_document_lists_every_field_the_code_accepts():
    from pathlib import Path

    from folkmoot.listen.yaml_io import QUESTION_FIELDS, SURVEY_FIELDS

    doc = (Path(__file__).resolve().parents[1] / "docs" / "survey-schema.md").read_text()
    for name in SURVEY_FIELDS | QUESTION_FIELDS:
        assert f"| `{name}` |" in doc, name


def test_expired_contacts_are_deleted_by_the_purge_command(survey):
    import datetime as dt

    from folkmoot.listen.models import Contact

    services.contact_add(survey=survey, channel="email", email="old@example.org", name="Old")
    Contact.objects.update(retain_until=dt.date(2020, 1, 1))
    services.contact_add(survey=survey, channel="email", email="new@example.org")
    out = StringIO()
    call_command("responses", "purge-contacts", "--format", "json", stdout=out)
    assert last_json_line(out.getvalue()) == {"deleted": 1}
    assert list(Contact.objects.exclude(email="").values_list("email", flat=True)) == ["new@example.org"]
