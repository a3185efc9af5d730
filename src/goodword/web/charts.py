"""Server-rendered SVG charts: a person's interactions over time and how fast they answer.

The functions here only do geometry: they turn a page's data into shapes
with coordinates, and ``templates/chart.html`` draws them (autoescaped, so a
stranger's subject line in a tooltip stays text). No JavaScript is needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from goodword.web.browser import MonthCount, ReplyPoint

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 28
# Reply latency is drawn on a log scale from a minute to the 30 days after which it is no reply.
MIN_HOURS, MAX_HOURS = 1 / 60, 30 * 24
TICKS = ((1.0, "1 h"), (24.0, "1 day"), (168.0, "1 week"), (720.0, "30 days"))


@dataclass(frozen=True, slots=True)
class Rect:
    """A bar (or part of a stacked one)."""

    x: float
    y: float
    width: float
    height: float
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class Dot:
    """A point; ``kind`` "missed" draws it as a cross in the no-reply band."""

    x: float
    y: float
    kind: str
    title: str


@dataclass(frozen=True, slots=True)
class Label:
    """Axis text."""

    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclass(frozen=True, slots=True)
class Line:
    """A grid or axis line."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True, slots=True)
class Chart:
    """Everything a chart template needs; ``summary`` says the same in words."""

    id: str
    title: str
    summary: str
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[Rect] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing to draw."""
        return not self.rects and not self.dots


def _plot_box() -> tuple[float, float, float, float]:
    return LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM


def timeline(months: list[MonthCount]) -> Chart:
    """Stacked monthly bars: messages from you, to you, and in groups."""
    total = sum(m.from_me + m.to_me + m.group for m in months)
    chart = Chart(
        id="timeline",
        title="Interactions per month",
        summary=(
            f"{total} interactions over {len(months)} months"
            if months
            else "no interactions recorded"
        ),
        legend=[("from-me", "from you"), ("to-me", "to you"), ("group", "in a group")],
    )
    if not months:
        return chart
    left, top, width, height = _plot_box()
    peak = max(m.from_me + m.to_me + m.group for m in months) or 1
    step = width / len(months)
    bar = max(1.0, step * 0.8)
    for i, month in enumerate(months):
        x = left + i * step + (step - bar) / 2
        base = top + height
        for kind, count in (
            ("from-me", month.from_me),
            ("to-me", month.to_me),
            ("group", month.group),
        ):
            if not count:
                continue
            h = height * count / peak
            base -= h
            label = f"{month.month:%B %Y}: {count} {dict(chart.legend)[kind]}"
            chart.rects.append(
                Rect(round(x, 1), round(base, 1), round(bar, 1), round(h, 1), kind, label)
            )
        if month.month.month == 1 or i == 0:
            chart.labels.append(Label(round(x + bar / 2, 1), HEIGHT - 8, f"{month.month.year}"))
    chart.labels.append(Label(left - 6, top + 8, str(peak), "end"))
    chart.labels.append(Label(left - 6, top + height, "0", "end"))
    chart.lines.append(Line(left, top + height, left + width, top + height))
    return chart


def _latency_y(hours: float, top: float, height: float) -> float:
    clamped = min(max(hours, MIN_HOURS), MAX_HOURS)
    share = math.log(clamped / MIN_HOURS) / math.log(MAX_HOURS / MIN_HOURS)
    return top + height * (1 - share)


def latency(points: list[ReplyPoint]) -> Chart:
    """How long each answer took (log scale), over time; unanswered messages as crosses on top."""
    answered = [p for p in points if p.hours is not None]
    summary = (
        f"{len(answered)} of {len(points)} direct messages answered"
        if points
        else "no direct messages of yours to judge"
    )
    chart = Chart(
        id="latency",
        title="How fast they answer",
        summary=summary,
        legend=[("answered", "answered (time to reply)"), ("missed", "no reply within 30 days")],
    )
    if not points:
        return chart
    left, top, width, height = _plot_box()
    band = 16.0  # the no-reply band above the plot
    plot_top, plot_height = top + band, height - band
    first = min(p.asked_at for p in points)
    last = max(p.asked_at for p in points)
    span = (last - first).total_seconds() or 1.0

    def x_of(moment: datetime) -> float:
        return round(left + width * (moment - first).total_seconds() / span, 1)

    for tick, text in TICKS:
        y = round(_latency_y(tick, plot_top, plot_height), 1)
        chart.lines.append(Line(left, y, left + width, y))
        chart.labels.append(Label(left - 6, y + 4, text, "end"))
    chart.labels.append(Label(left - 6, top + 10, "none", "end"))
    for point in points:
        when = f"{point.asked_at:%d %b %Y}"
        if point.hours is None:
            chart.dots.append(Dot(x_of(point.asked_at), top + 6, "missed", f"{when}: no reply"))
        else:
            y = round(_latency_y(point.hours, plot_top, plot_height), 1)
            chart.dots.append(
                Dot(
                    x_of(point.asked_at),
                    y,
                    "answered",
                    f"{when}: answered in {hours_text(point.hours)}",
                )
            )
    years = sorted({p.asked_at.year for p in points})
    for year in years:
        moment = max(first, datetime(year, 1, 1, tzinfo=first.tzinfo))
        chart.labels.append(Label(x_of(moment), HEIGHT - 8, str(year)))
    return chart


def hours_text(hours: float) -> str:
    """``45 min``, ``3.2 h``, ``2.5 days``."""
    if hours < 1:
        return f"{max(1, round(hours * 60))} min"
    if hours < 48:
        return f"{hours:.1f} h"
    return f"{hours / 24:.1f} days"
