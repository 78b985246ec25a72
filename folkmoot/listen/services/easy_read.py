"""Easy-read image slots: one picture per question, shown beside the easy-read wording, always with alt text."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from folkmoot.core.models import AuditAction, User
from folkmoot.core.permissions import Perm, require
from folkmoot.core.services import audit_record

from ..models import Question

IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_SIDE = 6000  # pixels: larger files are almost always photos straight off a camera
ALT_MAX = 300
# Pillow's name for the format -> (file extension, Content-Type served to browsers).
IMAGE_FORMATS = {
    "PNG": ("png", "image/png"),
    "JPEG": ("jpg", "image/jpeg"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = {ext: content_type for ext, content_type in IMAGE_FORMATS.values()}


def _image_format(upload: UploadedFile) -> str:
    """The image's real format, read from its content (not its name), or ValidationError in plain words."""
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            found = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError({"image": "The file must be a picture: PNG, JPEG, GIF or WebP"}) from None
    if found not in IMAGE_FORMATS:
        raise ValidationError({"image": f"The picture must be PNG, JPEG, GIF or WebP, not {found}"})
    if max(width, height) > IMAGE_MAX_SIDE:
        raise ValidationError(
            {"image": f"The picture must be at most {IMAGE_MAX_SIDE} pixels wide and high. Make it smaller."}
        )
    upload.seek(0)
    return found


def question_set_easy_read_image(
    *, actor: User, question: Question, image: UploadedFile | None, alt: str
) -> Question:
    """Store the easy-read picture of a question (replacing any earlier one) with its alt text.

    Checks the type from the file's content, the size, and that alt text is given; nothing changes on a problem."""
    survey = question.survey
    require(actor, Perm.CHANGE_ENGAGEMENT, survey.engagement)
    alt = " ".join((alt or "").split())
    errors = {}
    if image is None:
        errors["image"] = "Choose a picture to upload"
    elif image.size > IMAGE_MAX_BYTES:
        errors["image"] = f"The picture must be smaller than {IMAGE_MAX_BYTES // (1024 * 1024)} MB"
    if not alt:
        errors["alt"] = "Describe what the picture shows, for people who cannot see it"
    elif len(alt) > ALT_MAX:
        errors["alt"] = f"The description must be {ALT_MAX} characters or fewer"
    if errors:
        raise ValidationError(errors)
    extension = IMAGE_FORMATS[_image_format(image)][0]
    name = default_storage.save(f"listen/easy-read/{uuid.uuid4().hex}.{extension}", image)
    previous = question.easy_read_image
    try:
        with transaction.atomic():
            question.easy_read_image = name
            question.easy_read_image_alt = alt
            question.save(update_fields=["easy_read_image", "easy_read_image_alt", "updated_at"])
            if not survey.has_easy_read:
                survey.has_easy_read = True
                survey.save(update_fields=["has_easy_read", "updated_at"])
            audit_record(
                actor=actor,
                action=AuditAction.CHANGE,
                obj=question,
                organisation=survey.engagement.organisation,
                summary=f"Uploaded the easy-read picture for “{question.text[:80]}”",
            )
    except Exception:
        default_storage.delete(name)
        raise
    shared = Question.objects.filter(easy_read_image=previous).exists()  # a copied survey may use it too
    if previous and previous.startswith("listen/easy-read/") and previous != name and not shared:
        transaction.on_commit(lambda: default_storage.delete(previous))
    return question
