"""Load and validate the NLP data files under data/nlp."""

from __future__ import annotations

import json
import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.errors import DataFileError
from pipeline.resources import shipped

def data_dir() -> Path:
    """The NLP data files' folder: PIPELINE_NLP_DATA (a copy the operator edits), else the shipped data/nlp."""
    configured = os.environ.get("PIPELINE_NLP_DATA")
    return Path(configured) if configured else shipped("nlp")


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    description: str
    lemmas: re.Pattern  # fullmatched against a word's lowercased lemma and the word itself
    phrases: re.Pattern | None  # searched in the lowercased text
    sources: tuple[str, ...] = ()  # the lemma patterns as written in the data file


@dataclass(frozen=True)
class OutcomeRule:
    outcome: str
    pattern: re.Pattern


@dataclass(frozen=True)
class OrgPattern:
    kind: str
    pattern: re.Pattern
    hint: re.Pattern | None = None  # a word every match contains: the pattern is tried only around it


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


TOPIC_FIELDS = {"key", "label", "description", "lemmas", "phrases"}


@lru_cache(maxsize=None)
def load_topics(path: Path | None = None) -> tuple[Topic, ...]:
    """Action fields with their compiled lemma and phrase patterns."""
    path = path or data_dir() / "topics.toml"
    data = _toml(path)
    topics = data.get("topic")
    if not isinstance(topics, list) or not topics:
        raise DataFileError(f"{path}: needs at least one [[topic]]")
    unknown_tables = set(data) - {"topic", "compounds"}
    if unknown_tables:
        raise DataFileError(f"{path}: unknown table(s) {', '.join(sorted(unknown_tables))}")
    result, seen = [], set()
    for i, entry in enumerate(topics):
        where = f"topic[{i}]"
        unknown = set(entry) - TOPIC_FIELDS
        if unknown:
            raise DataFileError(f"{path}: {where} has unknown field(s) {', '.join(sorted(unknown))}")
        key = _string(path, f"{where}.key", entry.get("key"))
        if not re.fullmatch(r"[a-z_]+", key) or key in seen:
            raise DataFileError(f"{path}: {where}.key '{key}' must be unique lowercase ASCII")
        seen.add(key)
        lemmas = entry.get("lemmas")
        if not isinstance(lemmas, list) or not lemmas:
            raise DataFileError(f"{path}: {where}.lemmas must be a non-empty list")
        for j, lemma in enumerate(lemmas):
            _regex(path, f"{where}.lemmas[{j}]", lemma)
            if " " in lemma:
                raise DataFileError(f"{path}: {where}.lemmas[{j}] '{lemma}' has a space; put phrases under phrases")
        phrases = entry.get("phrases", [])
        if not isinstance(phrases, list):
            raise DataFileError(f"{path}: {where}.phrases must be a list")
        for j, phrase in enumerate(phrases):
            _regex(path, f"{where}.phrases[{j}]", phrase)
        result.append(
            Topic(
                key=key,
                label=_string(path, f"{where}.label", entry.get("label")),
                description=_string(path, f"{where}.description", entry.get("description")),
                lemmas=re.compile("(?:" + "|".join(lemmas) + ")", re.IGNORECASE),
                phrases=re.compile(r"(?<![\wäöüß])(?:" + "|".join(phrases) + r")(?![\wäöüß])", re.IGNORECASE)
                if phrases else None,
                sources=tuple(lemmas),
            )
        )
    return tuple(result)


