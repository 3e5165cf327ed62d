"""Project settings for `kindlead check`: what applies to each checked file.

Settings live in ``.kindlead.toml`` (top-level keys) or in ``[tool.kindlead]`` of
``pyproject.toml``, read with the standard library's `tomllib`::

    allow = ["convince", "on board with"]   # rule ids or phrases
    rules = ["docs/team-rules.yaml"]         # rule files, relative to this file
    exclude = ["CHANGELOG.md", "drafts/"]   # globs, relative to this file's folder
    fail-on = "warning"                      # error | warning | suggestion

    [severity]                               # rule id -> off | suggestion | warning | error
    telling = "off"

A file's settings are the nearest settings file from its folder up to the root of the
file system; nothing is merged between levels (as in ruff). In one folder
``.kindlead.toml`` wins over ``pyproject.toml``, and a ``pyproject.toml`` without
``[tool.kindlead]`` is passed over. Each folder is looked up once and each settings
file read once (`Resolver`). The command line joins in (`CommandLine`): ``--allow``
and ``--rules`` add to the file's, ``--fail-on`` replaces it, ``--no-config`` leaves
every settings file out.

Nothing here prints. A problem is a `KindleadError` at FILE:LINE:COL where known: the
place tomllib gives for a syntax error, the line of the key for the rest.
"""

import os
import re
import stat
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from kindlead.errors import InputFileError, KindleadError, Mark, Problem, ValidationError
from kindlead.rules.model import Rule  # (loaded by every check anyway)

KINDLEAD_TOML = ".kindlead.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("allow", "rules", "exclude", "severity", "fail-on")
LEVELS = ("suggestion", "warning", "error")
"""Severities, least first: ``fail-on`` fails at its level and those after it."""
SEVERITY_VALUES = ("off", *LEVELS)
DEFAULT_FAIL_ON = "suggestion"
DEFAULT = "default"
COMMAND_LINE = "command line"
MAX_BYTES = 1024 * 1024


class CommandLine(NamedTuple):
    """What the command line says, beside or instead of the settings files."""

    allow: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    fail_on: str | None = None
    use_files: bool = True
    """False for ``--no-config``: every settings file is left out."""


class Settings(NamedTuple):
    """One settings file, read and checked for shape (rule ids are checked later,
    with the rules that apply). A key it does not set is None."""

    path: str
    """Absolute."""
    name: str
    """As shown in messages: relative to the current folder when inside it."""
    table: tuple[str, ...]
    """Where the keys are: () in .kindlead.toml, ("tool", "kindlead") in pyproject.toml."""
    text: str
    allow: tuple[str, ...] | None = None
    rules: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    severity: dict[str, str] | None = None
    fail_on: str | None = None
    problems: tuple[Problem, ...] = ()
    """What is wrong in it (those values are left out), reported with the problems
    that need the rules (unknown ids) by `Resolver`."""

    @property
    def folder(self) -> str:
        return os.path.dirname(self.path)

    def mark(self, key: str, rule: str | None = None) -> Mark:
        """Where `key` (or `rule` in the severity table) is set, as near as it is found."""
        where = None
        if rule is not None:
            where = _locate(self.text, (*self.table, "severity"), rule)
        if where is None:
            where = _locate(self.text, self.table, key)
        return Mark(self.name, *where) if where else Mark(self.name)


