"""The safe YAML loader: located values, text kept as written, unsafe input refused."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kindlead.errors import InputFileError
from kindlead.files.yamlload import MAX_BYTES, Map, Node, Scalar, Seq, is_null, load, parse


def to_python(node: Node) -> object:
    """Plain Python data with every scalar kept as text."""
    if isinstance(node, Map):
        return {k.value: to_python(v) for k, v in node.items}
    if isinstance(node, Seq):
        return [to_python(v) for v in node.items]
    assert isinstance(node, Scalar)
    return None if is_null(node) else node.value


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


def test_a_character_yaml_refuses_is_located() -> None:
    with pytest.raises(InputFileError) as info:
        parse("a: b\nt: x\x1by\n", "a.yaml")
    [problem] = info.value.problems
    assert str(problem) == (
        "a.yaml:2:5: invalid YAML: unacceptable character #x001b: "
        "control characters are not allowed"
    )
