"""Staff give each question's easy-read slot a picture with alt text; people who choose easy read see it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from folkmoot.core.models import AuditEvent
from folkmoot.listen import services
from folkmoot.listen.models import Question

pytestmark = pytest.mark.django_db

ALT = "A nurse checking a man's blood pressure"


def picture(fmt="PNG", size=(40, 30), name="nurse.png"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def survey(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    survey = services.survey_create(
        actor=personas.lead, engagement=personas.engagement, title="Easy", slug="easy-pictures"
    )
    services.question_add(
        survey=survey,
        type="fft",
        code="fft",
        text="Overall, how was your experience?",
        easy_read_text="Was our service good?",
        required=True,
    )
    services.survey_set_status(actor=personas.lead, survey=survey, status="open")
    return survey


UPLOAD = "/listen/surveys/easy-pictures/questions/fft/easy-read-picture/"


@pytest.mark.sqlite
def test_staff_upload_a_picture_and_easy_read_pages_show_it_with_its_alt_text(client, personas, survey):
    client.force_login(personas.lead)
    page = client.get(UPLOAD)
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()
    saved = client.post(UPLOAD, {"image": picture(), "alt": f"  {ALT}  "})
    assert saved.status_code == 302
    question = Question.objects.get(survey=survey, code="fft")
    assert question.easy_read_image.endswith(".png") and question.easy_read_image_alt == ALT
    assert AuditEvent.objects.filter(actor=personas.lead, action="change").exists()
    detail = client.get("/listen/surveys/easy-pictures/").content.decode()
    assert "easy-read picture" in detail and "Change the easy-read picture" in detail

    public = client.__class__()  # a member of the public, not signed in
    started = public.post("/s/easy-pictures/", {"easy_read": "1"})
    shown = public.get(started["Location"]).content.decode()
    assert 'src="/s/easy-pictures/q/fft/picture/"' in shown and f'alt="{ALT}"'.replace("'", "&#39;") in shown
    served = public.get("/s/easy-pictures/q/fft/picture/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")

    standard = client.__class__()
    started = standard.post("/s/easy-pictures/", {})
    assert "/picture/" not in standard.get(started["Location"]).content.decode()  # only in easy read


@pytest.mark.parametrize(
    "upload,alt,field,message",
    [
        (SimpleUploadedFile("fake.png", b"just some text, not a picture"), ALT, "image", "must be a picture"),
        ("bmp", ALT, "image", "not BMP"),
        ("png", "   ", "alt", "Describe what the picture shows"),
        (None, ALT, "image", "Choose a picture"),
        ("huge", ALT, "image", "smaller than 2 MB"),
    ],
)
def test_bad_pictures_and_missing_alt_text_are_refused_and_change_nothing(
    client, personas, survey, upload, alt, field, message
):
    if upload == "bmp":
        upload = picture("BMP", name="x.png")
    elif upload == "png":
        upload = picture()
    elif upload == "huge":
        upload = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (2 * 1024 * 1024 + 1))
    client.force_login(personas.lead)
    data = {"alt": alt} | ({"image": upload} if upload is not None else {})
    refused = client.post(UPLOAD, data)
    assert refused.status_code == 400
    body = refused.content.decode()
    assert message in body and f'href="#{field}"' in body  # the error summary links to the field
    question = Question.objects.get(survey=survey, code="fft")
    assert question.easy_read_image == "" and question.easy_read_image_alt == ""
    assert client.get("/s/easy-pictures/q/fft/picture/").status_code == 404


def test_only_people_who_can_change_the_survey_may_upload(client, personas, survey):
    client.force_login(personas.viewer)
    assert client.post(UPLOAD, {"image": picture(), "alt": ALT}).status_code in (403, 404)
    assert Question.objects.get(survey=survey, code="fft").easy_read_image == ""


def test_a_new_picture_replaces_the_old_file(personas, survey, settings, django_capture_on_commit_callbacks):
    question = Question.objects.get(survey=survey, code="fft")
    services.question_set_easy_read_image(actor=personas.lead, question=question, image=picture(), alt=ALT)
    first = question.easy_read_image
    with django_capture_on_commit_callbacks(execute=True):
        services.question_set_easy_read_image(
            actor=personas.lead,
            question=question,
            image=picture("JPEG", name="n.jpg"),
            alt="A smiling receptionist",
        )
    question.refresh_from_db()
    assert question.easy_read_image.endswith(".jpg") and question.easy_read_image != first
    assert question.easy_read_image_alt == "A smiling receptionist"
    assert [p.suffix for p in (settings.MEDIA_ROOT / "listen" / "easy-read").iterdir()] == [".jpg"]


def test_a_survey_copied_through_yaml_keeps_the_picture_and_its_alt_text(personas, survey):
    from folkmoot.listen.yaml_io import parse_yaml, survey_export_yaml, survey_import

    question = Question.objects.get(survey=survey, code="fft")
    services.question_set_easy_read_image(actor=personas.lead, question=question, image=picture(), alt=ALT)
    text = survey_export_yaml(survey)
    assert f"easy_read_image_alt: {ALT}" in text
    copy = survey_import(
        data=parse_yaml(text), engagement=personas.engagement, slug="easy-copy", actor=personas.lead
    )
    copied = copy.questions.get(code="fft")
    assert (copied.easy_read_image, copied.easy_read_image_alt) == (question.easy_read_image, ALT)
    with pytest.raises(Exception, match="needs alt text"):
        survey_import(
            data=parse_yaml(text.replace(f"easy_read_image_alt: {ALT}", "easy_read_image_alt: ''")),
            engagement=personas.engagement,
            slug="easy-no-alt",
            actor=personas.lead,
        )
