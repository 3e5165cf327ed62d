"""Answer gathering and validation: every source, precedence, conditions, all-at-once errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindlead import answers as A
from kindlead.errors import AnswerError, InputFileError, Mark
from kindlead.promptsets.catalog import builtin_dir
from kindlead.promptsets.loader import load_prompt_set
from kindlead.promptsets.model import Answer, PromptSet, Question
from kindlead.promptsets.template import parse_template


def load(name: str) -> PromptSet:
    return load_prompt_set(builtin_dir() / f"{name}.yaml")


def question(qtype: str = "text", **kw: object) -> Question:
    return Question(id="q", prompt=parse_template("?"), type=qtype, **kw)  # type: ignore[arg-type]


def messages(e: pytest.ExceptionInfo[AnswerError]) -> list[str]:
    return [str(p) for p in e.value.problems]


COERCE_CASES = [
    # (question, raw, answer)
    (question(), "  Releases on Tuesdays ", "Releases on Tuesdays"),
    (question(), "no", "no"),
    (question(), "1.10", "1.10"),
    (question(), "", None),
    (question("multiline"), "line one\n  line two\n\n", "line one\n  line two"),
    (question("confirm"), "Yes", True),
    (question("confirm"), "n", False),
    (question("confirm"), "off", False),
    (question("choice", choices=("idea", "feedback")), "Feedback", "feedback"),
    (question("list"), ("a", " ", " b "), ("a", "b")),
    (question("list"), "just one", ("just one",)),
    (question("list"), (), ()),
]


@pytest.mark.parametrize(("q", "raw", "expected"), COERCE_CASES)
def test_coerce_accepts(q: Question, raw: str | tuple[str, ...], expected: Answer) -> None:
    assert A.coerce(q, raw) == (expected, None)


COERCE_ERRORS = [
    (question(required=True), "   ", "is required"),
    (question("confirm"), "maybe", "takes yes or no, not 'maybe'"),
    (question("choice", choices=("idea", "feedback")), "2", "takes one of: idea, feedback"),
    (question("list", min_items=2), ("one",), "needs at least 2 items, got 1"),
    (question("list", required=True), (), "needs at least one item"),
    (question(), ("a", "b"), "takes one answer, not a list of 2"),
]


@pytest.mark.parametrize(("q", "raw", "problem"), COERCE_ERRORS)
def test_coerce_rejects(q: Question, raw: str | tuple[str, ...], problem: str) -> None:
    value, said = A.coerce(q, raw)
    assert value is None
    assert said is not None and said.startswith(problem)


def test_repeating_a_list_option_appends() -> None:
    given = A.parse_options(["people=Ana", "people=Raj", "target=x"], load("cooperation"))
    assert given["people"].value == ("Ana", "Raj")


def test_repeating_a_text_option_keeps_the_last() -> None:
    given = A.parse_options(["target=first", "target=second"], load("cooperation"))
    assert given["target"].value == "second"


def test_an_option_value_may_contain_equals_signs() -> None:
    given = A.parse_options(["target=a=b"], load("cooperation"))
    assert given["target"].value == "a=b"


def test_options_without_equals_are_all_reported() -> None:
    given = A.parse_options(["target", "=x", "people=ok"], load("cooperation"))
    assert list(given) == ["people"]
    with pytest.raises(AnswerError) as e:
        given.raise_problems()
    assert len(e.value.problems) == 2
    assert all("ID=VALUE" in m for m in messages(e))


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_file_values_are_taken_as_written(tmp_path: Path) -> None:
    given = A.load_file(write(tmp_path, "target: no\nfirst_step: 1.10\nmutual_benefit: yes\n"))
    assert {k: g.value for k, g in given.items()} == {
        "target": "no",
        "first_step": "1.10",
        "mutual_benefit": "yes",
    }


def test_file_lists_and_empty_values(tmp_path: Path) -> None:
    given = A.load_file(write(tmp_path, "people: [Ana, Raj]\nteam_ideas: one idea\nconcerns:\n"))
    assert given["people"].value == ("Ana", "Raj")
    assert given["team_ideas"].value == "one idea"
    assert "concerns" not in given  # empty counts as not given


@pytest.mark.parametrize("empty", ["", " ~", " null", " []"])
def test_an_empty_list_counts_as_not_given(tmp_path: Path, empty: str) -> None:
    given = A.load_file(write(tmp_path, f"people:{empty}\nquestions_to_ask:{empty}\n"))
    assert given == {}


def test_an_empty_list_lets_the_default_apply(tmp_path: Path) -> None:
    prompt_set = load("one-on-one")
    path = write(tmp_path, "person: Ana\ntopic: t\ntarget: x\nquestions_to_ask: []\n")
    got = A.gather_scripted(prompt_set, A.validate(prompt_set, A.load_file(path)))
    assert got.answers["questions_to_ask"] == prompt_set.question("questions_to_ask").default  # type: ignore[union-attr]


def test_an_empty_list_for_a_required_question_is_reported_as_missing(tmp_path: Path) -> None:
    prompt_set = load("cooperation")
    path = write(tmp_path, "people: []\n")
    with pytest.raises(AnswerError) as e:
        A.gather_scripted(prompt_set, A.validate(prompt_set, A.load_file(path)))
    assert any("missing answer for 'people'" in m for m in messages(e))


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_file_answers_have_their_line_endings_normalised(tmp_path: Path, newline: str) -> None:
    body = 'plan: "one\\r\\ntwo"\npeople:\n  - "a\\rb"\ntarget: |\n  x\n  y\n'
    path = tmp_path / "a.yaml"
    path.write_bytes(body.replace("\n", newline).encode())
    given = A.load_file(path)
    assert given["plan"].value == "one\ntwo"
    assert given["people"].value == ("a\nb",)
    assert given["target"].value == "x\ny\n"


def test_option_answers_have_their_line_endings_normalised() -> None:
    got = A.parse_options(["plan=one\r\ntwo\rthree", "people=a\r\nb"], load("cooperation"))
    assert got["plan"].value == "one\ntwo\nthree"
    assert got["people"].value == ("a\nb",)


@pytest.mark.parametrize(
    ("mark", "message"),
    [
        ("<stdin>", "standard input was empty: expected the text of your plan"),
        ("plan.md", "plan.md: the plan file is empty: expected the text of your plan"),
    ],
)
def test_an_empty_plan_says_where_it_came_from(mark: str, message: str) -> None:
    given = {"plan": A.Given("  \n", A.FROM_PLAN, Mark(mark))}
    checked = A.validate(load("cooperation"), given)
    assert [str(p) for p in checked.problems] == [message]


RECORDS: list[dict[str, Answer]] = [
    {"plan": "I need  buy-in\n\n  indented\nlast line  ", "target": "no", "first_step": "1.10"},
    {"people": ("a: b", "- c", "  leading", "#x", "[bold]", "“quoted” é"), "concerns": ("yes",)},
    {"plan": "\x1b[31mred\ttab", "target": " lead", "team_ideas": ("x",)},
    {"plan": "NEL\x85LS\u2028PS\u2029end", "people": ("a\x85b",)},
]


@pytest.mark.parametrize("answers", RECORDS)
def test_dumped_answers_read_back_exactly(tmp_path: Path, answers: dict[str, Answer]) -> None:
    path = write(tmp_path, A.dump(answers, "a header\n\nover lines"))
    assert {k: g.value for k, g in A.load_file(path).items()} == answers


def test_dump_writes_block_strings_and_yes_no_words(tmp_path: Path) -> None:
    out = A.dump({"plan": "one\ntwo", "remote": True, "none": None, "empty": ()})
    assert out == "plan: |-\n  one\n  two\nremote: |-\n  yes\n"


def test_json_answers_file(tmp_path: Path) -> None:
    path = write(tmp_path, '{"target": "no", "people": ["Ana"]}', "a.json")
    assert {k: g.value for k, g in A.load_file(path).items()} == {
        "target": "no",
        "people": ("Ana",),
    }


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("target:\n  nested: map\n", ":2:3:", "not a mapping"),
        ("people:\n  - ok\n  - [deep]\n", ":2:3:", "nested entry"),
        ("- just\n- a list\n", ":1:1:", "must be a mapping"),
    ],
)
def test_file_shape_problems_are_located(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    with pytest.raises(AnswerError) as e:
        A.load_file(write(tmp_path, text)).raise_problems()
    (only,) = messages(e)
    assert where in only and message in only


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"target: caf\xe9\n", "not UTF-8"),
        (b"a: [\n", "invalid YAML"),
        (b"a: 1\na: 2\n", "duplicate"),
    ],
)
def test_unreadable_files_are_clean_errors(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    with pytest.raises(InputFileError) as e:
        A.load_file(path)
    assert message in str(e.value)


def test_a_missing_answers_file_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such answers file"):
        A.load_file(tmp_path / "nope.yaml")


PLAN = A.Given("the plan text", A.FROM_PLAN)
FILE = {"plan": A.Given("from the file", A.FROM_FILE), "target": A.Given("t-file", A.FROM_FILE)}
OPTS = {"plan": A.Given("from --answer", A.FROM_OPTION)}


@pytest.mark.parametrize(
    ("options", "from_file", "plan", "expected"),
    [
        ({}, {}, PLAN, "the plan text"),
        ({}, FILE, PLAN, "from the file"),
        (OPTS, FILE, PLAN, "from --answer"),
        (OPTS, {}, None, "from --answer"),
    ],
)
def test_precedence(
    options: dict[str, A.Given], from_file: dict[str, A.Given], plan: A.Given | None, expected: str
) -> None:
    assert A.merge(options, from_file, plan, "plan")["plan"].value == expected


def test_an_option_for_a_list_replaces_the_file_list() -> None:
    merged = A.merge(
        {"people": A.Given(("Raj",), A.FROM_OPTION)},
        {"people": A.Given(("Ana", "Bo"), A.FROM_FILE)},
        None,
        None,
    )
    assert merged["people"].value == ("Raj",)


@pytest.mark.parametrize(
    ("name", "plan_id"),
    [("cooperation", "plan"), ("onboarding", "how_we_cooperate"), ("one-on-one", "topic")],
)
def test_the_plan_question_of_each_builtin_set(name: str, plan_id: str) -> None:
    q = A.plan_question(load(name))
    assert q is not None and q.id == plan_id


def test_validation_reports_every_problem_with_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, "target: ''\nbogus: 1\npeople: ['']\nfirst_step: [a, b]\n")
    checked = A.validate(load("cooperation"), A.load_file(path))
    found = sorted(str(p) for p in checked.problems)
    assert len(found) == 4
    assert any(":1:9: 'target' is required" in m for m in found)
    assert any(":2:1:" in m and "unknown question id 'bogus'" in m for m in found)
    assert any(":3:9: 'people' needs at least 1 item" in m for m in found)
    assert any(":4:13: 'first_step' takes one answer" in m for m in found)


COMPLETE: dict[str, Answer] = {
    "plan": "I need their buy-in",
    "target": "weekly releases",
    "people": ("Ana",),
    "team_ideas": ("Wei's checklist",),
    "mutual_benefit": "calmer weeks",
}


def known(values: dict[str, Answer], source: str = A.FROM_OPTION) -> dict[str, A.Known]:
    return {k: A.Known(v, source) for k, v in values.items()}


def test_defaults_fill_what_is_not_given() -> None:
    got = A.walk(load("cooperation"), known(COMPLETE))
    assert got.answers["first_step"] == load("cooperation").question("first_step").default  # type: ignore[union-attr]
    assert got.sources["first_step"] == "default"
    assert got.answers["concerns"] == ()


def test_every_missing_required_answer_is_reported_at_once() -> None:
    with pytest.raises(AnswerError) as e:
        A.walk(load("cooperation"), known({"people": ("Ana",)}))
    ids = [m.split("'")[1] for m in messages(e)]
    assert ids == ["plan", "target", "team_ideas", "mutual_benefit"]


def test_the_missing_plan_mentions_the_plan_argument() -> None:
    with pytest.raises(AnswerError) as e:
        A.walk(load("cooperation"), known({k: v for k, v in COMPLETE.items() if k != "plan"}))
    assert "PLAN argument" in messages(e)[0]


def test_invalid_and_missing_answers_are_reported_together() -> None:
    ps = load("cooperation")
    checked = A.validate(ps, {"target": A.Given("  ", A.FROM_OPTION)})
    with pytest.raises(AnswerError) as e:
        A.gather_scripted(ps, checked)
    found = messages(e)
    assert "'target' is required" in found
    assert not any("missing answer for 'target'" in m for m in found)  # said once
    assert any("missing answer for 'plan'" in m for m in found)


ONBOARDING: dict[str, Answer] = {
    "newcomer": "Sam",
    "team_targets": ("fast reviews",),
    "ideas_we_build_on": ("Priya's rota",),
    "how_we_cooperate": "we decide in the Monday meeting",
    "first_week": "fix a small bug",
}


@pytest.mark.parametrize(("remote", "asked"), [(True, True), (False, False)])
def test_a_condition_decides_whether_a_question_applies(remote: bool, asked: bool) -> None:
    got = A.walk(load("onboarding"), known({**ONBOARDING, "remote": remote}))
    assert ("remote_rituals" in got.answers) is asked


def test_an_answer_for_a_skipped_question_is_dropped_with_a_note() -> None:
    values: dict[str, Answer] = {
        **ONBOARDING,
        "remote": False,
        "remote_rituals": ("async standups",),
    }
    got = A.walk(load("onboarding"), known(values, A.FROM_FILE))
    assert "remote_rituals" not in got.answers
    (note,) = got.notes
    assert "'remote_rituals' from --answers is not used" in note
    assert "only when 'remote' is yes" in note


def test_walk_asks_only_what_is_not_known() -> None:
    asked: list[str] = []

    def ask(q: Question, number: int, total: int, answers: object) -> Answer:
        asked.append(f"{q.id} {number}/{total}")
        return ("x",) if q.is_list else "x"

    A.walk(load("cooperation"), known({"plan": "p", "target": "t"}), ask=ask)
    assert asked == [
        "people 3/7",
        "team_ideas 4/7",
        "mutual_benefit 5/7",
        "first_step 6/7",
        "concerns 7/7",
    ]


answer_text = st.text(
    st.characters(exclude_categories=["Cs"], exclude_characters="\r"), min_size=1, max_size=60
).filter(lambda t: t.strip() == t and t.strip() != "")


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(["plan", "target", "people"]), answer_text, min_size=1))
def test_any_text_dumped_reads_back(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, str]
) -> None:
    answers: dict[str, Answer] = {k: (v,) if k == "people" else v for k, v in data.items()}
    path = tmp_path_factory.mktemp("dump") / "a.yaml"
    path.write_text(A.dump(answers), encoding="utf-8")
    assert {k: g.value for k, g in A.load_file(path).items()} == answers


# -- every scripted problem at once: shapes, malformed options, ids, values ---------


def scripted_problems(
    tmp_path: Path, text: str | None, options: list[str], name: str = "cooperation"
) -> list[str]:
    """Run the scripted sources the way `kindlead reframe --no-input` does; the messages."""
    prompt_set = load(name)
    plan = A.Given("I need their buy-in", A.FROM_PLAN, Mark("plan.txt"))
    with pytest.raises(AnswerError) as e:
        opts = A.parse_options(options, prompt_set)
        from_file = A.load_file(write(tmp_path, text, "mix.yaml")) if text is not None else {}
        given = A.merge(opts, from_file, plan, "plan")
        A.gather_scripted(prompt_set, A.validate(prompt_set, given))
    return messages(e)


def test_a_shape_error_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    text = "mutual_benefit: {a: b}\ntarget: [x, y]\nnope: 1\npeople: []\n"
    found = scripted_problems(tmp_path, text, [])
    assert found[0].endswith(
        "mix.yaml:1:17: 'mutual_benefit': an answer is text or a list of text, not a mapping"
    )
    assert "mix.yaml:2:9: 'target' takes one answer, not a list of 2" in found[1]
    assert "mix.yaml:3:1: unknown question id 'nope' in --answers" in found[2]
    assert [m.split("'")[1] for m in found[3:]] == ["people", "team_ideas"]
    assert all(m.startswith("missing answer for") for m in found[3:])
    assert len(found) == 5  # 'mutual_benefit' is not also reported as missing


def test_shape_errors_come_in_file_order_among_the_other_problems(tmp_path: Path) -> None:
    text = "bogus: 1\ntarget:\n  nested: map\nfirst_step: [a, b]\npeople:\n  - ok\n  - [deep]\n"
    found = scripted_problems(tmp_path, text, ["team_ideas=i", "mutual_benefit=m"])
    assert [m.split(":")[1] for m in found] == ["1", "3", "4", "6"]
    assert "'bogus'" in found[0] and "'target'" in found[1]
    assert "'first_step'" in found[2] and "'people'" in found[3]


def test_a_malformed_option_does_not_hide_the_other_problems(tmp_path: Path) -> None:
    text = "target: ''\nmutual_benefit: {a: b}\n"
    options = ["target", "kind=x", "people=Ana", "=oops", "team_ideas=i"]
    found = scripted_problems(tmp_path, text, options)
    assert found == [
        f"{tmp_path / 'mix.yaml'}:1:9: 'target' is required",
        f"{tmp_path / 'mix.yaml'}:2:17: 'mutual_benefit': an answer is text or a list of "
        "text, not a mapping",
        "--answer 'target': write it as ID=VALUE",
        "unknown question id 'kind' in --answer (the 'cooperation' set asks: plan, target, "
        "people, team_ideas, mutual_benefit, first_step, concerns)",
        "--answer '=oops': write it as ID=VALUE",
    ]


def test_malformed_options_alone_are_all_reported() -> None:
    prompt_set = load("cooperation")
    checked = A.validate(
        prompt_set, A.merge(A.parse_options(["a", "b"], prompt_set), {}, None, None)
    )
    with pytest.raises(AnswerError) as e:
        checked.raise_problems()
    assert messages(e) == [
        "--answer 'a': write it as ID=VALUE",
        "--answer 'b': write it as ID=VALUE",
    ]
