"""Text from uploaded reports: PDF (pypdf), DOCX (the document.xml inside the zip) and plain text."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from django.core.exceptions import ValidationError

MAX_BYTES = 20 * 1024 * 1024
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def extract_text(filename: str, content: bytes) -> str:
    name = filename.lower()
    if len(content) > MAX_BYTES:
        raise ValidationError("The file is larger than 20 MB. Upload a smaller file or paste the findings.")
    try:
        if name.endswith(".pdf"):
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(content))
            text = "\n".join(page.extract_text() or "" for page in reader.pages)
        elif name.endswith(".docx"):
            with zipfile.ZipFile(io.BytesIO(content)) as docx:
                root = ElementTree.fromstring(docx.read("word/document.xml"))
            text = "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p"))
        elif name.endswith((".txt", ".md", ".text")):
            text = content.decode("utf-8", errors="replace")
        else:
            raise ValidationError("Upload a PDF, a Word document (.docx) or a text file (.txt).")
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            f"Could not read {filename}: the file seems damaged ({exc.__class__.__name__})."
        ) from exc
    text = re.sub(r"[ \t]+", " ", text).strip()
    if not text:
        raise ValidationError(
            f"No text found in {filename}. If it is a scanned document, paste the findings as text."
        )
    return text


def guess_findings(text: str, limit: int = 600) -> str:
    """The paragraph after a 'findings'/'what people told us'/'summary' heading, else the opening."""
    match = re.search(
        r"(key findings|findings|what people told us|summary)[:\s]*\n?(.{40,})", text, re.I | re.S
    )
    body = match.group(2) if match else text
    return body.strip()[:limit]