class Exclude(NamedTuple):
    """The ``exclude`` globs of a settings file, against paths inside its folder.

    A pattern without ``/`` matches the name of a file or folder at any depth
    (``CHANGELOG.md``, ``*.txt``, ``drafts``); one with ``/`` matches the path from the
    settings file's folder (``docs/old``, ``/notes.md``, ``docs/**/draft-*.md``). ``*``
    and ``?`` never match ``/``; ``**`` matches any number of folders; a trailing
    ``/`` matches folders only. An excluded folder is not walked.
    """

    folder: str
    source: str
    patterns: tuple[tuple[str, tuple[str, ...], bool, bool], ...]
    """(as written, its parts, anchored to the folder, folders only)"""

    @classmethod
    def of(cls, folder: str, source: str, patterns: Iterable[str]) -> "Exclude":
        compiled = []
        for written in patterns:
            body = written.rstrip("/")
            anchored = "/" in body
            parts = tuple(p for p in body.lstrip("/").split("/") if p)
            compiled.append((written, parts, anchored, written.endswith("/")))
        return cls(folder, source, tuple(compiled))

    def match(self, path: str, is_dir: bool) -> str | None:
        """The pattern that excludes `path` (absolute, inside `folder`), or None."""
        from fnmatch import fnmatchcase

        rel = self._relative(path)
        if not rel:
            return None
        for written, parts, anchored, dir_only in self.patterns:
            if dir_only and not is_dir:
                continue
            if anchored:
                if _glob_match(parts, rel):
                    return written
            elif fnmatchcase(rel[-1], parts[0]):
                return written
        return None

    def covers(self, path: str, is_dir: bool) -> str | None:
        """The pattern that excludes `path` or a folder it is in (below `folder`)."""
        rel = self._relative(path)
        for n in range(1, len(rel) + 1):
            inside = os.path.join(self.folder, *rel[:n])
            found = self.match(inside, is_dir or n < len(rel))
            if found is not None:
                return found
        return None

    def _relative(self, path: str) -> tuple[str, ...]:
        folder = self.folder if self.folder.endswith(os.sep) else self.folder + os.sep
        if not path.startswith(folder):
            return ()
        return tuple(path[len(folder) :].split(os.sep))


