"""The safe YAML loader: located values, text kept as written, unsafe input refused."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kindlead.errors import InputFileError
from kindlead.yamlload import (
    MAX_BYTES,
    Map,
    NeedsYAMLParser,
    Node,
    Scalar,
    Seq,
    load,
    parse,
    parse_json,
    parse_simple,
    parse_yaml,
    to_python,
)


def test_scalars_stay_text_as_written() -> None:
    node = parse("target: no\nversion: 1.10\nquoted: 'yes'\nempty:\n", "a.yaml")
    assert to_python(node) == {"target": "no", "version": "1.10", "quoted": "yes", "empty": None}


def test_values_carry_line_and_column() -> None:
    node = parse("a: 1\nlist:\n  - x\n  - éé y\n", "f.yaml")
    assert isinstance(node, Map)
    seq = node.get("list")
    assert isinstance(seq, Seq)
    second = seq.items[1]
    assert isinstance(second, Scalar)
    assert (second.mark.line, second.mark.column) == (4, 5)


def test_json_is_read_too() -> None:
    node = parse('{\n\t"a": 1.10,\n\t"b": ["x", "y"]\n}', "a.json")
    assert to_python(node) == {"a": "1.10", "b": ["x", "y"]}


def test_empty_document_is_none() -> None:
    assert parse("# only a comment\n", "a.yaml") is None


BOMB = "\n".join(
    [
        'a: &a ["x","x","x","x","x","x","x","x","x"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    ]
)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("a: 1\nb: 2\na: 3\n", (3, 1), "duplicate key 'a'"),
        ("a: !!python/object/apply:os.system ['true']\n", (1, 4), "tags are not allowed"),
        ("a: !custom x\n", (1, 4), "tags are not allowed"),
        ("a: [1, 2\nb: 3\n", (2, 2), "invalid YAML"),
        ("a: 1\n---\nb: 2\n", (2, 1), "single YAML document"),
        (BOMB, None, "counting what each alias stands for"),
        ("a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 80)), None, "nesting"),
        ("[" * 20000 + "]" * 20000, (1, None), "nest"),
        ("? [a, b]\n: c\n", (1, 3), "keys must be plain text"),
        ("a: *nowhere\n", (1, 4), "unknown alias"),
    ],
    ids=["duplicate", "python-tag", "custom-tag", "syntax", "two-docs", "alias-bomb",
         "deep-block", "deep-flow", "complex-key", "unknown-alias"],
)  # fmt: skip
def test_unsafe_or_broken_yaml_is_refused_with_a_place(
    text: str, where: tuple[int, int | None] | None, message: str
) -> None:
    start = time.perf_counter()
    with pytest.raises(InputFileError) as info:
        parse(text, "bad.yaml")
    assert time.perf_counter() - start < 5  # refused quickly, not after expanding
    (problem,) = info.value.problems
    assert message in problem.message
    assert problem.mark is not None
    assert problem.mark.path == "bad.yaml"
    assert problem.mark.line is not None
    if where is not None:
        assert problem.mark.line == where[0]
        if where[1] is not None:
            assert problem.mark.column == where[1]


@pytest.mark.parametrize(
    ("content", "message", "line_col"),
    [
        (b"a: 1\nb: \xff\n", "not UTF-8", (2, 4)),
        (b"a: 1\n\x00", "NUL", (2, 1)),
        (b"\xef\xbb\xbfab\xffc", "byte 0xff", (1, 3)),  # after a byte-order mark
        (b"\xef\xbb\xbfa: 1\nb: \xfe\n", "byte 0xfe", (2, 4)),
    ],
)
def test_bad_bytes_are_located(
    tmp_path: Path, content: bytes, message: str, line_col: tuple[int, int]
) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    with pytest.raises(InputFileError) as info:
        load(path)
    (problem,) = info.value.problems
    assert message in problem.message
    assert problem.mark is not None
    assert (problem.mark.line, problem.mark.column) == line_col


def test_byte_order_mark_and_crlf_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes("\ufeffa: x\r\nb: y\r\n".encode())
    assert to_python(load(path)) == {"a": "x", "b": "y"}


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * (MAX_BYTES + 10))
    with pytest.raises(InputFileError, match="too large"):
        load(path)


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
def test_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    import os

    path = tmp_path / "x.yaml"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(InputFileError) as info:
        load(path)  # a FIFO must not block waiting for a writer
    assert str(path) in str(info.value)


# -- JSON read without the YAML parser: the same nodes as the YAML parser builds ---------

# Mostly printable text (which is read directly), some of any kind (which often is not).
_texts = st.text(st.characters(exclude_categories=("Cc", "Cs"))) | st.text()
_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _texts,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def _shape(node: Node | None) -> object:
    """A node tree as plain data, marks and plainness included."""
    if node is None:
        return None
    if isinstance(node, Map):
        return ("map", node.mark, tuple((_shape(k), _shape(v)) for k, v in node.items))
    if isinstance(node, Seq):
        return ("seq", node.mark, tuple(_shape(i) for i in node.items))
    assert isinstance(node, Scalar)
    return ("scalar", node.mark, node.value, node.plain)


@settings(max_examples=300, deadline=None)
@given(
    data=st.dictionaries(_texts, _json_values, max_size=6) | st.lists(_json_values, max_size=6),
    indent=st.sampled_from([None, 0, 2]),
    ascii_only=st.booleans(),
    compact=st.booleans(),
)
def test_json_read_directly_gives_the_nodes_the_yaml_parser_gives(
    data: object, indent: int | None, ascii_only: bool, compact: bool
) -> None:
    separators = (",", ":") if compact else None
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only, separators=separators)
    try:
        direct = parse_json(text, "a.json")
    except NeedsYAMLParser:
        return  # read by the YAML parser, as before
    assert _shape(direct) == _shape(parse_yaml(text, "a.json"))


@pytest.mark.parametrize(
    "text",
    [
        '{"target": "Deploy on day two", "people": ["Ana", "Tomás"], "n": 1.10, "ok": true}',
        '{\n  "a": [\n    1,\n    {"b": null}\n  ],\n  "c": "x\\/y \\u00e9"\n}\n',
        '{"a":-1,"b":[]}',
        "[]",
        '  \n{"a" : "b" }  \n',
    ],
)
def test_plain_json_is_read_without_the_yaml_parser(text: str) -> None:
    assert _shape(parse_json(text, "a.json")) == _shape(parse_yaml(text, "a.json"))


@pytest.mark.parametrize(
    "text",
    [
        '{"a": 1} # a comment',
        '{"a": 1, "a": 2}',
        '{\t"a": 1}',
        '{"a": 1,}',
        '{"a": "\\ud83d\\ude00"}',
        '{"a"\n: 1}',
        '{"' + "k" * 1100 + '": 1}',
        "[" * 70 + "]" * 70,
        "{a: 1}",
    ],
    ids=["comment", "duplicate", "tab", "trailing-comma", "surrogates", "key-line", "long-key",
         "deep", "yaml-flow"],
)  # fmt: skip
def test_anything_else_goes_to_the_yaml_parser(text: str) -> None:
    with pytest.raises(NeedsYAMLParser):
        parse_json(text, "a.json")
    try:
        expected: object = _shape(parse_yaml(text, "a.json"))
    except InputFileError as e:
        expected = str(e)
    try:
        got: object = _shape(parse(text, "a.json"))
    except InputFileError as e:
        got = str(e)
    assert got == expected


# -- simple YAML without the YAML parser ---------------------------------------

# Scalars as people write them, and as they go wrong: indicators, colons, hashes,
# quotes, YAML's special words, numbers, other scripts. Mostly right, so that most
# documents are simple enough to be read directly.
_plain_words = st.sampled_from(
    ["Ana", "Sam", "the team", "yes", "no", "null", "1.10", "0x1F", "-1", "Priya's list",
     "a:b", "a#b", "x-y", "Tomás", "李雷", "😀", "—", "a  b"]
)  # fmt: skip
_odd_words = st.sampled_from(
    ["it's: fine", "a #b", "#c", "x:", "?q", ":", "%p", "@u", "`t`", "&a", "*a", "!t", "|",
     ">", "[a]", "{a: 1}", "a, b", "a]", '"a\\"b"', "'open", '"open', "~", "-", "  ", " x ",
     "\x1b[31m", "\x0c", "\x7f", "\x01", "\x85", "\u2028", "\ufeff"]
)  # fmt: skip
_words = st.one_of(_plain_words, _plain_words, _plain_words, _plain_words, _odd_words)
_good_key = st.sampled_from(["target", "people", "team_ideas", "first-step", "yes", "_x", "K9"])
_key = _good_key | st.sampled_from(["target", "a b", "-k", "k:"])
_gap = st.sampled_from(["", "", "", "", "\n", "# note\n", "   \n", "  # indented note\n"])
_sep = st.sampled_from([": ", ": ", ": ", ":  ", ":", ": \t"])


@st.composite
def _simple_documents(draw: st.DrawFn) -> str:
    """Mostly documents the direct reader takes; in one of four, anything goes."""
    if draw(st.integers(0, 3)):
        words: st.SearchStrategy[str] = _plain_words
        keys, gaps, seps = _good_key, _gap, st.just(": ")
        shapes, comments = st.sampled_from(["scalar", "flow", "block"]), st.just(" # why")
    else:
        words, keys, gaps, seps = _words, _key, _gap, _sep
        shapes = st.sampled_from(["scalar", "scalar", "flow", "block", "empty"])
        comments = st.sampled_from(["", "", "", " # why", "#x", "  #"])
    quoted = st.sampled_from(["'q'", '"d"', "'it''s: a # b'", '"x, [y]"', "''", '""'])
    scalar_text = st.lists(words, min_size=1, max_size=3).map(" ".join) | quoted
    out = []
    for key in draw(st.lists(keys, max_size=5, unique=draw(st.booleans()))):
        out.append(draw(gaps))
        sep = draw(seps)
        shape = draw(shapes)
        comment = draw(st.sampled_from(["", ""]) | comments)
        if shape == "scalar":
            out.append(f"{key}{sep}{draw(scalar_text)}{comment}\n")
        elif shape == "flow":
            items = draw(st.lists(scalar_text, max_size=3))
            joiner = draw(st.sampled_from([", ", ", ", ",", " , "]))
            out.append(f"{key}{sep}[{joiner.join(items)}]{comment}\n")
        elif shape == "block":
            out.append(f"{key}:{comment}\n")
            indent = draw(st.sampled_from(["", "  ", "    "]))
            for item in draw(st.lists(scalar_text, min_size=1, max_size=3)):
                out.append(draw(gaps))
                dash = draw(st.sampled_from(["- ", "- ", "-  ", "-", "  - "]))
                out.append(f"{indent}{dash}{item}\n")
        else:
            out.append(f"{key}:{comment}\n")
    out.append(draw(st.sampled_from(["", "\n", "  "])))
    return "".join(out)


@settings(max_examples=1500, deadline=None)
@given(_simple_documents())
def test_simple_yaml_read_directly_gives_the_nodes_the_yaml_parser_gives(text: str) -> None:
    try:
        direct = parse_simple(text, "a.yaml")
    except NeedsYAMLParser:
        return  # read by the YAML parser, as before
    assert _shape(direct) == _shape(parse_yaml(text, "a.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        "target: New colleagues deploy on day two\npeople: [Ana, Sam, the support team]\n",
        "# answers\n\ntarget: x # why\npeople:\n  - Ana\n  - 'Sam '\nideas:\n- a\n- b\n",
        "a: 'it''s: fine'\nb: \"quoted # not a comment\"\nc: []\nd: [ 'x, y' , z ]\n",
        "yes: no\nn: 1.10\nz: ~\n",
    ],
)
def test_simple_yaml_is_read_without_the_yaml_parser(text: str) -> None:
    assert _shape(parse_simple(text, "a.yaml")) == _shape(parse_yaml(text, "a.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        "a:\n",
        "a: |\n  text\n",
        "a: first\n  second\n",
        "a: &x 1\nb: *x\n",
        "a: !tag x\n",
        "a:\n  b: c\n",
        "a: 1\na: 2\n",
        "a:\n  - x\n - y\n",
        "---\na: 1\n",
        "a: [x,\n  y]\n",
        "a:\tb\n",
        "a: b: c\n",
        "",
        "target: Ship\x1b[31m red\n",
        "target: a\x0cb\n",
    ],
)
def test_other_yaml_goes_to_the_yaml_parser(text: str) -> None:
    with pytest.raises(NeedsYAMLParser):
        parse_simple(text, "a.yaml")
    try:
        expected: object = _shape(parse_yaml(text, "a.yaml"))
    except InputFileError as e:
        expected = str(e)
    try:
        got: object = _shape(parse(text, "a.yaml"))
    except InputFileError as e:
        got = str(e)
    assert got == expected


def test_a_character_yaml_refuses_is_located() -> None:
    with pytest.raises(InputFileError) as info:
        parse("a: b\nt: x\x1by\n", "a.yaml")
    [problem] = info.value.problems
    assert str(problem) == (
        "a.yaml:2:5: invalid YAML: unacceptable character #x001b: "
        "control characters are not allowed"
    )
