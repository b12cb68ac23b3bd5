"""OParl 1.0 and 1.1 (also SD.NET RIM, ALLRIS and SessionNet servers): pure JSON-to-record functions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pipeline.model import AgendaItemRecord, ConsultationRecord, FileRef, MeetingRecord, OrganizationRecord, PaperRecord
from pipeline.errors import ParseError


@dataclass
class ListPage:
    """One page of an OParl list: its objects and the next page, if any."""

    items: list[dict] = field(default_factory=list)
    next_url: str | None = None


def load_json(content: bytes, url: str) -> object:
    """Parse OParl JSON, tolerating what real servers send."""
    text = content.decode("utf-8", errors="replace").lstrip("\ufeff")
    try:
        # Quirk: ALLRIS OParl servers put raw control characters into strings, e.g.
        # https://ratsinfo.braunschweig.de/bi/oparl/1.0/papers.asp?id=1664; strict=False accepts them.
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise ParseError(url, f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise ParseError(url, "invalid JSON (nested too deeply)") from None


def _object(data: object, url: str, kind: str | None = None) -> dict:
    if not isinstance(data, dict):
        raise ParseError(url, "expected a JSON object")
    if kind and not str(data.get("type", "")).endswith("/" + kind):
        raise ParseError(url, f"expected an OParl {kind}, got type '{data.get('type')}'")
    if not _id(data.get("id")):
        raise ParseError(url, "OParl object without id")
    return data


def object_kind(data: dict) -> str:
    """'Paper', 'Meeting', … from an object's type URL."""
    return str(data.get("type", "")).rstrip("/").rsplit("/", 1)[-1]


def parse_list(content: bytes, url: str) -> ListPage:
    """One page of an OParl list (objects in `data`, the next page in `links.next`)."""
    data = load_json(content, url)
    if isinstance(data, list):  # some servers answer a bare array
        return ListPage(items=[d for d in data if isinstance(d, dict)])
    if not isinstance(data, dict) or not isinstance(data.get("data"), list):
        raise ParseError(url, "expected an OParl list with a 'data' array")
    links = data.get("links")
    next_url = links.get("next") if isinstance(links, dict) and isinstance(links.get("next"), str) else None
    return ListPage(items=[d for d in data["data"] if isinstance(d, dict)], next_url=next_url)


