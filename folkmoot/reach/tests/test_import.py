from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from conftest import last_json_line
from folkmoot.reach.models import Stakeholder, StakeholderImport
from folkmoot.reach.services.importer import ImportProblem, stakeholders_import

pytestmark = pytest.mark.django_db

CSV = """name,kind,category,email,communities,languages,consent_to_contact
Synthetic Bangladeshi Women's Group,organisation,vcse,bwg@example.org,Bangladeshi women;Carers,bn;en,yes
Synthetic Councillor Test,individual,councillor,cllr@example.org,,,no
,organisation,vcse,,,,yes
Synthetic Robot,machine,vcse,,,,yes
Synthetic Bangladeshi Womens Group,organisation,vcse,,,,maybe
Synthetic B W G (again),organisation,vcse,BWG@example.org,,,yes
"""


def _run(*args) -> str:
    out = StringIO()
    call_command("stakeholders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.sqlite
def test_command_imports_good_rows_keeps_bad_rows_apart_and_reports_duplicates(personas, tmp_path):
    path = tmp_path / "register.csv"
    path.write_text(CSV)
    result = last_json_line(
        _run("import", str(path), "--organisation", personas.organisation.slug, "--format", "json")
    )
    assert result["created"] == 3
    assert [r["line"] for r in result["rejected"]] == [4, 5, 6]
    reasons = {r["line"]: r["reason"] for r in result["rejected"]}
    assert "Enter a name" in reasons[4]
    assert "individual or organisation" in reasons[5]
    assert "yes or no" in reasons[6]
    assert result["rejected"][2]["row"]["name"] == "Synthetic Bangladeshi Womens Group"
    assert [d["line"] for d in result["duplicates"]] == [7]
    assert Stakeholder.objects.filter(organisation=personas.organisation).count() == 3
    record = StakeholderImport.objects.get(pk=result["import_id"])
    assert len(record.rejected) == 3
    group = Stakeholder.objects.get(email="bwg@example.org")
    assert group.communities == ["Bangladeshi women", "Carers"] and group.consent_to_contact


def test_xlsx_import_reads_the_same_columns(personas, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "kind", "category", "email"])
    sheet.append(
        ["Synthetic Staff Race Equality Network", "organisation", "staff_network", "sren@example.org"]
    )
    sheet.append(["Synthetic Healthwatch Test", "organisation", "healthwatch", "bad email"])
    path = tmp_path / "register.xlsx"
    book.save(path)
    result = stakeholders_import(organisation=personas.organisation, path=path, actor=personas.lead)
    assert result["created"] == 1
    assert result["rejected"][0]["line"] == 3 and "email" in result["rejected"][0]["reason"]


def test_import_against_existing_register_flags_duplicates(personas, register, tmp_path):
    path = tmp_path / "more.csv"
    path.write_text("name,kind,category,email\nSomeone,individual,patient,ada@example.org\n")
    result = stakeholders_import(organisation=personas.organisation, path=path, actor=personas.lead)
    assert result["duplicates"][0]["reason"].startswith("Same email as Synthetic Peer Researcher Ada")


def test_file_without_required_columns_is_refused_and_nothing_added(personas, tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("who,what\nA,B\n")
    with pytest.raises(ImportProblem, match="no name, kind, category column"):
        stakeholders_import(organisation=personas.organisation, path=path, actor=personas.lead)
    with pytest.raises(CommandError):
        _run("import", str(path), "--organisation", personas.organisation.slug)
    assert Stakeholder.objects.count() == 0


def test_unsupported_file_type_is_refused(personas, tmp_path):
    path = tmp_path / "register.txt"
    path.write_text("name\n")
    with pytest.raises(ImportProblem, match="CSV"):
        stakeholders_import(organisation=personas.organisation, path=path, actor=personas.lead)