@lru_cache(maxsize=None)
def load_neutral_heads(path: Path | None = None) -> tuple[str, ...]:
    """Compound heads that carry no action field of their own ("-politik"), longest first."""
    path = path or data_dir() / "topics.toml"
    compounds = _toml(path).get("compounds", {})
    if not isinstance(compounds, dict) or set(compounds) - {"neutral_heads"}:
        raise DataFileError(f"{path}: [compounds] may only hold neutral_heads")
    heads = compounds.get("neutral_heads", [])
    if not isinstance(heads, list):
        raise DataFileError(f"{path}: compounds.neutral_heads must be a list")
    for j, head in enumerate(heads):
        if not isinstance(head, str) or not re.fullmatch(r"[a-zäöüß]{3,}", head):
            raise DataFileError(f"{path}: compounds.neutral_heads[{j}] {head!r} must be one lowercase word "
                                "of three letters or more")
    if len(set(heads)) != len(heads):
        raise DataFileError(f"{path}: compounds.neutral_heads lists a head twice")
    return tuple(sorted(heads, key=len, reverse=True))


@lru_cache(maxsize=None)
def load_outcome_rules(path: Path | None = None) -> tuple[tuple[str, ...], tuple[OutcomeRule, ...]]:
    """The outcome vocabulary and the ordered rules that map raw results onto it."""
    path = path or data_dir() / "outcomes.toml"
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
def load_outcome_labels(path: Path | None = None) -> dict[str, str]:
    """German labels of the outcome vocabulary, one for every word."""
    path = path or data_dir() / "outcomes.toml"
    vocabulary, _ = load_outcome_rules(path)
    labels = _toml(path).get("labels")
    if not isinstance(labels, dict):
        raise DataFileError(f"{path}: needs a [labels] table")
    for key in vocabulary:
        _string(path, f"labels.{key}", labels.get(key))
    if unknown := sorted(set(labels) - set(vocabulary)):
        raise DataFileError(f"{path}: labels.{unknown[0]} is not in the vocabulary")
    return {key: labels[key] for key in vocabulary}


@lru_cache(maxsize=None)
def load_org_patterns(path: Path | None = None) -> tuple[OrgPattern, ...]:
    """Regular expressions for productive organisation names."""
    path = path or data_dir() / "organization_patterns.toml"
    data = _toml(path)
    result = []
    for i, entry in enumerate(data.get("pattern") or []):
        kind = _string(path, f"pattern[{i}].kind", entry.get("kind"))
        if kind not in ORG_KINDS:
            raise DataFileError(f"{path}: pattern[{i}].kind '{kind}' must be one of {sorted(ORG_KINDS)}")
        hint = entry.get("hint")
        result.append(OrgPattern(kind, _regex(path, f"pattern[{i}].regex", entry.get("regex")),
                                 _regex(path, f"pattern[{i}].hint", hint) if hint is not None else None))
    if not result:
        raise DataFileError(f"{path}: needs at least one [[pattern]]")
    return tuple(result)


@lru_cache(maxsize=None)
def load_gazetteer(path: Path | None = None) -> tuple[GazetteerEntry, ...]:
    """Known organisations with the variants that name them."""
    path = path or data_dir() / "organizations.jsonl"
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
        if not isinstance(variants, list) or not variants or not all(isinstance(v, str) and v for v in variants):
            raise DataFileError(f"{path}:{number}: variants must be a non-empty list of non-empty strings")
        lower = next((v for v in variants if not v[0].isupper()), None)
        if lower is not None:  # names start with a capital; the matcher relies on it (rules._gazetteer_pattern)
            raise DataFileError(f"{path}:{number}: variant '{lower}' must start with a capital letter")
        result.append(GazetteerEntry(name, kind, tuple(variants)))
    return tuple(result)


@dataclass(frozen=True)
class BeratungsfolgeWords:
    roles: tuple[str, ...]
    result_words: tuple[str, ...]
    sections: tuple[str, ...]
    header_labels: tuple[str, ...]


@lru_cache(maxsize=None)
def load_beratungsfolge(path: Path | None = None) -> BeratungsfolgeWords:
    """Roles, result words, section headings and header labels for reading a printed Beratungsfolge."""
    path = path or data_dir() / "beratungsfolge.toml"
    data = _toml(path)
    lists = {}
    for name in ("roles", "result_words", "sections", "header_labels"):
        words = data.get(name)
        if not isinstance(words, list) or not words:
            raise DataFileError(f"{path}: {name} must be a non-empty list of words")
        for i, word in enumerate(words):
            _string(path, f"{name}[{i}]", word)
        lists[name] = tuple(words)
    unknown = set(data) - set(lists)
    if unknown:
        raise DataFileError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    return BeratungsfolgeWords(**lists)


