"""Small matplotlib charts as SVG text, embedded in the report HTML (WeasyPrint draws SVG natively)."""

from __future__ import annotations

import io
import re
import uuid

from markupsafe import Markup

NHS_BLUE = "#005eb8"


def bar_svg(values: dict[str, int | str], *, title: str) -> Markup | None:
    """A horizontal bar chart of published counts; suppressed ("*") bars are drawn as zero and labelled "*"."""
    if not values:
        return None
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = list(values)
    numbers = [v if isinstance(v, int) else 0 for v in values.values()]
    fig, ax = plt.subplots(figsize=(6, 0.45 * len(labels) + 0.9))
    try:
        svg = _draw(fig, ax, labels, numbers, values, title)
    finally:
        plt.close(fig)
    return Markup(_unique_ids(svg[svg.index("<svg") :]))


_ID_REF = re.compile(r'(id="|url\(#|href="#)([^")]+)')


def _unique_ids(svg: str) -> str:
    """Prefix every id and reference: matplotlib reuses ids ("axes_1") so two inline charts would clash."""
    prefix = f"c{uuid.uuid4().hex[:8]}-"
    return _ID_REF.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)


def _draw(fig, ax, labels, numbers, values, title) -> str:
    ax.barh(labels, numbers, color=NHS_BLUE)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=10, loc="left")
    for index, value in enumerate(values.values()):
        ax.text(numbers[index], index, f" {value}", va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    return buffer.getvalue()