def with_filter(url: str, modified_since: datetime | date | None) -> str:
    """A list URL with modified_since set (again): real servers drop it from their next links."""
    if modified_since is None:
        return url
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "modified_since"]
    query.append(("modified_since", modified_since.isoformat()))
    return urlunsplit(parts._replace(query=urlencode(query)))


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _id(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _ref(value: object) -> str | None:
    """An object's id, whether it is embedded or given as a URL."""
    return _id(value.get("id")) if isinstance(value, dict) else _id(value)


def _items(value: object) -> list:
    """A list field as a list: one object or URL where a list belongs counts as a list of one."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, (dict, str)) and value else []


def _refs(value: object) -> list[str]:
    return [r for r in (_ref(v) for v in _items(value)) if r]


def _day(value: object) -> str | None:
    text = _text(value)
    return text[:10] if text else None


def parse_file(data: dict, role: str = "attachment") -> FileRef | None:
    """An embedded File: where to download it, and its text when the server provides one.

    None for a File without any address: it cannot be fetched or named.
    """
    url = _id(data.get("accessUrl")) or _id(data.get("downloadUrl")) or _id(data.get("id"))
    if url is None:
        return None
    return FileRef(
        url=url,
        name=_text(data.get("name")) or _text(data.get("fileName")) or "Datei",
        role=role,
        id=_id(data.get("id")),
        text=data.get("text") if isinstance(data.get("text"), str) else None,
        mime_type=_text(data.get("mimeType")),
    )


def _files(data: dict, keys: tuple[tuple[str, str], ...]) -> list[FileRef]:
    files: list[FileRef] = []
    for key, role in keys:
        for item in _items(data.get(key)):
            if isinstance(item, dict):
                file = parse_file(item, role)
                if file is not None:
                    files.append(file)
            elif isinstance(item, str):
                files.append(FileRef(url=item, name="", role=role, id=item))  # to be fetched as a File
    return files


def is_reference(ref: FileRef) -> bool:
    """Whether a file was given only as a URL, so its File object must be fetched first."""
    return not ref.name and ref.id == ref.url and ref.text is None


def parse_paper(data: object, url: str) -> PaperRecord:
    """An OParl Paper with its embedded consultations and files."""
    paper = _object(data, url, "Paper")
    consultations = []
    for item in _items(paper.get("consultation")):
        if isinstance(item, dict):
            consultations.append(parse_consultation(item))
        elif isinstance(item, str):
            consultations.append(ConsultationRecord(organization="", id=item))
    return PaperRecord(
        url=paper["id"],
        reference=_text(paper.get("reference")),
        title=_text(paper.get("name")) or "",
        paper_type=_text(paper.get("paperType")),
        date=_day(paper.get("date")),
        lead_office=None,
        consultations=consultations,
        files=_files(paper, (("mainFile", "paper"), ("auxiliaryFile", "attachment"))),
        web=_text(paper.get("web")),
        deleted=bool(paper.get("deleted")),
        modified=_text(paper.get("modified")),
        lead_office_urls=_refs(paper.get("underDirectionOf")),
    )


# A role that says no role is known: Karlsruhe serves "unbekannt" for 2011 consultations
# (e.g. https://web1.karlsruhe.de/oparl/bodies/0001/consultations/8000).
_NO_ROLE = {"unbekannt", "keine", "k.a.", "k. a.", "-", "--", "n/a"}


def _role(value) -> str | None:
    role = _text(value)
    return None if role is None or role.strip().lower() in _NO_ROLE else role


def parse_consultation(data: dict) -> ConsultationRecord:
    """An OParl Consultation: which body took the paper up, in what role, at which meeting."""
    organizations = _refs(data.get("organization"))
    return ConsultationRecord(
        organization="",
        organization_url=organizations[0] if organizations else None,
        role=_role(data.get("role")),
        meeting_url=_ref(data.get("meeting")),
        agenda_item_url=_ref(data.get("agendaItem")),
        authoritative=data.get("authoritative") if isinstance(data.get("authoritative"), bool) else None,
        id=_id(data.get("id")),
        paper_url=_ref(data.get("paper")),
    )


def parse_meeting(data: object, url: str) -> MeetingRecord:
    """An OParl Meeting with its embedded agenda items and files."""
    meeting = _object(data, url, "Meeting")
    location = meeting.get("location")
    organizations = _refs(meeting.get("organization"))
    items = []
    for position, item in enumerate(_items(meeting.get("agendaItem")), start=1):
        if not isinstance(item, dict) or not _id(item.get("id")):
            continue
        public, order = item.get("public"), item.get("order")
        items.append(
            AgendaItemRecord(
                url=item["id"],
                number=_text(item.get("number")) or str(position),
                position=order if isinstance(order, int) else position,
                name=_text(item.get("name")) or "",
                public=public if isinstance(public, bool) else True,
                result=_text(item.get("result")),
                resolution_text=item.get("resolutionText") if isinstance(item.get("resolutionText"), str) else None,
                consultation_url=_ref(item.get("consultation")),
                deleted=bool(item.get("deleted")),
                files=_files(item, (("resolutionFile", "resolution"), ("auxiliaryFile", "attachment"))),
            )
        )
    return MeetingRecord(
        url=meeting["id"],
        name=_text(meeting.get("name")) or "",
        end=_text(meeting.get("end")),
        start=_text(meeting.get("start")),
        organization=None,
        organization_url=organizations[0] if organizations else None,
        location=_text(location.get("description")) if isinstance(location, dict) else None,
        cancelled=bool(meeting.get("cancelled")),
        agenda_items=items,
        files=_files(
            meeting,
            (
                ("invitation", "invitation"),
                ("resultsProtocol", "protocol"),
                ("verbatimProtocol", "protocol"),
                ("auxiliaryFile", "attachment"),
            ),
        ),
        deleted=bool(meeting.get("deleted")),
        modified=_text(meeting.get("modified")),
    )


def parse_organization(data: object, url: str) -> OrganizationRecord:
    """An OParl Organization."""
    org = _object(data, url, "Organization")
    return OrganizationRecord(
        url=org["id"],
        name=_text(org.get("name")) or _text(org.get("shortName")) or org["id"],
        short_name=_text(org.get("shortName")),
        kind=_text(org.get("organizationType")) or _text(org.get("classification")),
        deleted=bool(org.get("deleted")),
    )
