"""`kindlead journal export`: redaction, Markdown, JSON and an iCalendar of follow-ups."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from kindlead.journal.export import (
    EXPORT_FORMAT,
    PRODID,
    demote_headings,
    fold,
    ics_text,
    redact,
    to_ics,
    to_json,
    to_markdown,
)
from kindlead.journal.store import Entry, add_entry, entries, replace_entry

WHEN = datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
NOW = datetime(2024, 3, 2, 12, 0, 5, tzinfo=timezone(timedelta(hours=2)))


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "journal"
    monkeypatch.setenv("KINDLEAD_JOURNAL", str(folder))
    return folder


def keep(
    body: str = "# Plan\n\nThe plan.",
    when: datetime = WHEN,
    reviews: list[dict[str, Any]] | None = None,
    **meta: Any,
) -> None:
    """Keep a plan as `reframe` would (and its reviews, as `journal review` would)."""
    entry = add_entry({"title": "A plan", **meta}, body, when)
    if reviews:
        replace_entry(entry, {**entry.meta, "reviews": reviews}, entry.body)


def read(folder: Path) -> list[Entry]:
    """The journal read back from its files: every scalar is text."""
    found, problems = entries(folder)
    assert problems == []
    return found


def person(name: str) -> str:
    return "Person " + hashlib.sha256(name.encode()).hexdigest()[:6]


def whole_word(name: str, text: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


# -- redaction ----------------------------------------------------------------------------

NAMES = ["Ana", "Ben Okafor", "Chloé"]


@pytest.fixture
def named(journal: Path) -> list[Entry]:
    keep(
        title="Rota with Ana and Ben Okafor",
        target="Ana and ben okafor share the on-call rota",
        people=["Ana", "Ben Okafor"],
        checklist=["Ask Ana what she needs", "Thank CHLOÉ for the idea"],
        notes="call Ana on Friday",  # a key kindlead does not know
        body=(
            "# Rota with Ana\n\nAna's idea; ana agreed. BEN  OKAFOR (ben okafor) too.\n"
            "Chloe\u0301 wrote it down.\n"  # the accent decomposed
        ),
        reviews=[
            {
                "date": "2024-03-08",
                "items": {"1": "done", "2": "partly"},
                "target_status": "yes",
                "shaped_by": ["Chloé", "Ana"],
                "heard": "Ben Okafor said Ana's rota works",
                "signals": [{"rule": "buyout.comply", "text": "Ana: we just comply"}],
                "next": "2024-04-05",
            }
        ],
    )
    return read(journal)


def test_redact_replaces_every_listed_name_everywhere(named: list[Entry]) -> None:
    [entry] = redact(named)
    everything = to_json([entry]) + entry.id
    for name in [*NAMES, "Chloe\u0301", "Ben", "Okafor"]:
        assert not whole_word(name, everything), name
    assert entry.people == [person("ana"), person("ben okafor")]
    assert entry.reviews[0]["shaped_by"] == [person("chloé"), person("ana")]
    assert entry.title == f"Rota with {person('ana')} and {person('ben okafor')}"
    assert entry.meta["notes"] == f"call {person('ana')} on Friday"
    assert f"{person('ana')}'s idea; {person('ana')} agreed" in entry.body
    assert f"{person('chloé')} wrote it down" in entry.body


def test_redact_replaces_names_in_the_id(named: list[Entry]) -> None:
    [entry] = redact(named)
    slug = person("ana").lower().replace(" ", "-")
    assert named[0].id == "2024-03-01-rota-with-ana-and-ben-okafor"
    assert entry.id.startswith(f"2024-03-01-rota-with-{slug}-and-person-")
    assert entry.meta["id"] == entry.id
    assert entry.path.name == f"{entry.id}.md"


def test_redact_keeps_kindlead_own_words(named: list[Entry]) -> None:
    [entry] = redact(named)
    original = named[0]
    for key in ("schema", "created", "next_review", "status", "phrases"):
        assert entry.meta.get(key) == original.meta.get(key)
    review, before = entry.reviews[0], original.reviews[0]
    for key in ("date", "items", "target_status", "next"):
        assert review[key] == before[key]
    assert review["signals"][0]["rule"] == "buyout.comply"


def test_redaction_is_stable_across_calls_and_entries(journal: Path) -> None:
    keep(title="One", people=["Ana"], body="Ana leads.")
    keep(
        title="Two",
        body="ANA helped.",
        reviews=[{"date": "2024-03-08", "items": {}, "shaped_by": [" ana "]}],
    )
    journal_entries = read(journal)
    first, second = redact(journal_entries), redact(journal_entries)
    assert first == second
    assert first[0].body.rstrip() == f"{person('ana')} leads."
    assert first[1].body.rstrip() == f"{person('ana')} helped."
    assert first[1].reviews[0]["shaped_by"] == [person("ana")]


def test_redact_with_a_key_gives_other_placeholders(named: list[Entry]) -> None:
    plain, keyed = redact(named)[0], redact(named, key=b"secret")[0]
    assert keyed.people[0] != plain.people[0]
    assert keyed.people[0].startswith("Person ")
    assert keyed.people[0] == redact(named, key=b"secret")[0].people[0]


def with_people(people: list[str], body: str) -> Entry:
    meta = {"id": "2024-03-01-plan", "created": "2024-03-01", "people": people}
    return Entry("2024-03-01-plan", Path("2024-03-01-plan.md"), meta, body)


@pytest.mark.parametrize(
    ("people", "body", "expected"),
    [
        (["Ana"], "Banana bread and analysis.", "Banana bread and analysis."),
        (
            ["Ana"],
            "ANALYSIS, Anastasia, banana_ana, Ana2.",
            "ANALYSIS, Anastasia, banana_ana, Ana2.",
        ),
        (["Ana"], "Ana's idea (ana) - ANA.", "{ana}'s idea ({ana}) - {ana}."),
        (["Ana"], "Ana-Maria", "{ana}-Maria"),
        (["Ana", "Ana Lima"], "Ana Lima and Ana", "{ana lima} and {ana}"),
        (["Ana Lima"], "Ana and Lima", "Ana and Lima"),
        (["Ana Lima"], "Ana\n  Lima", "{ana lima}"),
        (["O'Brien"], "O'Brien's plan", "{o'brien}'s plan"),
        (["Ana"], "Dmitri, not listed, stays.", "Dmitri, not listed, stays."),
        # matched ignoring case, but case-folds to another spelling than the listed one
        (["İpek"], "ipek and İPEK agreed", "{ipek} and {ipek} agreed"),
        ([], "Ana stays when nobody is listed.", "Ana stays when nobody is listed."),
    ],
)
def test_redaction_replaces_whole_names_only(people: list[str], body: str, expected: str) -> None:
    [entry] = redact([with_people(people, body)])
    names = {n: person(n) for n in ("ana", "ana lima", "o'brien")}
    names["ipek"] = person("i\u0307pek")  # "İpek" case-folded
    assert entry.body == expected.format_map(names)


@settings(max_examples=60, deadline=None)
@given(
    name=st.text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=8),
    words=st.lists(st.text("abcdefghijklmnopqrstuvwxyz.,'", max_size=8), max_size=6),
)
def test_no_listed_name_survives_as_a_word(name: str, words: list[str]) -> None:
    assume(name.lower() != "person")
    body = " ".join([*words, name, name.upper(), *words])
    [entry] = redact([with_people([name], body)])
    placeholder_digits = person(name.lower()).split()[1]
    assume(not whole_word(name, placeholder_digits))
    assert not whole_word(name, entry.body)


# -- Markdown -----------------------------------------------------------------------------


def headings(markdown: str) -> list[tuple[int, str]]:
    tokens = MarkdownIt().parse(markdown)
    return [
        (int(t.tag[1]), tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    ]


def test_markdown_export_nests_each_plan_under_its_heading(journal: Path) -> None:
    keep(title="Rota", body="# Rota\n\n## Target\n\nShare it.\n\n## Review, 2024-03-08\n\nok")
    keep(title="Hiring", when=WHEN + timedelta(days=40), body="Just text.")
    second = read(journal)[1]
    replace_entry(second, {**second.meta, "status": "closed"}, second.body)
    text = to_markdown(read(journal))
    assert headings(text) == [
        (1, "kindlead journal"),
        (2, "Rota (2024-03-01-rota)"),
        (3, "Rota"),
        (4, "Target"),
        (4, "Review, 2024-03-08"),
        (2, "Hiring (2024-04-10-hiring)"),
    ]
    assert "- Kept: 2024-03-01\n- Next follow-up: 2024-03-08\n" in text
    assert "- Kept: 2024-04-10\n- Next follow-up: none (closed)\n" in text
    assert "Share it." in text
    assert "Just text." in text


def test_markdown_export_escapes_the_title() -> None:
    entry = Entry("2024-03-01-x", Path("x.md"), {"title": "# *Big* [link](x)"}, "")
    assert headings(to_markdown([entry]))[1] == (2, "\\# \\*Big\\* \\[link\\](x) (2024-03-01-x)")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("# A\n\n## B\n\n###### F", "### A\n\n#### B\n\n###### F"),
        ("## Only twos\n\ntext", "### Only twos\n\ntext"),
        ("Setext\n======\n\nTwo\n---\n\n- item\n---", "### Setext\n\n#### Two\n\n- item\n---"),
        ("```\n# code, not a heading\n```\n# Real", "```\n# code, not a heading\n```\n### Real"),
        ("~~~~\n```\n# still code\n~~~~\n#no space", "~~~~\n```\n# still code\n~~~~\n#no space"),
        ("text only", "text only"),
    ],
)
def test_demote_headings(body: str, expected: str) -> None:
    assert demote_headings(body, 3) == expected


# -- JSON ---------------------------------------------------------------------------------


def test_json_export_round_trips(named: list[Entry]) -> None:
    data = json.loads(to_json(named))
    assert data["format"] == EXPORT_FORMAT == "kindlead-journal-export/1"
    assert [(e["id"], e["meta"], e["body"]) for e in data["entries"]] == [
        (e.id, e.meta, e.body) for e in named
    ]


def test_json_export_writes_dates_as_text() -> None:
    meta = {
        "id": "2024-03-01-x",
        "created": datetime(2024, 3, 1, 9, tzinfo=UTC),
        "d": date(2024, 3, 8),
    }
    [out] = json.loads(to_json([Entry("2024-03-01-x", Path("x.md"), meta, "body")]))["entries"]
    assert out["meta"]["created"] == "2024-03-01T09:00:00+00:00"
    assert out["meta"]["d"] == "2024-03-08"


# -- iCalendar ----------------------------------------------------------------------------

LONG_TITLE = "Rota, on-call; and the café’s hours — Zoë, Łukasz, 東京チーム, and 😀 " * 2


@pytest.fixture
def calendar_journal(journal: Path) -> list[Entry]:
    keep(title=LONG_TITLE.strip(), target="Share the rota, fairly; as a team\nfrom May")
    keep(title="Closed one", when=WHEN + timedelta(days=1))
    keep(title="No follow-up", when=WHEN + timedelta(days=2))
    found = read(journal)
    replace_entry(found[1], {**found[1].meta, "status": "closed"}, found[1].body)
    replace_entry(found[2], {**found[2].meta, "next_review": None}, found[2].body)
    return read(journal)


def test_ics_has_one_todo_per_open_follow_up(calendar_journal: list[Entry]) -> None:
    calendar = icalendar.Calendar.from_ical(to_ics(calendar_journal, NOW))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    [todo] = calendar.walk("VTODO")
    entry = calendar_journal[0]
    assert str(todo["UID"]) == f"{entry.id}-2024-03-08@kindlead"
    assert todo.decoded("DUE") == date(2024, 3, 8)
    assert todo.decoded("DTSTAMP") == datetime(2024, 3, 2, 10, 0, 5, tzinfo=UTC)
    assert str(todo["SUMMARY"]) == f"Review: {LONG_TITLE.strip()}"
    assert str(todo["STATUS"]) == "NEEDS-ACTION"
    description = str(todo["DESCRIPTION"])
    assert "Share the rota, fairly; as a team\nfrom May" in description
    assert f"kindlead journal review {entry.id}" in description


def test_ics_lines_are_escaped_folded_and_crlf(calendar_journal: list[Entry]) -> None:
    raw = to_ics(calendar_journal, NOW).encode("utf-8")
    assert raw.endswith(b"\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    for line in lines:
        line.decode("utf-8")  # no line ends inside a character
    assert any(line.startswith(b" ") for line in lines)
    unfolded = raw.replace(b"\r\n ", b"").decode()
    assert "SUMMARY:Review: Rota\\, on-call\\; and the café’s hours" in unfolded
    assert "DESCRIPTION:Target: Share the rota\\, fairly\\; as a team\\nfrom May\\n" in unfolded
    assert "DUE;VALUE=DATE:20240308\r\n" in unfolded


def test_ics_with_no_follow_ups_is_still_a_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(to_ics([], NOW))
    assert calendar.walk("VTODO") == []
    assert str(calendar["PRODID"]) == PRODID


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a,b;c\\d", "a\\,b\\;c\\\\d"),
        ("one\ntwo\r\nthree", "one\\ntwo\\nthree"),
        ("bell\x07 esc\x1b[31m", "bell\\\\x07 esc\\\\x1b[31m"),
    ],
)
def test_ics_text_escapes(value: str, expected: str) -> None:
    assert ics_text(value) == expected


@pytest.mark.parametrize("text", ["a" * 200, "é" * 100, "😀" * 60, "x" + "東" * 80, ""])
def test_fold_keeps_lines_short_and_characters_whole(text: str) -> None:
    folded = fold(text).encode("utf-8")
    parts = folded.split(b"\r\n")
    assert all(len(p) <= 75 for p in parts)
    assert all(p.startswith(b" ") for p in parts[1:])
    assert all(p.decode("utf-8") for p in parts if p)
    assert folded.replace(b"\r\n ", b"").decode() == text
    assert len(parts) > 1 or len(text.encode()) <= 75


def test_export_imports_no_rich() -> None:
    code = (
        "import sys\nfrom kindlead.journal import export\nfrom pathlib import Path\n"
        "e = export.Entry('2024-01-01-x', Path('x.md'), {'title': 'x'}, '# x')\n"
        "export.to_markdown(export.redact([e]))\nprint('rich' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
