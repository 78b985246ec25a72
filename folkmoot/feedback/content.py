"""What the public page and the messages say, in the reader's language and format.

Staff enter a translation of each finding and decision; English is the fallback, and a page or message in a
language without a full translation says that one is available on request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from folkmoot.core.models import Engagement
from folkmoot.listen.i18n import LANGUAGE_NAMES, direction

from .models import Finding, Outcome
from .selectors import decision_of, findings_for

EASY_OUTCOME = {
    Outcome.DID: "We did this.",
    Outcome.PARTLY: "We did some of this.",
    Outcome.COULD_NOT: "We could not do this.",
    Outcome.DECIDING: "We have not decided yet.",
}


def survey_languages(engagement: Engagement) -> list[str]:
    """The languages of the engagement's surveys, English first."""
    from folkmoot.listen.selectors import surveys_for_engagement

    codes = ["en"]
    for survey in surveys_for_engagement(engagement=engagement):
        for code in survey.languages or []:
            if code in LANGUAGE_NAMES and code not in codes:
                codes.append(code)
    return codes


def language_links(engagement: Engagement) -> list[dict]:
    return [{"code": code, "name": LANGUAGE_NAMES[code]} for code in survey_languages(engagement)]


def easy_lines(text: str) -> list[str]:
    """One sentence a line: easy read puts one idea on each line."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", (text or "").strip())
    return [p.strip() for p in parts if p.strip()]


@dataclass
class Item:
    finding: Finding
    said: str
    we_did: str
    reason: str
    outcome: str | None
    outcome_label: str
    decide_by: object
    owner: str
    decided_on: object
    count: int | None
    quotes: list[str]
    translated: bool
    easy: list[str] = field(default_factory=list)


def items(engagement: Engagement, *, language: str = "en", easy_read: bool = False) -> list[Item]:
    out = []
    for finding in findings_for(engagement=engagement):
        decision = decision_of(finding)
        tr = (finding.translations or {}).get(language, {}) if language != "en" else {}
        said = tr.get("said") or finding.said
        we_did = (tr.get("we_did") or decision.we_did) if decision else ""
        reason = (tr.get("reason") or decision.reason) if decision else ""
        translated = language == "en" or bool(tr.get("said") and (not decision or tr.get("we_did")))
        item = Item(
            finding=finding,
            said=said,
            we_did=we_did,
            reason=reason,
            outcome=decision.outcome if decision else None,
            outcome_label=decision.get_outcome_display() if decision else "Not decided yet",
            decide_by=decision.decide_by if decision else None,
            owner=decision.owner_name if decision else "",
            decided_on=decision.decided_on if decision else None,
            count=finding.count,
            quotes=list(finding.quotes or []),
            translated=translated,
        )
        if easy_read:
            item.easy = easy_item_lines(finding, decision)
        out.append(item)
    return out


def easy_item_lines(finding: Finding, decision) -> list[str]:
    lines = ["You told us:", *easy_lines(finding.easy_read_said or finding.said)]
    if decision is None:
        return [*lines, "We have not decided yet."]
    lines.append(EASY_OUTCOME[decision.outcome])
    lines.extend(easy_lines(decision.easy_read_we_did or decision.we_did))
    if decision.reason:
        lines.append("This is why:")
        lines.extend(easy_lines(decision.reason))
    if decision.decide_by:
        lines.append(f"We will decide by {decision.decide_by:%-d %B %Y}.")
    return lines


def message_text(
    engagement: Engagement, *, language: str = "en", easy_read: bool = False, url: str = ""
) -> tuple[str, str]:
    """(subject, body) of the message telling one person what happened."""
    subject = f"What happened after you had your say: {engagement.title}"
    lines = [
        f"Thank you for taking part in “{engagement.title}”.",
        "Here is what you told us and what we did.",
        "",
    ]
    all_translated = True
    for item in items(engagement, language=language, easy_read=easy_read):
        all_translated = all_translated and item.translated
        if easy_read:
            lines.extend(item.easy)
        else:
            lines.append(f"You said: {item.said}")
            lines.append(f"We did: {item.outcome_label}. {item.we_did}".strip())
            if item.reason:
                lines.append(f"Why: {item.reason}")
            if item.decide_by:
                lines.append(f"We will decide by {item.decide_by:%-d %B %Y}.")
        lines.append("")
    if language != "en" and not all_translated:
        lines.append(
            "A translation into your language is available on request. Reply to this message to ask for it."
        )
    if url:
        lines.append(f"Read more: {url}")
    return subject, "\n".join(lines).strip()


__all__ = ["direction", "items", "language_links", "message_text", "survey_languages"]
