import io

import pytest
from django.core.exceptions import ValidationError

from folkmoot.understand.themes.models import Comment
from folkmoot.understand.themes.services import comments_import_csv

pytestmark = pytest.mark.django_db

CSV = "id,when,comment\n1,2026-11-02,Parking was a nightmare\n2,03/11/2026,None\n3,2026-11-04,\n4,2026-11-05,👍👍\n"


def _import(personas, data, **kwargs):
    return comments_import_csv(
        organisation=personas.organisation, actor=personas.analyst, file=io.BytesIO(data.encode()), **kwargs
    )


@pytest.mark.sqlite
def test_every_row_is_kept_with_bad_input_marked_and_a_second_import_skips_seen_ids(personas):
    result = _import(personas, CSV, text_column="comment", date_column="when", id_column="id")
    assert result == {"imported": 4, "skipped": 0, "flagged": {"empty": 1, "no_letters": 1}}
    assert Comment.objects.get(source_ref="2").text == "None"  # a real answer, not a missing value
    assert Comment.objects.get(source_ref="2").received_at.day == 3
    assert _import(personas, CSV, text_column="comment", id_column="id")["skipped"] == 4


def test_a_missing_text_column_is_a_clear_message_and_nothing_is_imported(personas):
    with pytest.raises(ValidationError, match="no column called “text”. Its columns are: comment, id, when"):
        _import(personas, CSV, text_column="text")
    assert not Comment.objects.exists()


def test_unreadable_dates_stop_the_whole_import(personas):
    with pytest.raises(ValidationError, match="rows 2"):
        _import(
            personas,
            "when,comment\nyesterday,Great\n2026-11-02,Fine\n",
            text_column="comment",
            date_column="when",
        )
    assert not Comment.objects.exists()


def test_feedback_import_page_imports_and_starts_classification(client, personas, classifier):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.analyst)
    url = "/dashboard/test-shire-icb/feedback/import/"
    response = client.post(url, {"file": SimpleUploadedFile("f.csv", CSV.encode()), "text_column": "nope"})
    assert "no column called “nope”" in response.content.decode()
    upload = SimpleUploadedFile("f.csv", CSV.encode())
    response = client.post(url, {"file": upload, "text_column": "comment", "id_column": "id"})
    assert response.status_code == 302 and "/jobs/" in response.url
    assert Comment.objects.filter(latest_model__isnull=False).count() == 4