@dataclass(frozen=True)
class VoteWords:
    """data/nlp/votes.toml: regular-expression fragments for reading printed votes (pipeline.nlp.votes)."""

    labels: tuple[tuple[str, tuple[str, ...]], ...]  # (yes_strong | yes_weak | no_strong | no_weak | abstain_strong, …)
    numbers: tuple[tuple[str, int], ...]  # number words and their values
    articles: tuple[str, ...]
    unanimous: tuple[str, ...]
    majority: tuple[str, ...]
    negations: tuple[str, ...]
    decisions: tuple[str, ...]
    vote_labels: tuple[str, ...]
    hypotheticals: tuple[str, ...]
    separators: tuple[str, ...]
    headings: tuple[str, ...]

    def label(self, name: str) -> tuple[str, ...]:
        return dict(self.labels)[name]


VOTE_LABELS = ("yes_strong", "yes_weak", "no_strong", "no_weak", "abstain_strong")
VOTE_WORDS = ("articles", "unanimous", "majority", "negations", "decisions", "vote_labels", "hypotheticals",
              "separators", "headings")


@lru_cache(maxsize=None)
def load_vote_words(path: Path | None = None) -> VoteWords:
    """Labels, number words, flags and context words for reading printed votes."""
    path = path or data_dir() / "votes.toml"
    data = _toml(path)
    if unknown := set(data) - {"labels", "numbers", "words"}:
        raise DataFileError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}")

    def fragments(table: str, name: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise DataFileError(f"{path}: {table}.{name} must be a non-empty list")
        for i, fragment in enumerate(value):
            _regex(path, f"{table}.{name}[{i}]", fragment)
        return tuple(value)

    tables: dict[str, dict] = {}
    for name in ("labels", "numbers", "words"):
        if not isinstance(table := data.get(name), dict):
            raise DataFileError(f"{path}: needs a [{name}] table")
        tables[name] = table
    labels, numbers, words = tables["labels"], tables["numbers"], tables["words"]
    for table, known, value in (("labels", VOTE_LABELS, labels), ("words", VOTE_WORDS, words)):
        if unknown := set(value) - set(known):
            raise DataFileError(f"{path}: {table}.{sorted(unknown)[0]} is not one of {', '.join(known)}")
    if not numbers:
        raise DataFileError(f"{path}: [numbers] needs at least one number word")
    for word, value in numbers.items():
        if not re.fullmatch(r"[a-zäöüß]+", word) or not isinstance(value, int) or isinstance(value, bool) \
                or not 0 <= value <= 99:
            raise DataFileError(f"{path}: numbers.{word} must be a lowercase word with a whole number 0-99")
    found = {name: fragments("words", name, words.get(name)) for name in VOTE_WORDS}
    if missing := set(found["articles"]) - set(numbers):
        raise DataFileError(f"{path}: words.articles lists '{sorted(missing)[0]}', which is not under [numbers]")
    return VoteWords(labels=tuple((name, fragments("labels", name, labels.get(name))) for name in VOTE_LABELS),
                     numbers=tuple(numbers.items()), **found)


def vocabularies() -> tuple[list[dict], dict[str, str]]:
    """What the site shows of the data files: the action fields (key, label, description) and outcome labels."""
    topics = [{"key": t.key, "label": t.label, "description": t.description} for t in load_topics()]
    return topics, load_outcome_labels()


@dataclass(frozen=True)
class ProcessPattern:
    kind: str
    regex: re.Pattern
    outcome: str | None
    tense: str | None  # "past": told in the past or passive; "plan": announced; "minutes": a resolution minutes record
    dated: bool = False  # only in a sentence that gives a date


@dataclass(frozen=True)
class ProcessWords:
    priority: tuple[str, ...]
    stems: re.Pattern  # a part of a word every pattern needs: sentences without one are skipped
    past: re.Pattern
    plan: tuple[re.Pattern, ...]  # a step announced, with its verb
    announce: tuple[re.Pattern, ...]  # a step announced, its verb told by a pattern
    patterns: tuple[ProcessPattern, ...]


PROCESS_KINDS = ("decision", "commission", "consultation", "event")


def _literal_trie(words: list[str]) -> str:
    """A regular expression matching any of the words, factored by common prefixes (much faster to scan for than
    a flat alternation of many literals)."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return body + ("?" if "" in node else "")

    return emit(tree)


@lru_cache(maxsize=None)
def load_process_words(path: Path | None = None) -> ProcessWords:
    """The words that tell a process step's kind (data/nlp/process.toml), validated."""
    path = path or data_dir() / "process.toml"
    data = _toml(path)
    unknown = set(data) - {"priority", "stems", "past", "plan", "announce", "pattern"}
    if unknown:
        raise DataFileError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    priority = data.get("priority")
    if not isinstance(priority, list) or sorted(priority) != sorted(PROCESS_KINDS):
        raise DataFileError(f"{path}: priority must list each of {', '.join(PROCESS_KINDS)} once")
    plan, announce = data.get("plan"), data.get("announce")
    if not isinstance(plan, list) or not plan or not isinstance(announce, list) or not announce:
        raise DataFileError(f"{path}: plan and announce must be non-empty lists of regular expressions")
    outcomes = load_outcome_labels()
    patterns = []
    for i, entry in enumerate(data.get("pattern") or []):
        where = f"pattern[{i}]"
        if not isinstance(entry, dict) or set(entry) - {"kind", "regex", "outcome", "tense", "dated"}:
            raise DataFileError(f"{path}: {where} may only have kind, regex, outcome, tense and dated")
        if not isinstance(entry.get("dated", False), bool):
            raise DataFileError(f"{path}: {where}.dated must be true or false")
        kind = entry.get("kind")
        if kind not in PROCESS_KINDS:
            raise DataFileError(f"{path}: {where}.kind '{kind}' must be one of {', '.join(PROCESS_KINDS)}")
        outcome = entry.get("outcome")
        if outcome is not None and (kind != "decision" or outcome not in outcomes):
            raise DataFileError(f"{path}: {where}.outcome '{outcome}' must be an outcome key, for a decision only")
        tense = entry.get("tense")
        if tense not in (None, "past", "plan", "minutes"):
            raise DataFileError(f"{path}: {where}.tense must be \"past\", \"plan\", \"minutes\" or left out")
        patterns.append(ProcessPattern(kind, _regex(path, f"{where}.regex", entry.get("regex")), outcome, tense,
                                       entry.get("dated", False)))
    if not patterns:
        raise DataFileError(f"{path}: needs at least one [[pattern]]")
    stems = data.get("stems")
    if not isinstance(stems, list) or not stems or not all(isinstance(x, str) and x.strip() for x in stems):
        raise DataFileError(f"{path}: stems must be a non-empty list of word parts")
    return ProcessWords(tuple(priority), re.compile(_literal_trie(stems)), _regex(path, "past", data.get("past")),
                        tuple(_regex(path, f"plan[{i}]", p) for i, p in enumerate(plan)),
                        tuple(_regex(path, f"announce[{i}]", p) for i, p in enumerate(announce)), tuple(patterns))


def check_data_files() -> None:
    """Read every NLP data file once, so that a broken one is a one-line DataFileError before any work."""
    load_topics()
    load_neutral_heads()
    load_outcome_rules()
    load_org_patterns()
    load_gazetteer()
    load_beratungsfolge()
    load_vote_words()
    load_process_words()
