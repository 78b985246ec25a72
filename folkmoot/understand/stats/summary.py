"""Plain-English sentences for the who-is-missing report ("People aged 16-24 are about a third as likely...")."""

from __future__ import annotations

import math

FRACTIONS = [
    (1 / 10, "a tenth"),
    (1 / 8, "an eighth"),
    (1 / 6, "a sixth"),
    (1 / 5, "a fifth"),
    (1 / 4, "a quarter"),
    (1 / 3, "a third"),
    (2 / 5, "two fifths"),
    (1 / 2, "half"),
    (3 / 5, "three fifths"),
    (2 / 3, "two thirds"),
    (3 / 4, "three quarters"),
    (4 / 5, "four fifths"),
    (9 / 10, "nine tenths"),
]
MULTIPLES = [
    (1.25, "a quarter more"),
    (1.5, "one and a half times"),
    (2, "twice"),
    (2.5, "two and a half times"),
]
MAX_UNDER = 6
MAX_OVER = 3


def ratio_words(ratio: float) -> str:
    """'about a third as likely', 'about twice as likely'."""
    if ratio < 1:
        if ratio < 0.075:
            return "less than a tenth as likely"
        value, words = min(FRACTIONS, key=lambda f: abs(math.log(ratio / f[0])))
        return f"about {words} as likely"
    value, words = min(MULTIPLES, key=lambda f: abs(math.log(ratio / f[0])))
    if ratio >= 2.75:
        return f"about {round(ratio)} times as likely"
    if words == "a quarter more":
        return "about a quarter more likely"
    return f"about {words} as likely"


def _pct(x: float) -> str:
    if x is None:
        return "?"
    if 0 < x < 0.01:
        return f"{x:.1%}"
    return f"{x:.0%}"


def _few(value, threshold: int) -> str:
    """A count for a sentence: published figures may be "*" (hidden), which reads as "fewer than N"."""
    if value == "*":
        return f"fewer than {threshold}"
    return str(value)


def _lower(text: str) -> str:
    return (
        text[0].lower() + text[1:]
        if text and not text.startswith(("White", "Black", "Asian", "Gypsy", "English"))
        else text
    )


def sentences(report: dict, *, by: str = "channel") -> list[str]:
    """Sentences about the clearest gaps first, then over-representation, then caveats."""
    under, over, caveats = [], [], []
    channels = report.get(f"by_{by}") or []
    threshold = (report.get("disclosure") or {}).get("suppress_below", 8)
    for ch in report["characteristics"]:
        if ch.get("status") == "no_answers":
            caveats.append(ch["message"])
            continue
        for i, cat in enumerate(ch["categories"]):
            who = cat.get("people") or cat["category"]
            if cat["flag"] == "under":
                if cat.get("hidden"):
                    text = (
                        f"Fewer than {threshold} respondents were in the group \u201c{who}\u201d, though they are "
                        f"{_pct(cat['population_share'])} of local residents."
                    )
                elif cat["respondents"] == 0:
                    text = (
                        f"Nobody in the group \u201c{who}\u201d took part, though they are "
                        f"{_pct(cat['population_share'])} of local residents."
                    )
                else:
                    text = (
                        f"{who} are {ratio_words(cat['ratio'])} to have taken part as the local population "
                        f"({_pct(cat['share'])} of respondents who answered, {_pct(cat['population_share'])} of residents)."
                    )
                    best = _best_channel(channels, ch["name"], i, by)
                    if best:
                        text += f" {best}"
                under.append((cat["ci_high"] if cat["ci_high"] is not None else 0.0, text))
            elif cat["flag"] == "over":
                text = (
                    f"{who} are {ratio_words(cat['ratio'])} to have taken part as the local population "
                    f"({_pct(cat['share'])} of respondents who answered, {_pct(cat['population_share'])} of residents)."
                )
                over.append((-cat["ci_low"], text))
        if ch.get("unreliable"):
            caveats.append(
                f"{_pct(ch['non_disclosure_share'])} of respondents did not say their {ch['title'].lower()}, so that "
                "comparison is less reliable."
            )
        unmatched = [u["respondents"] for u in ch.get("unmatched", []) if u["respondents"]]
        if unmatched and ch["name"] != "imd_decile":
            total = "*" if "*" in unmatched else sum(unmatched)
            caveats.append(
                f"{_few(total, threshold).capitalize()} {ch['title'].lower()} answer(s) did not match a Census category and are listed "
                "separately, not counted in the shares."
            )
    out = [text for _, text in sorted(under)[:MAX_UNDER]] + [text for _, text in sorted(over)[:MAX_OVER]]
    if not under and not over and report["characteristics"]:
        out.append(
            f"No group is clearly under- or over-represented among these {_few(report['n'], threshold)} respondents; with this many "
            "people only large gaps would show."
        )
    postcodes = report.get("postcodes") or {}
    if postcodes.get("outside_area"):
        caveats.append(
            f"{_few(postcodes['outside_area'], threshold).capitalize()} respondent(s) gave a postcode outside the area."
        )
    return out + caveats


def _best_channel(channels: list[dict], name: str, index: int, by: str) -> str:
    """Which channel reached this group best (only channels with enough answers to say)."""
    best = None
    for channel in channels:
        for ch in channel["characteristics"]:
            if ch["name"] != name or ch.get("status") != "ok":
                continue
            cat = ch["categories"][index]
            if ch["n_answered"] == "*" or int(ch["n_answered"]) < 20 or cat["ratio"] is None:
                continue
            if best is None or cat["ratio"] > best[0]:
                best = (cat["ratio"], channel[by], cat["share"])
    if best is None or best[0] <= 0:
        return ""
    word = "reached them best" if best[0] < 1 else "reached them at least in proportion"
    return f"Of the {by}s, {best[1]} {word} ({_pct(best[2])} of its respondents)."
