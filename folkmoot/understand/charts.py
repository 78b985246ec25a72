"""SVG bar charts (matplotlib) of published figures. Every chart sits beside a table with the same numbers."""

from __future__ import annotations

import base64
import io
import textwrap

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

NHS_BLUE = "#005eb8"
NHS_DARK = "#212b32"
NHS_GREY = "#768692"
NHS_WARM_YELLOW = "#ffb81c"
plt.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, and selectable
        "svg.hashsalt": "folkmoot",  # same chart, same bytes
        "font.family": "sans-serif",
        "font.sans-serif": ["Arial", "Liberation Sans", "DejaVu Sans"],
        "font.size": 10,
    }
)


def bar_chart(
    labels: list[str],
    values: list[float | None],
    *,
    second: list[float | None] | None = None,
    second_name: str = "",
    first_name: str = "",
    unit: str = "%",
) -> str:
    """A horizontal bar chart as a data: URI. None draws no bar and is labelled '*' (hidden)."""
    height = 0.5 + 0.42 * len(labels) * (1.6 if second else 1)
    figure, axes = plt.subplots(figsize=(6.2, max(1.4, height)))
    wrapped = ["\n".join(textwrap.wrap(label, 34)[:3]) for label in labels]
    positions = list(range(len(labels)))[::-1]
    bar = 0.38 if second else 0.7
    shift = bar / 2 if second else 0
    series = [(values, NHS_BLUE, first_name, shift)]
    if second:
        series.append((second, NHS_WARM_YELLOW, second_name, -shift))
    top = max([v for s in series for v in s[0] if v is not None] or [1]) or 1
    for data, colour, name, offset in series:
        ys = [p + offset for p in positions]
        widths = [v or 0 for v in data]
        axes.barh(ys, widths, height=bar, color=colour, label=name or None)
        for y, v in zip(ys, data, strict=True):
            text = "*" if v is None else (f"{v:.0f}{unit}" if unit == "%" else f"{v:g}")
            axes.text((v or 0) + top * 0.01, y, text, va="center", fontsize=9, color=NHS_DARK)
    axes.set_yticks(positions, wrapped)
    axes.set_xlim(0, top * 1.15)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(axis="y", length=0)
    axes.set_xlabel("Per cent of people who answered" if unit == "%" else "People")
    if second:
        axes.legend(loc="lower right", frameon=False, fontsize=9)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
