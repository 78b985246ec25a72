"""The import's fast path: many batches read in a worker thread, deduplicated across batches and against the
database, line numbers kept, Excel cells read as a CSV export would have them."""

import csv
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from conftest import last_json_line
from folkmoot.listen import imports, services
from folkmoot.listen.import_writer import new_references, new_response_ids
from folkmoot.listen.models import Answer, Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas):
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Batches", slug="batches"
    )
    services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
    services.question_add(survey=survey, type="rating", code="rating", text="Rate us")
    services.question_add(survey=survey, type="date", code="visit", text="When?")
    services.question_add(survey=survey, type="text", code="comment", text="Anything else?")
    services.question_add(
        survey=survey,
        type="text",
        code="why-poor",
        text="Why poor?",
        show_if={"question": "fft", "equals": "Poor"},
    )
    return survey


def run_import(path, *args):
    out = StringIO()
    call_command(
        "responses",
        "import",
        str(path),
        "--survey",
        "batches",
        *args,
        "--format",
        "json",
        stdout=out,
        stderr=StringIO(),
    )
    return last_json_line(out.getvalue())


@pytest.mark.sqlite
def test_rows_spread_over_many_batches_keep_line_numbers_and_are_never_imported_twice(
    tmp_path, survey, monkeypatch
):
    monkeypatch.setattr(imports, "BATCH", 3)
    rows = [["fft", "rating", "comment", "why-poor"]]
    for i in range(10):
        rows.append(["Good", str(i), f"tab\there, new\nline and back\\slash {i}", "hidden by skip logic"])
    rows.insert(5, ["Great", "1", "", ""])  # line 6: bad
    rows.append(["Good", "0", "tab\there, new\nline and back\\slash 0", ""])  # same answers as line 2
    rows.append(["Poor", "11", "", "too high"])  # bad rating
    path = tmp_path / "many.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    result = run_import(path)
    assert (result["imported"], result["duplicates"], result["rejected"]) == (10, 1, 2)
    errors = list(csv.reader(open(result["errors"], encoding="utf-8")))
    # Line numbers count the physical lines of the file (each comment has a line break inside quotes).
    assert [e[0] for e in errors[1:]] == ["10", "25"]
    assert "fft: Select one of the options" in errors[1][1] and "rating: Enter a whole number" in errors[2][1]
    texts = set(Answer.objects.filter(question__code="comment").values_list("text", flat=True))
    assert "tab\there, new\nline and back\\slash 7" in texts  # COPY escaping keeps the text exactly
    assert not Answer.objects.filter(question__code="why-poor").exists()  # hidden answers are not kept
    assert sorted(Answer.objects.filter(question__code="rating").values_list("value", flat=True)) == list(
        range(10)
    )
    again = run_import(path)
    assert (again["imported"], again["duplicates"]) == (0, 11)
    assert Response.objects.filter(survey=survey).count() == 10
    assert len(set(Response.objects.values_list("reference", flat=True))) == 10


def test_excel_numbers_and_dates_read_as_a_csv_export_would_have_them(tmp_path, survey):
    book = Workbook()
    book.active.append(["fft", "rating", "visit"])
    book.active.append(["Good", 7.0, dt.datetime(2026, 11, 25)])
    book.save(tmp_path / "numbers.xlsx")
    assert run_import(tmp_path / "numbers.xlsx")["imported"] == 1
    values = dict(Answer.objects.values_list("question__code", "value"))
    assert values == {"fft": "Good", "rating": 7, "visit": "2026-11-25"}


def test_a_database_failure_part_way_keeps_the_batches_already_written(tmp_path, survey, monkeypatch):
    from folkmoot.listen import import_writer

    monkeypatch.setattr(imports, "BATCH", 2)
    real = import_writer.write_batch
    calls = []

    def fail_on_third(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(*args)

    monkeypatch.setattr(imports, "write_batch", fail_on_third)
    path = tmp_path / "six.csv"
    path.write_text("fft,rating\n" + "".join(f"Good,{i}\n" for i in range(8)), encoding="utf-8")
    with pytest.raises(RuntimeError, match="database went away"):
        imports.responses_import(survey=survey, path=path)
    assert Response.objects.filter(survey=survey).count() == 4


def test_generated_keys_are_well_formed_and_distinct():
    import uuid

    ids = new_response_ids(1000)
    assert len(set(ids)) == 1000 and {uuid.UUID(i).version for i in ids} == {7}
    references = new_references(5000)
    assert len(set(references)) == 5000
    assert all(len(r) == 12 and set(r) <= set("BCDFGHJKLMNPQRSTVWXZ23456789") for r in references)


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_import_each_row_once_even_when_batches_in_flight_repeat_a_key(
    personas, tmp_path, monkeypatch
):
    from django.db import connection

    from folkmoot.listen import import_writer

    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Parallel", slug="parallel"
    )
    services.question_add(survey=survey, type="fft", code="fft", text="Overall?", required=True)
    monkeypatch.setattr(imports, "BATCH", 4)
    assert import_writer.parallel_writers_possible() == (connection.vendor == "postgresql")
    lines = ["id,fft"]
    for k in range(20):  # each batch of 4 repeats two IDs of the batch before, which may still be in flight
        lines += [f"r{j},Good" for j in (2 * k, 2 * k + 1, 2 * k + 2, 2 * k + 3)]
    lines.append("r999,Brilliant")  # bad
    path = tmp_path / "repeats.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = imports.Mapping(source_id="id")
    result = imports.responses_import(survey=survey, path=path, mapping=mapping)
    assert (result["imported"], result["duplicates"], result["rejected"]) == (42, 38, 1)
    assert Response.objects.filter(survey=survey).count() == 42
    assert Answer.objects.filter(response__survey=survey).count() == 42
    again = imports.responses_import(survey=survey, path=path, mapping=mapping)
    assert (again["imported"], again["duplicates"]) == (0, 80)
