"""`kindlead check --format sarif`: SARIF 2.1.0, the format code-scanning tools read
(GitHub code scanning, the VS Code SARIF viewer).

One run: the tool with every rule that can report (``tool.driver.rules``), a result a
finding, and one invocation that says whether every input could be read (each one
that could not is a ``toolExecutionNotifications`` entry). Results are written as they
are found and the tool, its rules and the invocation follow them (the members of a JSON
object have no order), so memory stays flat however much is found.

- Levels: error → ``error``, warning → ``warning``, suggestion → ``note``.
- Places: lines and columns are 1-based and count characters, as everywhere in
  kindlead, so the run says ``columnKind: unicodeCodePoints`` (SARIF's default counts
  UTF-16 code units, which differ only after a character outside the Basic Multilingual
  Plane, an emoji, on the same line). The end column is exclusive, as in SARIF.
- Paths: a relative path is a relative URI (percent-encoded, RFC 3986) against
  ``%SRCROOT%``, the working folder (``originalUriBaseIds``); an absolute one is a
  ``file:`` URI; standard input has no URI.
- ``partialFingerprints["kindlead/v1"]``: a hash of the rule, the path and the matched
  words (case and spacing folded), with which occurrence of them in the file it is. It
  stays when lines are added above or the paragraph is rewrapped; it changes when the
  words do, and when the same words are added or removed earlier in the file. (A
  finding does not carry its line's text, which would tell such twins apart.)
- With ``--explain``, each finding's message ends with what made it framing, and the
  phrases left alone are results too: one silenced by a ``kindlead-disable`` comment
  has an ``inSource`` suppression, one silenced by ``--allow`` an ``external`` one;
  one heard in another sense (a quotation, an exception, a context, another finding's
  words) is not a problem at all, so it is a ``pass`` result (level ``none``) whose
  message says why. Such output is for reading; upload output made without
  ``--explain``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from kindlead import __version__
from kindlead.errors import STDIN
from kindlead.render import FindingsWriter
from kindlead.textsafe import json_dumps, one_line

if TYPE_CHECKING:
    from kindlead.errors import Problem
    from kindlead.lint import Finding
    from kindlead.rules.model import Rule

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
INFORMATION_URI = "https://kindlead.invalid/docs/rules.md"
FINGERPRINT = "kindlead/v1"
SRCROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}

# Why a phrase was left alone, as `kindlead.lint.engine` says it: a person silenced it.
_IN_SOURCE = "silenced by a kindlead-disable comment"
_EXTERNAL = "--allow"

_SENTENCE_END = re.compile(r"[.!?…](?=\s)")
_RELEASE = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*))?(?:[-.]?((?:a|b|rc|dev)\d*))?")


class Writer(FindingsWriter):
    rules: Sequence[Rule] = ()
    """The rules of the run, when whoever makes the writer sets them (before `start`);
    else the built-in ones. A rule that reports is described as its first finding says
    (a rules file may replace a built-in rule, or add one)."""

    def start(self) -> None:
        self.count = 0
        self.descriptors: list[dict[str, Any]] = []
        self.index: dict[str, int] = {}
        self.described: set[str] = set()
        """Rules whose descriptor is from a finding (what actually applied)."""
        self.notifications: list[dict[str, Any]] = []
        self.relative = False
        """Whether a relative URI was written (so `%SRCROOT%` is needed)."""
        self._path: str | None = None
        self._artifact: dict[str, Any] = {}
        self._where = ""
        """The file as the fingerprints name it: its URI (or standard input's name)."""
        self._occurrences: dict[tuple[bool, str, str], int] = {}
        rules = self.rules
        if not rules:
            from kindlead.rules.loader import load_rules

            rules = load_rules()
        for rule in rules:
            self._describe(rule.id, rule.severity, rule.message, _suggestion(rule))
        self.out.write(
            f'{{"$schema": "{SCHEMA}", "version": "2.1.0", '
            '"runs": [{"columnKind": "unicodeCodePoints", "results": ['
        )

    def finding(self, path: str, f: Finding) -> None:
        if f.rule not in self.described:
            self.described.add(f.rule)
            self._describe(f.rule, f.severity, f.message, f.suggestion)
        if path != self._path:
            self._path, self._artifact = path, self._artifact_location(path)
            self._where = self._artifact["artifactLocation"].get("uri", path)
            self._occurrences.clear()
        matched = one_line(f.matched)
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": self.index[f.rule],
            "level": LEVELS.get(f.severity, "warning"),
        }
        if f.reported:
            text = f'"{matched}": {_first_sentence(f.message)} Try: {one_line(f.suggestion)}'
            if self.explain:
                text += f" (heard as {f.rule}: {f.cue or 'the phrase alone'})"
        else:
            text = f'"{matched}" left alone: {f.cue}'
            if f.cue == _IN_SOURCE:
                result["suppressions"] = [{"kind": "inSource", "justification": f.cue}]
            elif f.cue == _EXTERNAL:
                result["suppressions"] = [{"kind": "external", "justification": f.cue}]
            else:
                result.update(kind="pass", level="none")
        result["message"] = {"text": _plain(text)}
        region = {
            "startLine": f.line,
            "startColumn": f.column,
            "endLine": f.end_line,
            "endColumn": f.end_column,
            "snippet": {"text": f.matched},
        }
        result["locations"] = [{"physicalLocation": {**self._artifact, "region": region}}]
        result["partialFingerprints"] = {FINGERPRINT: self._fingerprint(f)}
        self.out.write(("\n  " if not self.count else ",\n  ") + json_dumps(result))
        self.count += 1

    def error(self, problem: Problem) -> None:
        notification: dict[str, Any] = {
            "level": "error",
            "message": {"text": _plain(problem.message)},
        }
        m = problem.mark
        if m is not None:
            physical: dict[str, Any] = self._artifact_location(m.path)
            if m.line is not None:
                region = {"startLine": m.line}
                if m.column is not None:
                    region["startColumn"] = m.column
                physical = {**physical, "region": region}
            notification["locations"] = [{"physicalLocation": physical}]
        self.notifications.append(notification)

    def end(self, files: int) -> None:
        driver: dict[str, Any] = {
            "name": "kindlead",
            "informationUri": INFORMATION_URI,
            "version": __version__,
        }
        semantic = semantic_version(__version__)
        if semantic:
            driver["semanticVersion"] = semantic
        driver["rules"] = self.descriptors
        invocation: dict[str, Any] = {"executionSuccessful": not self.notifications}
        if self.notifications:
            invocation["toolExecutionNotifications"] = self.notifications
        tail = f', "tool": {json_dumps({"driver": driver})}'
        tail += f', "invocations": [{json_dumps(invocation)}]'
        root = _working_folder_uri() if self.relative else None
        if root:
            tail += f', "originalUriBaseIds": {json_dumps({SRCROOT: {"uri": root}})}'
        close = "\n]" if self.count else "]"
        self.out.write(f"{close}{tail}}}]}}\n")

    def _describe(self, rule: str, severity: str, message: str, suggestion: str) -> None:
        """Describe `rule` (anew, in its place, if it is known)."""
        descriptor = {
            "id": rule,
            "name": "".join(w.capitalize() for w in re.split(r"[-.]", rule)),
            "shortDescription": {"text": _first_sentence(message)},
            "fullDescription": {"text": message},
            "help": {
                "text": f"{message}\n\nTry: {suggestion}\n\nWhere the words mean something "
                f"else, silence them with <!-- kindlead-disable-next-line {rule} --> on the "
                "line before."
            },
            "defaultConfiguration": {"level": LEVELS.get(severity, "warning")},
        }
        if rule in self.index:
            self.descriptors[self.index[rule]] = descriptor
        else:
            self.index[rule] = len(self.descriptors)
            self.descriptors.append(descriptor)

    def _artifact_location(self, path: str) -> dict[str, Any]:
        location = artifact_location(path)
        self.relative = self.relative or location["artifactLocation"].get("uriBaseId") == SRCROOT
        return location

    def _fingerprint(self, f: Finding) -> str:
        """Stable across runs: the rule, the file, the words, and which occurrence of
        them in the file (findings and phrases left alone counted apart, so `--explain`
        changes no finding's fingerprint)."""
        import hashlib

        words = " ".join(f.matched.casefold().replace("’", "'").split())
        key = (f.reported, f.rule, words)
        n = self._occurrences[key] = self._occurrences.get(key, 0) + 1
        digest = hashlib.sha256("\0".join((f.rule, self._where, words)).encode("utf-8", "replace"))
        return f"{digest.hexdigest()[:32]}:{n}"


