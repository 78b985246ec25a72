"""The Learn demo loader: evaluations and a reflection on the demo's reported engagement, and both PDFs build."""

from collections import Counter

import pytest

from folkmoot.core.demo import load_core_demo
from folkmoot.learn import demo, selectors
from folkmoot.learn.models import Rating
from folkmoot.learn.reports.annual import annual_pdf
from folkmoot.learn.reports.evidence import evidence_pdf
from folkmoot.understand.disclosure import round_count

from .helpers import pdf_text


@pytest.mark.sqlite
@pytest.mark.django_db
def test_demo_gives_the_reported_engagement_evaluations_and_both_pdfs_build(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ctx = load_core_demo()
    demo.load(ctx)
    reported = ctx.engagements["reported"]
    summary = selectors.evaluation_summary(engagement=reported)
    raw = Counter(easy for easy, _, _ in demo.ANSWERS)
    # The demo has enough of each answer that the panel and pack show figures, not "*".
    assert min(raw.values()) >= 8
    assert summary["participant"]["n"] == round_count(len(demo.ANSWERS), 5)
    assert summary["participant"]["easy_to_take_part"] == {
        label: round_count(raw[value], 5) for value, label in Rating.choices
    }
    assert "synthetic" in summary["staff"][0]["who_we_missed"]
    pdf, facts = evidence_pdf(engagement=reported)
    text = pdf_text(pdf)
    assert facts["evaluations"] == summary["participant"]["n"] and facts["reflections"] == 1
    assert reported.title in text and "Was it easy to take part?" in text
    year = reported.ends_on.year
    annual, annual_facts = annual_pdf(organisation=reported.organisation, year=year)
    assert annual_facts["measures"]["evaluated"]["met"] >= 1
    assert str(year) in pdf_text(annual)
