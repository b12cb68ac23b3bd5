"""A small OParl server on 127.0.0.1 that replays an archive: a test and benchmark helper.

It serves System → Bodies → paginated lists of organizations, meetings and papers, honours
`modified_since`, embeds file texts as OParl `File.text`, and can inject faults: every n-th
request answers 503, chosen requests stall past the client's timeout or send a truncated body.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

KARLSRUHE_PREFIX = "https://web1.karlsruhe.de/oparl"


@dataclass
class Faults:
    """Faults to inject, counted over all requests."""

    every_nth_503: int = 0  # 0: never
    stall_requests: set[int] = field(default_factory=set)  # request numbers that stall
    stall_seconds: float = 0.0
    truncate_requests: set[int] = field(default_factory=set)  # request numbers whose body is cut


@dataclass
class Archive:
    """The objects to serve, with ids under `prefix` (rewritten to the server's address)."""

    prefix: str
    organizations: list[dict]
    meetings: list[dict]
    papers: list[dict]
    file_texts: dict[str, str] = field(default_factory=dict)
    body_name: str = "Stadt"
    objects: dict[str, dict] = field(default_factory=dict)  # served at their own id (objects given as URLs)


def _modified(obj: dict) -> datetime | None:
    value = obj.get("modified")
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def load_karlsruhe(corpus: Path, papers: int | None = None, meetings: int | None = None,
                   texts: bool = True) -> Archive:
    """Karlsruhe's archive from the shared corpus (optionally only the first N papers/meetings)."""

    def jsonl(name: str, limit: int | None) -> list[dict]:
        out = []
        with gzip.open(corpus / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                out.append(json.loads(line))
                if limit is not None and len(out) >= limit:
                    break
        return out

    paper_list = jsonl("papers.jsonl.gz", papers)
    meeting_list = jsonl("meetings.jsonl.gz", meetings)
    with gzip.open(corpus / "organizations.json.gz", "rt", encoding="utf-8") as handle:
        organizations = json.load(handle)
    wanted = None
    if papers is not None or meetings is not None:
        wanted = {f["id"] for obj in paper_list + meeting_list for f in _files_of(obj)}
    file_texts: dict[str, str] = {}
    if texts:
        with gzip.open(corpus / "file_texts.jsonl.gz", "rt", encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if wanted is None or record.get("id") in wanted:
                    file_texts[record["id"]] = record.get("text") or ""
    return Archive(prefix=KARLSRUHE_PREFIX, organizations=organizations, meetings=meeting_list,
                   papers=paper_list, file_texts=file_texts, body_name="Stadt Karlsruhe")


def _files_of(obj: dict) -> list[dict]:
    out = []
    for key in ("mainFile", "auxiliaryFile", "invitation", "resultsProtocol", "verbatimProtocol"):
        value = obj.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            if isinstance(item, dict) and item.get("id"):
                out.append(item)
    return out


class OParlReplay:
    """Serve an Archive; use as a context manager. `url` is the System's address."""

    def __init__(self, archive: Archive, page_size: int = 100, faults: Faults | None = None,
                 empty_list_404: bool = False):
        self.archive = archive
        self.page_size = page_size
        self.faults = faults or Faults()
        self.empty_list_404 = empty_list_404
        self.requests: list[str] = []
        self._lock = threading.Lock()
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                replay._serve(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/oparl"

    @property
    def url(self) -> str:
        return self.base + "/system"

    def __enter__(self) -> "OParlReplay":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # ------------------------------------------------------------ answering

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(handler.path)
            number = len(self.requests)
        faults = self.faults
        if faults.every_nth_503 and number % faults.every_nth_503 == 0:
            self._send(handler, 503, b'{"error": "busy"}')
            return
        if number in faults.stall_requests:
            time.sleep(faults.stall_seconds)
        status, body = self._answer(handler.path)
        if number in faults.truncate_requests and len(body) > 10:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body[: len(body) // 2])
            handler.close_connection = True
            return
        self._send(handler, status, body)

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: bytes) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _dump(self, obj: object) -> bytes:
        return json.dumps(obj, ensure_ascii=False).replace(self.archive.prefix, self.base).encode("utf-8")

    def _answer(self, path: str) -> tuple[int, bytes]:
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        route = parts.path.removeprefix("/oparl")
        body_id = f"{self.archive.prefix}/bodies/0001"
        if route == "/system":
            return 200, self._dump({"id": f"{self.archive.prefix}/system", "type": "https://schema.oparl.org/1.1/System",
                                    "oparlVersion": "https://schema.oparl.org/1.1/",
                                    "body": f"{self.archive.prefix}/bodies", "name": "OParl replay"})
        body = {"id": body_id, "type": "https://schema.oparl.org/1.1/Body", "name": self.archive.body_name,
                "organization": f"{body_id}/organizations", "meeting": f"{body_id}/meetings",
                "paper": f"{body_id}/papers"}
        if route == "/bodies":
            return 200, self._dump({"data": [body], "links": {}})
        lists = {"/bodies/0001/organizations": self.archive.organizations,
                 "/bodies/0001/meetings": self.archive.meetings, "/bodies/0001/papers": self.archive.papers}
        if route in lists:
            return self._page(route, lists[route], query)
        if self.archive.prefix + route in self.archive.objects:
            obj = self.archive.objects[self.archive.prefix + route]
            return 200, self._dump(self._file_with_text(self._with_texts(obj)))
        return 404, b'{"error": "not found"}'

    def _page(self, route: str, objects: list[dict], query: dict) -> tuple[int, bytes]:
        since = query.get("modified_since", [None])[0]
        if since:
            threshold = datetime.fromisoformat(since)
            objects = [o for o in objects if (_modified(o) or threshold) >= threshold]
        if not objects and self.empty_list_404:
            return 404, b'{"error": "no objects"}'
        page = int(query.get("page", ["1"])[0])
        chunk = objects[(page - 1) * self.page_size: page * self.page_size]
        data = [self._with_texts(o) for o in chunk]
        links = {}
        if page * self.page_size < len(objects):
            # Like real servers, the next link drops modified_since; the client must put it back.
            links["next"] = f"{self.archive.prefix}{route}?page={page + 1}"
        return 200, self._dump({"data": data, "links": links,
                                "pagination": {"totalElements": len(objects), "currentPage": page}})

    def _with_texts(self, obj: dict) -> dict:
        if not self.archive.file_texts:
            return obj
        copy = dict(obj)
        for key in ("mainFile", "auxiliaryFile", "invitation", "resultsProtocol", "verbatimProtocol"):
            value = copy.get(key)
            if isinstance(value, list):
                copy[key] = [self._file_with_text(f) for f in value]
            elif isinstance(value, dict):
                copy[key] = self._file_with_text(value)
        return copy

    def _file_with_text(self, file: object) -> object:
        if isinstance(file, dict) and file.get("id") in self.archive.file_texts:
            return {**file, "text": self.archive.file_texts[file["id"]]}
        return file


def main() -> None:
    """Serve Karlsruhe's archive until killed: python -m tests.helpers.oparl_replay CORPUS_DIR (prints the System URL)."""
    import sys

    with OParlReplay(load_karlsruhe(Path(sys.argv[1]))) as replay:
        print(replay.url, flush=True)
        replay.thread.join()


if __name__ == "__main__":
    main()
