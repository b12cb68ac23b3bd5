"""Load and validate the NLP data files under data/nlp."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "nlp"


class DataFileError(Exception):
    """A data file is missing or malformed; the message names file and key."""


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    description: str
    pattern: re.Pattern
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutcomeRule:
    outcome: str
    pattern: re.Pattern


@dataclass(frozen=True)
class OrgPattern:
    kind: str
    pattern: re.Pattern


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str
    variants: tuple[str, ...]


ORG_KINDS = {"council", "administration", "civil_society"}


def _toml(path: Path) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: invalid TOML ({exc})") from None


def _regex(path: Path, where: str, source: object, flags: int = 0) -> re.Pattern:
    if not isinstance(source, str) or not source:
        raise DataFileError(f"{path}: {where} must be a non-empty string")
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise DataFileError(f"{path}: {where} is not a valid regular expression ({exc})") from None


def _string(path: Path, where: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{path}: {where} must be a non-empty string")
    return value


@lru_cache(maxsize=None)
def load_topics(path: Path = DATA_DIR / "topics.toml") -> tuple[Topic, ...]:
    """Action fields with their compiled keyword pattern."""
    data = _toml(path)
    topics = data.get("topic")
    if not isinstance(topics, list) or not topics:
        raise DataFileError(f"{path}: needs at least one [[topic]]")
    result, seen = [], set()
    for i, entry in enumerate(topics):
        where = f"topic[{i}]"
        key = _string(path, f"{where}.key", entry.get("key"))
        if not re.fullmatch(r"[a-z_]+", key) or key in seen:
            raise DataFileError(f"{path}: {where}.key '{key}' must be unique lowercase ASCII")
        seen.add(key)
        keywords = entry.get("keywords")
        if not isinstance(keywords, list) or not keywords:
            raise DataFileError(f"{path}: {where}.keywords must be a non-empty list")
        for j, kw in enumerate(keywords):
            _regex(path, f"{where}.keywords[{j}]", kw)
        joined = r"(?<![\wäöüß])(?:" + "|".join(keywords) + r")(?![\wäöüß])"
        result.append(
            Topic(
                key=key,
                label=_string(path, f"{where}.label", entry.get("label")),
                description=_string(path, f"{where}.description", entry.get("description")),
                pattern=re.compile(joined, re.IGNORECASE),
                keywords=tuple(keywords),
            )
        )
    return tuple(result)


@lru_cache(maxsize=None)
def load_outcome_rules(path: Path = DATA_DIR / "outcomes.toml") -> tuple[tuple[str, ...], tuple[OutcomeRule, ...]]:
    """The outcome vocabulary and the ordered rules that map raw results onto it."""
    data = _toml(path)
    vocabulary = data.get("vocabulary")
    if not isinstance(vocabulary, list) or "sonstiges" not in vocabulary:
        raise DataFileError(f"{path}: vocabulary must be a list that includes 'sonstiges'")
    rules = []
    for i, entry in enumerate(data.get("rule") or []):
        outcome = _string(path, f"rule[{i}].outcome", entry.get("outcome"))
        if outcome not in vocabulary:
            raise DataFileError(f"{path}: rule[{i}].outcome '{outcome}' is not in the vocabulary")
        rules.append(OutcomeRule(outcome, _regex(path, f"rule[{i}].pattern", entry.get("pattern"), re.IGNORECASE)))
    if not rules:
        raise DataFileError(f"{path}: needs at least one [[rule]]")
    return tuple(vocabulary), tuple(rules)


@lru_cache(maxsize=None)
def load_org_patterns(path: Path = DATA_DIR / "organization_patterns.toml") -> tuple[OrgPattern, ...]:
    """Regular expressions for productive organisation names."""
    data = _toml(path)
    result = []
    for i, entry in enumerate(data.get("pattern") or []):
        kind = _string(path, f"pattern[{i}].kind", entry.get("kind"))
        if kind not in ORG_KINDS:
            raise DataFileError(f"{path}: pattern[{i}].kind '{kind}' must be one of {sorted(ORG_KINDS)}")
        result.append(OrgPattern(kind, _regex(path, f"pattern[{i}].regex", entry.get("regex"))))
    if not result:
        raise DataFileError(f"{path}: needs at least one [[pattern]]")
    return tuple(result)


@lru_cache(maxsize=None)
def load_gazetteer(path: Path = DATA_DIR / "organizations.jsonl") -> tuple[GazetteerEntry, ...]:
    """Known organisations with the variants that name them."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read ({exc.strerror})") from None
    result = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
        name = _string(path, f"line {number} name", entry.get("name"))
        kind = entry.get("kind")
        if kind not in ORG_KINDS:
            raise DataFileError(f"{path}:{number}: kind '{kind}' must be one of {sorted(ORG_KINDS)}")
        variants = entry.get("variants")
        if not isinstance(variants, list) or not all(isinstance(v, str) and v for v in variants):
            raise DataFileError(f"{path}:{number}: variants must be a list of non-empty strings")
        result.append(GazetteerEntry(name, kind, tuple(variants)))
    return tuple(result)
