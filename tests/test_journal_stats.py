"""`kindlead journal stats`: the numbers a month, the table and the chart."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from kindlead.journal.stats import Month, bar, chart, monthly, one_decimal, table, to_json
from kindlead.journal.store import Entry, add_entry, entries, replace_entry

CET = timezone(timedelta(hours=1))
EST = timezone(timedelta(hours=-5))


def review(on: str, items: dict[str, str], target: str) -> dict[str, Any]:
    return {"date": on, "items": items, "target_status": target, "shaped_by": [], "next": on}


def keep(when: datetime, phrases: Any, reviews: list[dict[str, Any]] | None = None) -> None:
    entry = add_entry({"title": f"plan {when.isoformat()}", "phrases": phrases}, "plan", when)
    if reviews:
        replace_entry(entry, {**entry.meta, "reviews": reviews}, entry.body)


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Entry]:
    """A small journal, written to files and read back (so every number is text).

    January: 3 plans, phrases 3, 0 and unreadable; one reviewed twice, the later review
    listed first. March: 2 plans, one kept late on the 31st in New York (April in UTC).
    """
    monkeypatch.setenv("KINDLEAD_JOURNAL", str(tmp_path / "journal"))
    latest = review(
        "2024-02-01", {"1": "done", "2": "partly", "3": "not_yet", "4": "dropped"}, "yes"
    )
    earlier = review("2024-01-20", {"1": "done", "2": "done", "3": "done", "4": "done"}, "not_yet")
    keep(datetime(2024, 1, 5, 9, tzinfo=CET), 3, [latest, earlier])
    keep(datetime(2024, 1, 9, 9, tzinfo=CET), 0)
    keep(datetime(2024, 1, 31, 23, tzinfo=CET), "several")
    keep(
        datetime(2024, 3, 2, 9, tzinfo=CET),
        1,
        [review("2024-03-09", {"1": "partly", "2": "done"}, "partly")],
    )
    keep(datetime(2024, 3, 31, 23, 30, tzinfo=EST), 2, [review("2024-04-07", {}, "not_yet")])
    found, problems = entries()
    assert problems == []
    assert found[0].meta["phrases"] == 3  # a number, as written
    return found


def test_monthly_numbers(journal: list[Entry]) -> None:
    assert monthly(journal) == [
        # phrases (3 + 0) / 2 readable; items (1 + .5 + 0 + 0) / 4; target yes on 1 of 1
        Month("2024-01", 3, 1.5, 0.375, 1.0),
        Month("2024-02", 0, 0.0, None, None),
        # phrases (1 + 2) / 2; items (.5 + 1) / 2; targets (.5 + 0) / 2
        Month("2024-03", 2, 1.5, 0.75, 0.25),
    ]


def test_monthly_uses_the_latest_review_by_date(journal: list[Entry]) -> None:
    january = monthly(journal[:1])[0]
    assert january.items_done == 0.375  # not 1.0 from the earlier, all-done review
    assert january.targets_happening == 1.0


def test_monthly_without_reviews_has_no_shares(journal: list[Entry]) -> None:
    assert monthly(journal[1:3]) == [Month("2024-01", 2, 0.0, None, None)]


def test_monthly_of_nothing() -> None:
    assert monthly([]) == []


def test_monthly_leaves_out_entries_with_no_date() -> None:
    odd = Entry("x", Path("x.md"), {"id": "x", "created": "someday", "phrases": "2"}, "")
    good = Entry("y", Path("y.md"), {"id": "y", "created": "2024-05-01T10:00:00+00:00"}, "")
    assert monthly([odd, good]) == [Month("2024-05", 1, 0.0, None, None)]


def test_monthly_reads_states_written_by_hand() -> None:
    meta = {
        "id": "x",
        "created": "2024-05-01",
        "phrases": "4.0",
        "reviews": [{"date": "2024-05-08", "items": {"1": "Not yet", "2": "DONE", "3": "?"}}],
    }
    [month] = monthly([Entry("x", Path("x.md"), meta, "")])
    assert month == Month("2024-05", 1, 4.0, 0.5, None)


def render(renderable: Any, width: int = 80) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text().splitlines()


MONTHS = [
    Month("2024-01", 3, 1.5, 0.375, 1.0),
    Month("2024-02", 0, 0.0, None, None),
    Month("2024-03", 12, 0.25, 0.75, 0.25),
]


@pytest.mark.parametrize("ascii_only", [False, True])
def test_table_fits_80_columns_and_writes_every_number(ascii_only: bool) -> None:
    lines = render(table(MONTHS, ascii_only=ascii_only))
    assert all(cell_len(line) <= 80 for line in lines)
    text = "\n".join(lines)
    for header in (
        "Month",
        "Plans",
        "Buy-in phrases a plan",
        "Checklist done",
        "Targets happening",
    ):
        assert header in text
    row = next(line for line in lines if "2024-03" in line)
    assert row.replace("|", " ").split() == ["2024-03", "12", "0.3", "75%", "25%"]
    assert "…" not in text
    if ascii_only:
        assert text.isascii()


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("width", [80, 60])
def test_chart_fits_the_width(ascii_only: bool, width: int) -> None:
    months = [*MONTHS, Month("2024-04", 1000, 12.75, None, None)]
    lines = chart(months, width, ascii_only=ascii_only).plain.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    assert max(cell_len(line) for line in lines) == width  # the longest bar uses it all
    assert chart(months, width, ascii_only=ascii_only).plain.isascii() == ascii_only


def test_chart_shows_numbers_not_only_bars() -> None:
    lines = chart(MONTHS, 80).plain.splitlines()
    assert lines[0] == "Plans kept a month"
    assert lines[1].startswith("2024-01 │") and lines[1].endswith(" 3")
    assert lines[2] == "2024-02 │" + " " * 68 + "  0"
    assert lines[3] == "2024-03 │" + "█" * 68 + " 12"
    assert lines[4] == ""
    assert lines[5] == "Buy-in phrases a plan"
    # numbers three wide here: 67 cells; 0.25 of 1.5 is 11 1/6 cells, 89 eighths
    assert lines[6] == "2024-01 │" + "█" * 67 + " 1.5"
    assert lines[8] == "2024-03 │" + "█" * 11 + "▏" + " " * 55 + " 0.3"


def test_chart_of_nothing() -> None:
    assert chart([], 80).plain == "No plans to chart yet."


def test_chart_with_no_colour_has_no_escape_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    console = Console(width=80, force_terminal=True, record=True, file=io.StringIO())
    console.print(chart(MONTHS, 80))
    styled = console.export_text(styles=True)
    assert "\x1b[3" not in styled  # bold may stay; no foreground colour carries meaning


@pytest.mark.parametrize(
    ("value", "top", "cells", "ascii_only", "expected"),
    [
        (1, 2, 10, False, "█" * 5),
        (2, 2, 10, False, "█" * 10),
        (1, 16, 1, False, "▏"),
        (1, 1000, 10, False, "▏"),  # above zero: a sliver, never nothing
        (3, 8, 1, False, "▍"),
        (0, 5, 10, False, ""),
        (1, 3, 9, True, "###"),
        (1, 1000, 10, True, "#"),
        (0, 0, 10, True, ""),
    ],
)
def test_bar(value: float, top: float, cells: int, ascii_only: bool, expected: str) -> None:
    assert bar(value, top, cells, ascii_only=ascii_only) == expected


@pytest.mark.parametrize(
    ("value", "text"), [(0.25, "0.3"), (1.5, "1.5"), (0.0, "0.0"), (2 / 3, "0.7")]
)
def test_one_decimal_rounds_halves_up(value: float, text: str) -> None:
    assert one_decimal(value) == text


def test_to_json(journal: list[Entry]) -> None:
    data = json.loads(to_json(monthly(journal)))
    assert data["format"] == "kindlead-journal-stats/1"
    assert data["months"][0] == {
        "month": "2024-01",
        "plans": 3,
        "phrases_per_plan": 1.5,
        "items_done": 0.375,
        "targets_happening": 1.0,
    }
    assert data["months"][1]["items_done"] is None


def test_counting_imports_no_rich() -> None:
    code = (
        "import sys\nfrom kindlead.journal import stats\n"
        "stats.to_json(stats.monthly([]))\nprint('rich' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