def artifact_location(path: str) -> dict[str, Any]:
    """Where a path is, as SARIF says it: a relative URI against `%SRCROOT%`, a
    ``file:`` URI, or (standard input) a description only."""
    if path == STDIN:
        return {"artifactLocation": {"description": {"text": "standard input"}}}
    p = PurePath(path)
    if p.is_absolute():
        return {"artifactLocation": {"uri": p.as_uri()}}
    from urllib.parse import quote_from_bytes

    # the bytes of the name, so a name that is not UTF-8 is still named exactly
    uri = quote_from_bytes(os.fsencode(p.as_posix()), safe="/")
    return {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT}}


def semantic_version(version: str) -> str | None:
    """A release's version as Semantic Versioning 2.0 writes it (``0.2.0rc1`` →
    ``0.2.0-rc1``), or None for one it cannot (a post or local release)."""
    m = _RELEASE.fullmatch(version)
    if m is None:
        return None
    major, minor, patch, pre = m.groups()
    return f"{major}.{minor}.{patch or 0}" + (f"-{pre}" if pre else "")


def _suggestion(rule: Rule) -> str:
    from kindlead.rules.model import suggestion_for

    return suggestion_for(rule)


def _first_sentence(text: str) -> str:
    m = _SENTENCE_END.search(text)
    return text[: m.end()] if m else text


def _plain(text: str) -> str:
    """A SARIF plain-text message: literal brackets and backslashes escaped, so that
    no ``[text](n)`` in it is read as a link."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _working_folder_uri() -> str | None:
    try:
        uri = Path.cwd().as_uri()
    except OSError:  # the working folder was removed
        return None
    return uri if uri.endswith("/") else uri + "/"  # a base URI ends with a slash
