"""HTML to PDF with WeasyPrint."""

from __future__ import annotations

import logging


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    # WeasyPrint's CSS parser warns about every SVG presentation style matplotlib writes, although its SVG
    # renderer draws them; the warnings would bury real messages on the command line.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return HTML(string=html).write_pdf()
    finally:
        logger.setLevel(level)