def _glob_match(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Whether path `parts` match glob `pattern` part by part (``**``: any number of
    parts). Linear in both: the set of places reached after each part of the pattern."""
    from fnmatch import fnmatchcase

    reached = {0}
    for glob in pattern:
        if glob == "**":
            reached = set(range(min(reached), len(parts) + 1))
        else:
            reached = {i + 1 for i in reached if i < len(parts) and fnmatchcase(parts[i], glob)}
        if not reached:
            return False
    return len(parts) in reached


class Config(NamedTuple):
    """What applies to the files of a folder: its settings joined with the command line."""

    settings: Settings | None
    rules: tuple[Rule, ...]
    """With the severities of the settings; a rule set to "off" is left out."""
    all_rules: tuple[Rule, ...]
    """Every rule, with its own severity."""
    allow: tuple[str, ...]
    fail_on: str
    exclude: Exclude | None
    rule_files: tuple[str, ...]
    """The settings file's rule files (absolute), then those of the command line."""

    def fails(self, severity: str) -> bool:
        """Whether a finding of `severity` fails the run (exit 1)."""
        return LEVELS.index(severity) >= LEVELS.index(self.fail_on)


class Resolver:
    """The `Config` of each folder: its settings file found upwards (looked up once a
    folder) and joined with the command line (once a settings file).

    Rule files named on the command line are read, and the phrases of ``--allow``
    checked, when it is made: a problem there stops the run before it starts. A bad
    settings file raises its `KindleadError` for every folder it applies to, so the
    caller can report it once and go on with the other files.
    """

    def __init__(self, command_line: CommandLine) -> None:
        from kindlead.lint import check_allow
        from kindlead.rules.loader import load_rules

        self.command_line = command_line
        self.rule_file_cache: dict[str, tuple[Rule, ...]] = {}
        self.cli_rules = tuple(r for path in command_line.rules for r in self._rule_file(path))
        # (an entry shaped like an id is judged with the rules of each settings file)
        phrases = tuple(a for a in command_line.allow if not _id_shaped(a))
        check_allow(phrases, load_rules((), self.cli_rules))
        self.found: dict[str, Settings | KindleadError | None] = {}
        """By folder: the settings that apply to its files."""
        self.configs: dict[str | None, Config | KindleadError] = {}
        """By settings file (None: no settings file)."""

    # -- finding the settings file of a folder ---------------------------------------

    def settings_for(self, folder: str) -> Settings | None:
        """The settings that apply to the files in `folder` (absolute), or None."""
        if not self.command_line.use_files:
            return None
        if folder not in self.found:
            passed = []
            at = folder
            found: Settings | KindleadError | None = None
            while True:
                if at in self.found:
                    found = self.found[at]
                    break
                passed.append(at)
                try:
                    found = _settings_in(at)
                except KindleadError as e:
                    found = e
                if found is not None:
                    break
                parent = os.path.dirname(at)
                if parent == at:
                    break
                at = parent
            for at in passed:
                self.found[at] = found
        found = self.found[folder]
        if isinstance(found, KindleadError):
            raise found.with_traceback(None)
        return found

    # -- joining it with the command line ------------------------------------------------

    def config_for(self, folder: str) -> Config:
        """What applies to the files in `folder` (absolute)."""
        settings = self.settings_for(folder)
        key = settings.path if settings is not None else None
        config = self.configs.get(key)
        if config is None:
            try:
                config = self._config(settings)
            except KindleadError as e:
                config = e
            self.configs[key] = config
        if isinstance(config, KindleadError):
            raise config.with_traceback(None)
        return config

    def config_of(self, path: str) -> Config:
        """What applies to the file `path` (``-``: standard input, as if in this folder)."""
        if path == "-":
            return self.config_for(os.getcwd())
        return self.config_for(os.path.dirname(os.path.abspath(path)))

    def excluded(self, path: str, is_dir: bool) -> bool:
        """Whether a file or folder found in a walk (absolute `path`) is excluded by the
        settings of its folder. (A bad settings file excludes nothing: the files it
        applies to are reported when checked.)"""
        try:
            config = self.config_for(os.path.dirname(path))
        except KindleadError:
            return False
        return config.exclude is not None and config.exclude.match(path, is_dir) is not None

    def excluded_by(self, path: str) -> str | None:
        """The pattern that excludes `path` named on the command line (a file, or a
        folder: by the settings of the folder it is in), or None."""
        if path == "-":
            return None
        absolute = os.path.abspath(path)
        config = self.config_for(os.path.dirname(absolute))
        if config.exclude is None:
            return None
        return config.exclude.covers(absolute, os.path.isdir(absolute))

    def _rule_file(self, path: str) -> tuple[Rule, ...]:
        rules = self.rule_file_cache.get(path)
        if rules is None:
            from kindlead.rules.loader import load_rule_file

            rules = self.rule_file_cache[path] = load_rule_file(path)
        return rules

    def _config(self, settings: Settings | None) -> Config:
        from kindlead.rules.loader import load_rules

        cli = self.command_line
        given = settings if settings is not None else Settings("", "", (), "")
        problems = list(given.problems)
        files: list[str] = []
        file_rules: list[Rule] = []
        for entry in given.rules or ():
            path = os.path.join(given.folder, entry)
            files.append(path)
            if not os.path.isfile(path):
                why = "is not a file" if os.path.exists(path) else "no such file"
                where = given.mark("rules")
                shown = "" if _shown(path) == entry else f" ({_shown(path)})"
                problems.append(Problem(f"rules: {entry!r}: {why}{shown}", where))
                continue
            try:
                file_rules += self._rule_file(_shown(path))
            except KindleadError as e:
                problems += e.problems
        all_rules = load_rules((), (*file_rules, *self.cli_rules))
        ids = [rule.id for rule in all_rules]
        severity = given.severity or {}
        for rule_id in severity:
            if rule_id not in ids:
                message = f"severity: no rule has the id {rule_id!r}{did_you_mean(rule_id, ids)}"
                problems.append(Problem(message, given.mark("severity", rule_id)))
        for entry in given.allow or ():
            found = _allow_problem(entry, ids, "allow", phrase=True)
            if found:
                problems.append(Problem(found, given.mark("allow")))
        for entry in cli.allow:  # (their phrases were checked when the run started)
            found = _allow_problem(entry, ids, "--allow", phrase=False)
            if found:
                problems.append(Problem(found))
        if problems:
            raise ValidationError(sorted(problems, key=lambda p: _order(p, given.name)))
        rules = all_rules
        if severity:
            rules = tuple(
                rule._replace(severity=severity.get(rule.id, rule.severity))
                for rule in all_rules
                if severity.get(rule.id) != "off"
            )
        exclude = None
        if settings is not None and settings.exclude:
            exclude = Exclude.of(settings.folder, settings.name, settings.exclude)
        return Config(
            settings=settings,
            rules=rules,
            all_rules=all_rules,
            allow=(*(given.allow or ()), *cli.allow),
            fail_on=cli.fail_on or given.fail_on or DEFAULT_FAIL_ON,
            exclude=exclude,
            rule_files=(*files, *cli.rules),
        )

    # -- check --show-settings ---------------------------------------------------------

    def report(self, path: str) -> dict[str, Any]:
        """What applies to `path` (a file, or the files of a folder), each value with
        where it came from: the data of ``check --show-settings`` (as its JSON has it)::

            {"path": …, "settings_file": name or None, "excluded_by": a pattern or None,
             "settings": {key: {"value": …, "from": [sources]}},
             "severity": {rule id: {"value": level, "from": [sources]}}}

        A source is a settings file's name, `COMMAND_LINE` or `DEFAULT`.
        """
        cli = self.command_line
        if path != "-" and os.path.isdir(path):  # for the files in it
            config = self.config_for(os.path.abspath(path))
        else:
            config = self.config_of(path)
        settings = config.settings
        given = settings if settings is not None else Settings("", "", (), "")

        def shown(value: object, in_file: object, on_command_line: object) -> dict[str, Any]:
            found = [given.name] if in_file is not None else []
            found += [COMMAND_LINE] if on_command_line else []
            return {"value": value, "from": found or [DEFAULT]}

        exclude = [p[0] for p in config.exclude.patterns] if config.exclude else []
        levels = given.severity or {}
        return {
            "path": path,
            "settings_file": settings.name if settings else None,
            "excluded_by": self.excluded_by(path),
            "settings": {
                "allow": shown(list(config.allow), given.allow, cli.allow),
                "rules": shown([_shown(p) for p in config.rule_files], given.rules, cli.rules),
                "exclude": shown(exclude, given.exclude, False),
                "fail-on": shown(
                    config.fail_on, None if cli.fail_on else given.fail_on, cli.fail_on
                ),
            },
            "severity": {
                rule.id: shown(levels.get(rule.id, rule.severity), levels.get(rule.id), False)
                for rule in config.all_rules
            },
        }


def _order(problem: Problem, settings: str) -> tuple[int, int, int]:
    """The settings file's problems first, by place; then the others, as they came."""
    mark = problem.mark
    if mark is None or mark.path != settings:
        return (1, 0, 0)
    return (0, mark.line or 0, mark.column or 0)


def _field(key: str) -> str:
    return key.replace("-", "_")


# -- reading a settings file -----------------------------------------------------------


def _settings_in(folder: str) -> Settings | None:
    """The settings file of `folder` itself: ``.kindlead.toml``, else a ``pyproject.toml``
    with ``[tool.kindlead]``; None if it has neither."""
    for name, table in ((KINDLEAD_TOML, ()), (PYPROJECT, ("tool", "kindlead"))):
        path = os.path.join(folder, name)
        data = _read(path, ours=not table)
        if data is None:
            continue
        if table and not _may_have_tool_kindlead(data):
            continue
        settings = read_settings(path, data, table)
        if settings is not None:
            return settings
    return None


def _may_have_tool_kindlead(data: bytes) -> bool:
    """Whether a pyproject.toml can hold [tool.kindlead] at all: with spaces and quotes
    taken out, it says ``tool.kindlead`` (a table or a dotted key) or makes ``tool`` a
    table another way (``[tool]``, ``tool = {…}``). Most pyproject.toml files do neither,
    and then tomllib (5 ms to import) is never loaded. (A key spelt with escapes,
    ``"kind\\u006cead"``, is not seen: TOML allows it, nobody writes it.)"""
    if b"kindlead" not in data:
        return False
    bare = data.translate(None, b" \t\"'").replace(b"\r", b"")
    return (
        b"tool.kindlead" in bare
        or bare.startswith((b"[tool]", b"tool="))
        or b"\n[tool]" in bare
        or b"\ntool=" in bare
    )


def _read(path: str, ours: bool) -> bytes | None:
    """The bytes of `path`; None if there is no such file. Never blocks on a FIFO.

    A `.kindlead.toml` (`ours`) that is no regular file, or is over `MAX_BYTES`, is an
    error; a `pyproject.toml` that is no regular file cannot hold settings (None), and
    one too large is an error only if it may hold them.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as e:
        raise InputFileError(
            Problem(f"cannot read settings file: {e.strerror}", _at(path))
        ) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            if not ours:
                return None
            what = "is a directory, expected" if stat.S_ISDIR(mode) else "is not"
            raise InputFileError(Problem(f"{what} a settings file", _at(path)))
        data = os.read(fd, MAX_BYTES + 1)
        while len(data) <= MAX_BYTES and (more := os.read(fd, MAX_BYTES + 1 - len(data))):
            data += more
    except OSError as e:
        raise InputFileError(
            Problem(f"cannot read settings file: {e.strerror}", _at(path))
        ) from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES and (ours or _may_have_tool_kindlead(data)):
        raise InputFileError(Problem("settings file is too large (over 1 MiB)", _at(path)))
    return data if len(data) <= MAX_BYTES else None


def read_settings(path: str, data: bytes, table: tuple[str, ...] = ()) -> Settings | None:
    """The settings in the TOML `data` of the file `path`, under `table` (None if it has
    no such table). A `KindleadError` with every problem, each at its place."""
    import tomllib

    name = _shown(path)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        column = len(data[data.rfind(b"\n", 0, e.start) + 1 : e.start].decode("utf-8")) + 1
        raise InputFileError(
            Problem(f"is not UTF-8 text (byte 0x{data[e.start]:02x})", Mark(name, line, column))
        ) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise InputFileError(_syntax_problem(str(e), name, text)) from None
    values: Any = document
    for part in table:
        if not isinstance(values, dict) or part not in values:
            return None
        values = values[part]
    settings = Settings(path, name, table, text)
    if not isinstance(values, dict):
        where = settings._replace(table=table[:-1]).mark(table[-1])
        raise ValidationError(Problem(f"[{'.'.join(table)}] must be a table", where))
    problems: list[Problem] = []

    def bad(message: str, key: str, rule: str | None = None) -> None:
        problems.append(Problem(message, settings.mark(key, rule)))

    checked: dict[str, Any] = {}
    for key, value in values.items():
        if key not in KEYS:
            bad(f"unknown setting {key!r}{did_you_mean(key, KEYS, also_known=True)}", key)
        else:
            checked[_field(key)] = _checked(key, value, bad)
    # (the rule ids in allow and severity are checked with the rules: `Resolver`)
    return settings._replace(problems=tuple(problems), **checked)


def _checked(key: str, value: Any, bad: Callable[[str, str, str | None], None]) -> Any:
    """The value of `key`, checked: a tuple of strings, the severity table, or a level;
    what is wrong goes to `bad` (and is left out: None for a value of the wrong type)."""
    if key == "fail-on":
        if value in LEVELS:
            return value
        one_of = f"one of {', '.join(reversed(LEVELS))}"
        if isinstance(value, str):
            bad(
                f"'fail-on' must be {one_of}, not {value!r}{did_you_mean(value, LEVELS)}", key, None
            )
        else:
            bad(f"'fail-on' must be {one_of}, not {_kind(value)}", key, None)
        return None
    if key == "severity":
        one_of = f"{', '.join(SEVERITY_VALUES[:-1])} or {SEVERITY_VALUES[-1]}"
        if not isinstance(value, dict):
            bad(f"'severity' must be a table of rule ids, each {one_of}, not {_kind(value)}",
                key, None)  # fmt: skip
            return None
        levels = {}
        for rule_id, level in value.items():
            if level in SEVERITY_VALUES:
                levels[rule_id] = level
                continue
            if isinstance(level, str):
                got = f"{level!r}{did_you_mean(level, SEVERITY_VALUES)}"
            elif isinstance(level, dict):  # `team.jargon = "off"` is a table in TOML
                got = f'a table (quote an id with a dot in it: "{rule_id}.…" = …)'
            else:
                got = _kind(level)
            bad(f"severity of {rule_id!r} must be {one_of}, not {got}", key, rule_id)
        return levels
    what = {"allow": "rule ids or phrases", "rules": "rule files", "exclude": "globs"}[key]
    if not isinstance(value, list):
        bad(f"{key!r} must be a list of strings ({what}), not {_kind(value)}", key, None)
        return None
    items = []
    for n, item in enumerate(value, 1):
        if not isinstance(item, str):
            bad(f"{key!r} must be a list of strings ({what}); item {n} is {_kind(item)}", key, None)
        elif not item.strip():
            bad(f"{key!r}: item {n} is empty", key, None)
        elif key == "exclude" and not item.strip("/"):
            bad(f"exclude: {item!r} names no file or folder", key, None)
        elif key == "exclude" and ".." in item.split("/"):
            bad(f"exclude: {item!r} goes out of the settings file's folder; patterns are "
                "relative to it", key, None)  # fmt: skip
        else:
            items.append(item)
    return tuple(items)


def _allow_problem(entry: str, ids: Sequence[str], what: str, *, phrase: bool) -> str | None:
    """What is wrong with an ``allow`` entry: it looks like a rule id but is none, or
    (with `phrase`) it is a phrase that does not compile."""
    if entry in ids:
        return None
    from kindlead.rules.phrases import PhraseSyntaxError, compile_phrase

    if looks_like_id(entry, ids):
        message = f"{what} {entry!r}: no rule has this id{did_you_mean(entry, ids)}"
        try:
            compile_phrase(entry)
        except PhraseSyntaxError:
            return message
        return (
            f"{message}; to allow it as a phrase, write it with a capital letter "
            f"({entry.capitalize()!r})"
        )
    if phrase:
        try:
            compile_phrase(entry)
        except PhraseSyntaxError as e:
            return f"{what} {entry!r}: bad phrase: {e}"
    return None


def _id_shaped(entry: str) -> bool:
    """One lower-case word of letters, digits, ``-`` and ``.``, with a ``-`` or ``.``."""
    from kindlead.rules.model import RULE_ID

    return bool(RULE_ID.fullmatch(entry)) and ("-" in entry or "." in entry)


def looks_like_id(entry: str, ids: Sequence[str]) -> bool:
    """Whether an ``allow`` entry that is no rule id was meant as one: a single
    lower-case word of letters, digits, ``-`` and ``.`` (as ids are) that has a ``-`` or
    ``.`` in it (``win-suport``, ``team.jargon``) or is close to an id (``convnce``).
    Phrases are matched ignoring case, so a capital letter makes it a phrase."""
    from kindlead.rules.model import RULE_ID

    if _id_shaped(entry):
        return True
    if not RULE_ID.fullmatch(entry):
        return False
    import difflib

    return bool(difflib.get_close_matches(entry, ids, n=1, cutoff=0.8))


def did_you_mean(word: str, known: Iterable[str], *, also_known: bool = False) -> str:
    """`` (did you mean 'x'?)`` for the nearest of `known`; with `also_known`, the whole
    list when none is near."""
    import difflib

    known = list(known)
    near = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    if near:
        return f" (did you mean {near[0]!r}?)"
    return f" (known: {', '.join(known)})" if also_known else ""


def _syntax_problem(message: str, name: str, text: str) -> Problem:
    """tomllib's message, "… (at line X, column Y)", as a problem at FILE:X:Y."""
    found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", message, re.DOTALL)
    if found:
        mark = Mark(name, int(found[2]), int(found[3]))
        return Problem(f"not valid TOML: {found[1]}", mark)
    if message.endswith(" (at end of document)"):
        lines = text.split("\n")
        mark = Mark(name, len(lines), len(lines[-1]) + 1)
        return Problem(f"not valid TOML: {message.removesuffix(' (at end of document)')}", mark)
    return Problem(f"not valid TOML: {message}", Mark(name))


def _locate(text: str, table: tuple[str, ...], key: str) -> tuple[int, int] | None:
    """The line and column of `key` in `table`, where it is found at the start of a line
    exactly once between the table's header and the next (or, for keys at the top, before
    the first header); else of the header itself. A pointer for error messages only: the
    values always come from tomllib."""
    lines = text.split("\n")
    header = re.compile(r"\s*\[(?!\[)")
    if table:
        quoted = r"\s*\.\s*".join(rf"""["']?{re.escape(part)}["']?""" for part in table)
        this = re.compile(rf"\s*\[\s*{quoted}\s*\]\s*(#.*)?$")
        start = next((i for i, line in enumerate(lines) if this.match(line)), None)
        if start is None:
            return None
    else:
        start = -1
    end = next((i for i in range(start + 1, len(lines)) if header.match(lines[i])), len(lines))
    pattern = re.compile(rf"""(\s*)["']?{re.escape(key)}["']?\s*=""")
    found = [(i, m) for i in range(start + 1, end) if (m := pattern.match(lines[i]))]
    if len(found) == 1:
        i, m = found[0]
        return i + 1, len(m[1]) + 1
    if start >= 0 and not found:
        return start + 1, 1
    return None


def _kind(value: object) -> str:
    """How a TOML value's type reads in a message."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def _shown(path: str) -> str:
    """`path` as messages show it: relative to the current folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return path
    return path if rel.startswith(os.pardir) else rel


def _at(path: str) -> Mark:
    return Mark(_shown(path))
