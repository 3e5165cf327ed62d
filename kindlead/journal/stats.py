"""A look back over the months: plans kept, buy-in phrases, what the reviews found.

`monthly` counts; `table` and `chart` draw (rich is imported only there); `to_json` is
for scripts. A plan counts in the month it was kept (the date in its ``created``, as
written, in the leader's own time zone), with what its latest review found, whenever
that review was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from kindlead.journal.store import Entry, parse_date
from kindlead.textsafe import json_dumps

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

STATS_FORMAT = "kindlead-journal-stats/1"
#: How much of a checklist item a review's state counts as done.
ITEM_DONE = {"done": 1.0, "partly": 0.5, "not_yet": 0.0, "dropped": 0.0}
#: How much a review's answer to "is the target happening?" counts as happening.
TARGET_HAPPENING = {"yes": 1.0, "partly": 0.5, "not_yet": 0.0}
_EIGHTHS = " ▏▎▍▌▋▊▉"


class Month(NamedTuple):
    """One calendar month of the journal."""

    month: str
    """``YYYY-MM``."""
    plans: int
    """Plans kept in the month."""
    phrases_per_plan: float
    """Buy-in phrases found a plan, over the plans that record how many (0.0 if none)."""
    items_done: float | None
    """Share (0..1) of the checklist items the plans' latest reviews found done, partly
    done counting half and dropped as not done; None when no item was reviewed."""
    targets_happening: float | None
    """Share (0..1) of reviewed plans whose target is happening (partly counts half), by
    each plan's latest review; None when no plan of the month was reviewed."""


def _state(value: Any) -> str:
    if value is True:  # `yes` read by a YAML 1.1 reader
        return "yes"
    return "_".join(str(value).strip().lower().replace("-", " ").split())


def _count(value: Any) -> int | None:
    """A non-negative whole number read back from text ("3"), or None."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    return int(number) if number >= 0 and number.is_integer() else None


def latest_review(entry: Entry) -> dict[str, Any] | None:
    """The review with the latest date (the later in the file on the same date)."""
    reviews = list(enumerate(entry.reviews))
    if not reviews:
        return None
    return max(reviews, key=lambda r: (parse_date(r[1].get("date")) or date.min, r[0]))[1]


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    out = []
    while (key := f"{year:04d}-{month:02d}") <= last:
        out.append(key)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def monthly(entries: Sequence[Entry]) -> list[Month]:
    """Every month from the first plan kept to the last (months with none included),
    oldest first. Entries whose ``created`` is not a date are left out."""
    by_month: dict[str, list[Entry]] = {}
    for entry in entries:
        kept = parse_date(entry.created)
        if kept is not None:
            by_month.setdefault(f"{kept.year:04d}-{kept.month:02d}", []).append(entry)
    if not by_month:
        return []
    every = _month_range(min(by_month), max(by_month))
    return [_month(key, by_month.get(key, [])) for key in every]


def _month(key: str, plans: list[Entry]) -> Month:
    phrases = [n for n in (_count(e.meta.get("phrases")) for e in plans) if n is not None]
    items: list[float] = []
    targets: list[float] = []
    for entry in plans:
        review = latest_review(entry)
        if review is None:
            continue
        states = review.get("items")
        if isinstance(states, dict):
            items += [ITEM_DONE[s] for s in map(_state, states.values()) if s in ITEM_DONE]
        target = _state(review.get("target_status"))
        if target in TARGET_HAPPENING:
            targets.append(TARGET_HAPPENING[target])
    return Month(
        month=key,
        plans=len(plans),
        phrases_per_plan=sum(phrases) / len(phrases) if phrases else 0.0,
        items_done=sum(items) / len(items) if items else None,
        targets_happening=sum(targets) / len(targets) if targets else None,
    )


# -- drawing ------------------------------------------------------------------------------


def whole(value: float) -> str:
    return f"{value:.0f}"


def one_decimal(value: float) -> str:
    """`value` to one decimal, halves rounded up (0.25 is 0.3, as a reader expects)."""
    from decimal import ROUND_HALF_UP, Decimal

    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _share(value: float | None, ascii_only: bool) -> str:
    if value is None:
        return "-" if ascii_only else "–"
    return f"{value:.0%}"


def table(months: Sequence[Month], *, ascii_only: bool = False) -> Table:
    """The months as a table: every number written out, nothing told by colour alone."""
    from rich import box
    from rich.table import Table

    grid = Table(
        title="Plans by month",
        caption="Done and happening: each plan's latest review; partly counts half.",
        box=box.ASCII if ascii_only else box.SIMPLE_HEAD,
        safe_box=ascii_only,
    )
    grid.add_column("Month", no_wrap=True)
    grid.add_column("Plans", justify="right")
    grid.add_column("Buy-in phrases a plan", justify="right")
    grid.add_column("Checklist done", justify="right")
    grid.add_column("Targets happening", justify="right")
    for m in months:
        grid.add_row(
            m.month,
            str(m.plans),
            one_decimal(m.phrases_per_plan) if m.plans else _share(None, ascii_only),
            _share(m.items_done, ascii_only),
            _share(m.targets_happening, ascii_only),
        )
    return grid


def bar(value: float, top: float, cells: int, *, ascii_only: bool = False) -> str:
    """`value` as a bar of at most `cells` characters, `top` filling them all; a value
    above zero always shows at least a sliver."""
    if value <= 0 or top <= 0 or cells <= 0:
        return ""
    if ascii_only:
        return "#" * min(cells, max(1, round(value / top * cells)))
    eighths = min(cells * 8, max(1, round(value / top * cells * 8)))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def chart(months: Sequence[Month], width: int = 80, *, ascii_only: bool = False) -> Text:
    """Two small horizontal bar charts, plans kept a month and buy-in phrases a plan,
    each line within `width` columns with its number written at the end of the bar.
    `ascii_only` draws with ``#`` and ``|`` for terminals without block characters."""
    from rich.text import Text

    out = Text()
    if not months:
        out.append("No plans to chart yet.")
        return out
    rule = "|" if ascii_only else "│"
    series = (
        ("Plans kept a month", [float(m.plans) for m in months], whole),
        ("Buy-in phrases a plan", [m.phrases_per_plan for m in months], one_decimal),
    )
    for n, (title, values, fmt) in enumerate(series):
        labels = [fmt(v) for v in values]
        label_width = max(len(label) for label in labels)
        # "YYYY-MM │" + bar + " " + number
        cells = max(1, width - len("YYYY-MM ") - len(rule) - 1 - label_width)
        top = max(values)
        if n:
            out.append("\n")
        out.append(title, style="bold")
        out.append("\n")
        for m, value, label in zip(months, values, labels, strict=True):
            drawn = bar(value, top, cells, ascii_only=ascii_only)
            out.append(f"{m.month} {rule}{drawn:<{cells}} {label:>{label_width}}\n")
    out.rstrip()
    return out


def to_json(months: Sequence[Month]) -> str:
    """``{"format": "kindlead-journal-stats/1", "months": [{...}]}``, shares as 0..1."""

    def share(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    data = {
        "format": STATS_FORMAT,
        "months": [
            {
                "month": m.month,
                "plans": m.plans,
                "phrases_per_plan": round(m.phrases_per_plan, 4),
                "items_done": share(m.items_done),
                "targets_happening": share(m.targets_happening),
            }
            for m in months
        ],
    }
    return json_dumps(data, indent=2) + "\n"
