"""The SQLite store: the only module that writes the database."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import sqlite_utils

from pipeline.errors import StoreError
from pipeline.model import (FileDoc, MeetingRecord, OrganizationRecord, PaperRecord, RunStatus,
                            paper_fingerprint)
from pipeline.redact import public_url
from pipeline.store.reader import stale_reason
from pipeline.store.schema import (
    FOREIGN_KEYS,
    FTS,
    INDEXES,
    KEYED_COLUMNS,
    PAGE_BREAK,
    PRIMARY_KEYS,
    SCHEMA,
    SCHEMA_VERSION,
    SEARCHABLE,
    VOTE_COLUMNS,
    now,
    org_id,
    passage_id,
    row_key,
    unkey,
)


def vote_columns(votes: list[dict]) -> dict:
    """A result's vote columns (VOTE_COLUMNS): the counts and flag of its one vote, where it prints exactly
    one; the texts and the list of all its votes as JSON ({yes, no, abstain, unanimous, text})."""
    one = votes[0] if len(votes) == 1 else {}
    unanimous = one.get("unanimous")
    values = (one.get("yes"), one.get("no"), one.get("abstain"), None if unanimous is None else int(unanimous),
              " | ".join(vote["text"] for vote in votes) or None,
              json.dumps(votes, ensure_ascii=False) if votes else None)
    return dict(zip(VOTE_COLUMNS, values, strict=True))


_COLUMN = re.compile(r"[a-z_][a-z0-9_]*")


def _column_names(*rows: dict) -> list[str]:
    """The columns of rows the writer builds, in order; each a plain identifier (they are written into SQL)."""
    names = list(dict.fromkeys(name for row in rows for name in row))
    if not all(_COLUMN.fullmatch(name) for name in names):
        raise ValueError(f"not a column name: {names}")
    return names


# Tables only this pipeline's databases hold, also those written before the schema was versioned.
_HALLMARKS = {"database_info", "ingest_state", "ingest_runs", "mentions", "topic_links", "passages"}


class Store:
    """Write access to the ratsinfo database."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.execute("PRAGMA busy_timeout=10000")
            self._refuse_a_foreign_database()  # before WAL mode, which rewrites the file's header
            self.db.enable_wal()
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.ensure_schema()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"{self.path}: cannot open database ({exc})") from None

    def close(self) -> None:
        self.db.close()

    def _refuse_a_foreign_database(self) -> None:
        """Refuse a SQLite file another program wrote: the schema would be added to its tables (attack a15)."""
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if not tables or version >= 1 or tables & _HALLMARKS:
            return
        shown = ", ".join(sorted(tables)[:4]) + (", …" if len(tables) > 4 else "")
        raise StoreError(f"{self.path}: not a database of this pipeline (it holds the tables {shown}); "
                         "give a new file or one the pipeline wrote")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ purpose

    def claim(self, purpose: str) -> None:
        """Mark the database as the offline demo's ("demo") or real cities' ("cities"); refuse the other.

        The demo's cities carry the real slugs (herne, rostock, …): in one database its rows and
        high-water marks would pass for real ones, and a real run would start from the demo's dates.
        """
        stored = next((row["value"] for row in self.db.query(
            "SELECT value FROM database_info WHERE key = 'purpose'")), None)
        if stored is None and purpose == "demo" and self.db.table("cities").count:
            stored = "cities"  # real cities stored before databases were marked
        if stored is not None and stored != purpose:
            if purpose == "demo":
                raise StoreError(f"{self.path}: this database holds real cities; the offline demo writes a database "
                                 "of its own (leave out --db)")
            raise StoreError(f"{self.path}: this database holds the offline demo; ingest real cities into "
                             "another one (leave out --db)")
        if stored is None:
            with self.db.atomic():
                self.db.table("database_info").insert({"key": "purpose", "value": purpose}, pk="key", replace=True)

    # ------------------------------------------------------------ schema

    def ensure_schema(self) -> None:
        """Create missing tables, columns, indexes and full-text indexes; migrate older databases."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        with self.db.atomic():
            for name, columns in SCHEMA.items():
                table = self.db.table(name)
                if not table.exists():
                    # Foreign keys are declared for Datasette's labels and joins; SQLite does not
                    # enforce them here, so a consultation may name a meeting not fetched yet.
                    table.create(columns, pk=PRIMARY_KEYS.get(name, "id"), foreign_keys=FOREIGN_KEYS.get(name, []))
                else:
                    for column, kind in columns.items():
                        if column not in table.columns_dict:
                            table.add_column(column, kind)
            for name, indexes in INDEXES.items():
                for indexed in indexes:
                    self.db.table(name).create_index(indexed, if_not_exists=True)
        for name, searched in FTS.items():
            if not self.db.table(name).detect_fts():
                self.db.table(name).enable_fts(searched, create_triggers=True)
        if version < SCHEMA_VERSION:
            with self.db.atomic():
                if version < 2:
                    self._key_rows_by_city()
                if version < 3:
                    self._remove_credentials()
                # 4: the vote columns (VOTE_COLUMNS) were added above, as every new column is: every row
                # is kept, and its votes are empty until an ingest writes it again.
                if version < 5:  # meetings.end stays empty until fetched again; a result's change time is unknown
                    self.db.execute("UPDATE consultations SET changed_at = fetched_at WHERE changed_at IS NULL")
                self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _key_rows_by_city(self) -> None:
        """Key every id and reference by its row's city, as versions before 2 did not.

        Idempotent: a value that already starts with its row's city and ':' is left alone, like
        the ids of bodies known by name (`herne:Rat der Stadt`) that org_id always keyed. A URL
        whose scheme is the city's slug (`http://…` of a city `http`) is not mistaken for a key.
        """
        # sqlite-utils' full-text triggers index a row again on any update; the keys are not
        # indexed, so they are set aside (Karlsruhe's file texts would all be tokenised again).
        triggers = [row[0] for table in FTS for row in self.db.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [f"{table}_au"])]
        for table in FTS:
            self.db.execute(f"DROP TRIGGER IF EXISTS [{table}_au]")
        for table, columns in KEYED_COLUMNS.items():
            if not self.db.table(table).exists():
                continue
            for column in columns:
                where = (f"city IS NOT NULL AND [{column}] IS NOT NULL AND NOT ("
                         f"substr([{column}], 1, length(city) + 1) = city || ':' "
                         f"AND substr([{column}], length(city) + 2, 2) <> '//')")
                self.db.execute(f"UPDATE [{table}] SET [{column}] = city || ':' || [{column}] WHERE {where}")
        for sql in triggers:
            self.db.execute(sql)

    def _remove_credentials(self) -> None:
        """Strip users, passwords and credential-like parameters from the stored URLs (not from keys),
        as versions before 3 stored them as configured or given."""
        self.db.conn.create_function("ratsinfo_public_url", 1, lambda url: url and public_url(url), deterministic=True)
        for table, columns in SCHEMA.items():
            if not self.db.table(table).exists():
                continue
            for column in (c for c in columns if c in ("url", "web")):
                self.db.execute(f"UPDATE [{table}] SET [{column}] = ratsinfo_public_url([{column}]) "
                                f"WHERE ratsinfo_public_url([{column}]) <> [{column}]")  # only rows it changes

    # ------------------------------------------------------------ search index

    def sync_vocabularies(self, topics: list[dict], outcomes: dict[str, str]) -> None:
        """The action fields (key, label, description) and outcome labels the site shows, as the data files say."""
        with self.db.atomic():
            self.db.table("topics").upsert_all(topics, pk="key")
            self.db.table("outcomes").upsert_all([{"key": key, "label": label} for key, label in outcomes.items()],
                                                 pk="key")

    def city_slugs(self) -> list[str]:
        """The cities stored, by slug."""
        return [row["slug"] for row in self.db.query("SELECT slug FROM cities ORDER BY slug")]

    def build_search_index(self, lemmas_of) -> dict[str, int]:
        """(Re)build the German search indexes; returns the rows indexed per table.

        Passages: `passages_fts` (text and the NLP's lemmas), and `passages_search` (each
        passage's city, paper and date, for sorting hits). Papers and agenda items:
        `<table>_lemmas` (lemmas of their SEARCHABLE columns, rowids shared with the table). All
        three: `<table>_trigram` over those columns. Run after an ingest (`pipeline index`).
        `lemmas_of(*texts)` is the search's own (pipeline.search.terms): the store only writes.
        """
        with self.db.atomic():
            self.db.table("passages").enable_fts(["text", "lemmas"], create_triggers=False, replace=True)
            for table, columns in SEARCHABLE.items():
                if table != "passages":
                    self._build_lemma_index(table, columns, lemmas_of)
                self._build_trigram_index(table, columns)
            self._build_passage_dates()
            built, counts = now(), {table: self.db.table(table).count for table in SEARCHABLE}
            self.db.table("search_index").upsert_all(
                [{"name": table, "built_at": built, "rows": rows} for table, rows in counts.items()], pk="name")
        return counts

    def _build_passage_dates(self) -> None:
        # Search hits are sorted and filtered by date; looking it up through papers, files and
        # meetings for each of 200,000 hits of a common word took 0.5 s on Karlsruhe, this table 0.3 s.
        self.db.execute("DROP TABLE IF EXISTS passages_search")
        self.db.execute("CREATE TABLE passages_search (rowid INTEGER PRIMARY KEY, city TEXT, paper TEXT, datum TEXT)")
        self.db.execute("""
            INSERT INTO passages_search
            SELECT s.rowid, s.city, s.paper,
                   coalesce(p.date, (SELECT substr(m.start, 1, 10) FROM files f JOIN meetings m ON m.id = f.meeting
                                     WHERE f.id = s.file))
            FROM passages s LEFT JOIN papers p ON p.id = s.paper""")

    def _build_lemma_index(self, table: str, columns: tuple[str, ...], lemmas_of) -> None:
        index = f"{table}_lemmas"
        self.db.execute(f"DROP TABLE IF EXISTS [{index}]")
        self.db.execute(f"CREATE VIRTUAL TABLE [{index}] USING fts5(lemmas, content='')")  # matched only
        rows = self.db.execute(f"SELECT rowid, {', '.join(f'[{c}]' for c in columns)} FROM [{table}]")
        self.db.conn.executemany(f"INSERT INTO [{index}](rowid, lemmas) VALUES (?, ?)",
                                 ((row[0], lemmas_of(*row[1:])) for row in rows))

    def _build_trigram_index(self, table: str, columns: tuple[str, ...]) -> None:
        index = f"{table}_trigram"
        for event in ("insert", "delete", "update"):  # left by a development version that kept it current
            self.db.execute(f"DROP TRIGGER IF EXISTS [{index}_{event}]")
        self.db.execute(f"DROP TABLE IF EXISTS [{index}]")
        self.db.execute(f"CREATE VIRTUAL TABLE [{index}] USING fts5({', '.join(f'[{c}]' for c in columns)}, "
                        f"content=[{table}], content_rowid='rowid', tokenize='trigram')")
        self.db.execute(f"INSERT INTO [{index}]([{index}]) VALUES('rebuild')")

    def search_index_stale(self) -> str | None:
        """Why the search indexes do not cover the stored data, or None when they do (pipeline.store.reader)."""
        connection = self.db.conn
        factory, connection.row_factory = connection.row_factory, sqlite3.Row
        try:
            return stale_reason(connection)
        finally:
            connection.row_factory = factory

    # ------------------------------------------------------------ ingest runs

    def start_run(self, pid: int, version: str, cities: int) -> int:
        """Record a run as running; runs still marked running were cut off (the caller holds the lock)."""
        self.db.execute("UPDATE ingest_runs SET status = 'crashed' WHERE status = 'running'")
        self.db.execute("UPDATE ingest_run_cities SET status = 'crashed' WHERE status = 'running'")
        row = {"started": now(), "status": "running", "pid": pid, "version": version, "cities": cities, "failures": 0}
        with self.db.atomic():
            run = self.db.table("ingest_runs").insert(row).last_pk
        assert run is not None  # an insert into a rowid table always sets it
        return run

    def start_city_run(self, run: int, city: str) -> None:
        self.db.table("ingest_run_cities").upsert(
            {"id": f"{run}:{city}", "run": run, "city": city, "started": now(), "status": "running"}, pk="id")
        self.db.conn.commit()

    def finish_city_run(self, run: int, city: str, counts: dict) -> None:
        """The city's counts (CityReport.counts()) and status, as its summary line reports them."""
        self.db.table("ingest_run_cities").update(f"{run}:{city}", counts | {"finished": now()})
        self.db.conn.commit()

    def finish_run(self, run: int, status: RunStatus, exit_code: int) -> None:
        failures = self.db.execute("SELECT coalesce(sum(failures), 0) FROM ingest_run_cities WHERE run = ?",
                                   [run]).fetchone()[0]
        self.db.table("ingest_runs").update(run, {"finished": now(), "status": status, "exit_code": exit_code,
                                                  "failures": failures})
        self.db.conn.commit()

    # ------------------------------------------------------------ writers

    def upsert_city(self, city) -> None:
        """Record a configured city."""
        ris = city.ris
        self.db.table("cities").upsert(
            {
                "slug": city.slug,
                "name": city.name,
                "ags": city.ags,
                "state": city.state,
                "system": ris.system if ris else None,
                "url": ris.url if ris else None,
            },
            pk="slug",
        )

    def touch_city(self, slug: str) -> None:
        self.db.table("cities").update(slug, {"last_ingest": now()})

    def save_paper(
        self,
        city: str,
        paper: PaperRecord,
        files: list["FileDoc"],
        findings: list,
        topics: list[dict],
        fetched_at: str | None = None,
        content_hash: str | None = None,
        votes: list[list[dict]] | None = None,
    ) -> str:
        """Write one paper with its consultations, files and evidence in one transaction.

        The consultations come with their outcome and authoritative flag (pipeline.crawl.records),
        `votes` with the votes each one's result prints, in their order (pipeline.nlp.votes);
        `content_hash` is the paper as its source gave it (pipeline.model.paper_fingerprint), which
        decides whether it changed. Returns new, changed or unchanged.
        """
        fetched_at = fetched_at or now()
        key = row_key(city, paper.url)
        existing = next(self.db.query("SELECT content_hash, modified, deleted FROM papers WHERE id = ?", [key]), None)
        if paper.deleted:
            return self._tombstone(city, paper, existing, fetched_at)
        content_hash = content_hash or paper_fingerprint(paper, files)
        if existing and existing["content_hash"] == content_hash and not existing["deleted"]:
            status, modified = "unchanged", existing["modified"]
        else:
            status, modified = ("changed" if existing else "new"), paper.modified or fetched_at
        row = {
            "id": key,
            "city": city,
            "reference": paper.reference,
            "title": paper.title,
            "paper_type": paper.paper_type,
            "status": paper.status,
            "date": paper.date,
            "author": paper.author,
            "lead_office": paper.lead_office,
            "text": paper.text,
            "url": paper.url,
            "web": paper.web,
            "deleted": 0,
            "modified": modified,
            "content_hash": content_hash,
            "fetched_at": fetched_at,
        }
        if existing and not (paper.title or "").strip():
            del row["title"]  # a source that sends an empty name blanks no stored title (attack a20)
        with self.db.atomic():
            self._upsert_row("papers", row)
            # A result stored before keeps the time it was first stored as it is (the feeds' "updated").
            before = {row["id"]: (row["result"], row["outcome"], row["changed_at"]) for row in self.db.query(
                "SELECT id, result, outcome, changed_at FROM consultations WHERE city = ? AND paper = ?", [city, key])}
            self._delete("consultations", "city = ? AND paper = ?", [city, key])
            rows = []
            for position, c in enumerate(paper.consultations, start=1):
                organization: str | None
                if c.organization_url:
                    organization = row_key(city, c.organization_url)
                else:
                    organization = self._organization(city, c.organization, fetched_at)
                rows.append(
                    {
                        "id": row_key(city, c.id or f"{paper.url}#{position}"),
                        "city": city,
                        "paper": key,
                        "meeting": row_key(city, c.meeting_url),
                        "agenda_item": row_key(city, c.agenda_item_url),
                        "organization": organization,
                        "date": c.date,
                        "role": c.role,
                        "authoritative": int(bool(c.authoritative)),
                        "result": c.result,
                        "outcome": c.outcome,
                        **vote_columns(votes[position - 1] if votes else []),
                        "url": paper.url,
                        "fetched_at": fetched_at,
                    }
                )
                result, outcome, changed_at = before.get(rows[-1]["id"], (None, None, None))
                same = changed_at is not None and (result, outcome) == (c.result, c.outcome)
                rows[-1]["changed_at"] = changed_at if same else fetched_at
            if rows:
                self._replace_rows("consultations", rows)
            self._replace_evidence(city, key, None, paper.url, findings, topics, fetched_at)
            for file in files:
                self._save_file(city, file, paper=paper.url, meeting=None)
        return status

    def _tombstone(self, city: str, paper: PaperRecord, existing: dict | None, fetched_at: str) -> str:
        """A paper deleted at its source: flag it and keep what was stored."""
        if existing and existing["deleted"]:
            return "unchanged"
        with self.db.atomic():
            if existing:
                self.db.table("papers").update(row_key(city, paper.url),
                                               {"deleted": 1, "modified": paper.modified or fetched_at})
            else:
                self.db.table("papers").insert(
                    {"id": row_key(city, paper.url), "city": city, "title": paper.title, "url": paper.url, "deleted": 1,
                     "modified": paper.modified or fetched_at, "fetched_at": fetched_at}
                )
        return "deleted" if existing else "tombstone"

    def save_organizations(self, city: str, organizations: list[OrganizationRecord],
                           fetched_at: str | None = None) -> None:
        """Write the organisations a system lists (OParl), keyed by the city and their own ids."""
        fetched_at = fetched_at or now()
        rows = [
            {"id": row_key(city, o.url), "city": city, "name": o.name, "short_name": o.short_name,
             "kind": o.kind or "council", "url": o.url, "deleted": int(o.deleted), "fetched_at": fetched_at}
            for o in organizations
        ]
        with self.db.atomic():
            self.db.table("organizations").upsert_all(rows, pk="id")

    def describe_organization(self, city: str, organization: OrganizationRecord) -> None:
        """Add what a committee's own page says (short name, page) to the body known by its name."""
        with self.db.atomic():
            identifier = self._organization(city, organization.name, now(), url=organization.url)
            if organization.short_name:
                assert identifier is not None  # a committee has a name (parse_committee refuses a page without one)
                self.db.table("organizations").update(identifier, {"short_name": organization.short_name})

    def save_meeting(self, city: str, meeting: MeetingRecord, files: list["FileDoc"],
                     fetched_at: str | None = None, item_files: dict[str, list["FileDoc"]] | None = None,
                     votes: list[list[dict]] | None = None) -> None:
        """Write one meeting with its agenda items and files (item_files: agenda item's source id -> its files)
        in one transaction; `votes` are those each agenda item prints, in their order (pipeline.nlp.votes)."""
        fetched_at = fetched_at or now()
        if meeting.deleted:
            with self.db.atomic():
                self.db.table("meetings").upsert(
                    {"id": row_key(city, meeting.url), "city": city, "url": meeting.url, "deleted": 1,
                     "fetched_at": fetched_at},
                    pk="id",
                )
            return
        key = row_key(city, meeting.url)
        with self.db.atomic():
            if meeting.organization:
                organization = self._organization(city, meeting.organization, fetched_at, url=meeting.organization_url)
            else:
                organization = row_key(city, meeting.organization_url)
            self.db.table("meetings").upsert(
                {
                    "id": key,
                    "city": city,
                    "name": meeting.name,
                    "start": meeting.start,
                    "end": meeting.end,
                    "organization": organization,
                    "cancelled": int(meeting.cancelled),
                    "location": meeting.location,
                    "url": meeting.url,
                    "deleted": 0,
                    "fetched_at": fetched_at,
                },
                pk="id",
            )
            self._delete("agenda_items", "city = ? AND meeting = ?", [city, key])
            rows = [
                {
                    "id": row_key(city, item.url),
                    "city": city,
                    "meeting": key,
                    "number": item.number,
                    "position": item.position,
                    "name": item.name,
                    "public": int(item.public),
                    "result": item.result,
                    "outcome": item.outcome,
                    **vote_columns(votes[position] if votes else []),
                    "resolution_text": item.resolution_text,
                    "paper": row_key(city, item.paper_url),
                    "consultation": row_key(city, item.consultation_url),
                    "url": item.url,
                    "fetched_at": fetched_at,
                }
                for position, item in enumerate(meeting.agenda_items)
            ]
            if rows:
                self._replace_rows("agenda_items", rows)
            for file in files:
                self._save_file(city, file, paper=None, meeting=meeting.url)
            for item_url, documents in (item_files or {}).items():
                for file in documents:
                    self._save_file(city, file, paper=None, meeting=meeting.url, agenda_item=item_url)

    def paper_exists(self, city: str, paper_id: str) -> bool:
        """Whether the city has this paper (its source id) stored and not yet marked deleted."""
        return next(self.db.table("papers").rows_where("id = ? and city = ? and deleted = 0",
                                                       [row_key(city, paper_id), city], select="id"), None) \
            is not None

    def paper_with_reference(self, city: str, reference: str) -> str | None:
        """The source id of the city's stored paper with this number (not deleted), if there is one."""
        row = next(self.db.table("papers").rows_where("city = ? and reference = ? and deleted = 0",
                                                      [city, reference], select="url", limit=1), None)
        return row["url"] if row else None

    def organization_names(self, city: str) -> tuple[tuple[str, str | None], ...]:
        """The (name, short name) of every organisation the city's council system lists, not deleted."""
        rows = self.db.execute("select name, short_name from organizations where city = ? and deleted = 0 "
                               "and name is not null order by name", [city]).fetchall()
        return tuple((name, short) for name, short in rows)

    def paper_count(self, city: str) -> int:
        return self.db.execute("select count(*) from papers where city = ? and deleted = 0", [city]).fetchone()[0]

    def link_consultations(self, city: str) -> None:
        """Fill consultations' agenda item and date, and agenda items' paper, from what is now stored."""
        # The joins match keys, which hold the city: they find only this city's rows.
        with self.db.atomic():
            self.db.execute(
                """
                UPDATE agenda_items SET paper = (
                    SELECT c.paper FROM consultations c WHERE c.id = agenda_items.consultation)
                WHERE city = ? AND paper IS NULL AND consultation IS NOT NULL""",
                [city],
            )
            self.db.execute(
                """
                UPDATE consultations SET agenda_item = (
                    SELECT a.id FROM agenda_items a
                    WHERE a.paper = consultations.paper AND a.meeting = consultations.meeting LIMIT 1)
                WHERE city = ? AND agenda_item IS NULL AND meeting IS NOT NULL""",
                [city],
            )
            self.db.execute(
                """
                UPDATE consultations SET date = (
                    SELECT substr(m.start, 1, 10) FROM meetings m WHERE m.id = consultations.meeting)
                WHERE city = ? AND date IS NULL AND meeting IS NOT NULL""",
                [city],
            )

    def failed_files(self, city: str, before: str, limit: int) -> list[dict]:
        """The city's files whose download failed in runs before `before`, oldest first.

        Their id, paper and meeting are the source's ids, as save_file and FileDoc take them.
        """
        rows = self.db.query(
            "select id, url, name, role, paper, meeting from files where city = ? and status = 'fetch_failed' "
            "and fetched_at < ? order by fetched_at limit ?", [city, before, limit])
        return [row | {column: unkey(city, row[column]) for column in ("id", "paper", "meeting")} for row in rows]

    def save_file(self, city: str, file: "FileDoc", paper: str | None, meeting: str | None) -> None:
        """Write one file (a retried download) in its own transaction; paper and meeting are source ids."""
        with self.db.atomic():
            self._save_file(city, file, paper=paper, meeting=meeting)

    # ------------------------------------------------------------ reprocessing

    def stored_texts(self, cities: list[str] | None = None):
        """Every stored text the NLP reads, as ("paper" | "file", id, city, paper id, url, pages).

        Ids are the source's, as save_analysis takes them.
        """
        where, args = ("city IN ({})".format(", ".join("?" * len(cities))), list(cities)) if cities else ("1", [])
        for row in self.db.query(f"SELECT id, city, title, text, url FROM papers WHERE {where} AND deleted = 0", args):
            text = row["text"] or row["title"]
            if text:
                paper = unkey(row["city"], row["id"])
                yield "paper", paper, row["city"], paper, row["url"], [text]
        for row in self.db.query(
            f"SELECT id, city, paper, url, text, pages FROM files WHERE {where} AND text IS NOT NULL", args
        ):
            city = row["city"]
            yield "file", unkey(city, row["id"]), city, unkey(city, row["paper"]), row["url"], self._pages_of(row)

    def stored_results(self, table: str, cities: list[str] | None = None):
        """Every stored result of consultations or agenda items, as (row id, result, resolution text)."""
        if table not in ("consultations", "agenda_items"):
            raise ValueError(f"no results in {table}")
        where, args = ("city IN ({})".format(", ".join("?" * len(cities))), list(cities)) if cities else ("1", [])
        column = "resolution_text" if table == "agenda_items" else "NULL"  # consultations have none
        last = ""
        while True:  # a page at a time, by key: the caller writes between pages, and texts may be long
            rows = list(self.db.query(
                f"SELECT id, result, {column} AS resolution_text FROM [{table}] WHERE {where} AND id > ? "
                f"AND (result IS NOT NULL OR {column} IS NOT NULL) ORDER BY id LIMIT 500", [*args, last]))
            if not rows:
                return
            for row in rows:
                yield row["id"], row["result"], row["resolution_text"]
            last = rows[-1]["id"]

    def save_results(self, table: str, rows: list[tuple[str, str | None, list[dict]]]) -> None:
        """Write results read again: (row id, outcome, votes) of consultations or agenda items, in one transaction."""
        if table not in ("consultations", "agenda_items"):
            raise ValueError(f"no results in {table}")
        with self.db.atomic():
            for key, outcome, votes in rows:
                self.db.table(table).update(key, {"outcome": outcome, **vote_columns(votes)})

    def _pages_of(self, row: dict) -> list[str]:
        """A stored file's pages: split at page breaks, or (databases written before they were kept)
        rebuilt from its passages, whose offsets index each page."""
        text = row["text"]
        if PAGE_BREAK in text or not row["pages"] or row["pages"] <= 1:
            return text.split(PAGE_BREAK)
        pages: dict[int, str] = {}
        for passage in self.db.query('SELECT page, start, text FROM passages WHERE city = ? AND file = ? '
                                     'ORDER BY page, start', [row["city"], row["id"]]):
            page = pages.get(passage["page"], "")
            # The gaps between passages are blank lines: newlines keep every offset where it was.
            pages[passage["page"]] = page + "\n" * (passage["start"] - len(page)) + passage["text"]
        return [pages.get(number, "") for number in range(1, row["pages"] + 1)]

    def save_analysis(self, city: str, paper: str | None, file: str | None, url: str, findings: list,
                      topics: list[dict], lemmas: dict | None = None) -> None:
        """Replace the evidence of one paper's own text (file None) or of one file, and a file's
        paragraph lemmas, in one transaction; paper and file are source ids."""
        paper, file = row_key(city, paper), row_key(city, file)
        with self.db.atomic():
            self._replace_evidence(city, paper, file, url, findings, topics, now())
            if file is None:
                return
            for (page, start), words in (lemmas or {}).items():
                self.db.execute("UPDATE passages SET lemmas = ? WHERE city = ? AND id = ?",
                                [words, city, passage_id(file, page, start)])

    def drop_unused_topics(self, keys: list[str]) -> int:
        """Remove topics that are not among `keys` (the taxonomy now) and that nothing links to any more."""
        marks = ", ".join("?" * len(keys))
        with self.db.atomic():
            return self.db.execute(
                f"DELETE FROM topics WHERE key NOT IN ({marks}) AND key NOT IN (SELECT topic FROM topic_links)", keys
            ).rowcount

    def _has_text(self, key: str) -> bool:
        """Whether a file row holds a text read from a good fetch."""
        return next(self.db.query("SELECT 1 FROM files WHERE id = ? AND status = 'ok' AND text IS NOT NULL",
                                  [key]), None) is not None

    def file_unchanged(self, city: str, file_id: str, sha256: str) -> bool:
        """Whether the city has a file (its source id) with these exact bytes stored with its text already."""
        row = next(self.db.table("files").rows_where("id = ? and city = ?", [row_key(city, file_id), city],
                                                     select="sha256, status"), None)
        return bool(row and row["sha256"] == sha256 and row["status"] == "ok")

    def high_water_mark(self, city: str) -> str | None:
        """Where the last successful run of a city began (UTC), for modified_since."""
        row = next(self.db.table("ingest_state").rows_where("city = ?", [city]), None)
        return row["modified_since"] if row else None

    def set_high_water_mark(self, city: str, value: str) -> None:
        self.db.table("ingest_state").upsert({"city": city, "modified_since": value, "updated_at": now()}, pk="city")

    # ------------------------------------------------------------ helpers

    def _organization(self, city: str, name: str | None, fetched_at: str, url: str | None = None) -> str | None:
        if not name:
            return None
        identifier = org_id(city, name)
        row = {"id": identifier, "city": city, "name": " ".join(name.split()), "kind": "council", "deleted": 0,
               "fetched_at": fetched_at}
        if url:
            row["url"] = url  # a body named without a link keeps the page another source gave it
        self.db.table("organizations").upsert(row, pk="id")
        return identifier

    def _save_file(self, city: str, file: "FileDoc", paper: str | None, meeting: str | None,
                   agenda_item: str | None = None) -> None:
        """Write a file; paper, meeting and agenda item are the source's ids.

        A link not given is left as stored: a paper's file that an agenda item attaches again
        (OParl auxiliaryFile) stays the paper's.
        """
        key = row_key(city, file.id or file.url)
        links = {name: row_key(city, value) for name, value in
                 (("paper", paper), ("meeting", meeting), ("agenda_item", agenda_item)) if value}
        if file.unchanged:
            self.db.table("files").update(key, {"fetched_at": file.fetched_at, **links})
            return
        if file.status != "ok" and not file.pages and self._has_text(key):
            # A fetch or a reading that failed this time (a 500, a cut body, an error page) keeps the text, the
            # evidence and the passages of the last good one; the attempt is told in status_reason.
            reason = f"the text of an earlier fetch is kept; this fetch ({file.fetched_at}): {file.status}"
            if file.status_reason:
                reason += f", {file.status_reason}"
            self.db.table("files").update(key, {"status_reason": reason[:1000], **links})
            return
        self._upsert_row(
            "files",
            {
                "id": key,
                "city": city,
                **links,
                "url": file.url,
                "name": file.name,
                "role": file.role,
                "mime_type": file.mime_type,
                "sha256": file.sha256,
                "size": file.size,
                "pages": len(file.pages) if file.pages else None,
                "text": PAGE_BREAK.join(file.pages) or None,
                "text_method": file.text_method,
                "page_methods": json.dumps(file.page_methods) if file.page_methods else None,
                "layout": json.dumps(file.layout, ensure_ascii=False) if file.layout else None,
                "status": file.status,
                "status_reason": file.status_reason,
                "fetched_at": file.fetched_at,
            },
        )
        paper_key = links.get("paper") or next(
            (row["paper"] for row in self.db.query("SELECT paper FROM files WHERE id = ?", [key])), None)
        self._replace_evidence(city, paper_key, key, file.url, file.findings, file.topics, file.fetched_at)
        self._replace_passages(city, paper_key, key, file)

    def _delete(self, table: str, where: str, args: list) -> None:
        """DELETE … WHERE: the writer's own tables exist (created with the schema), so no sqlite-utils
        introspection per call; on Karlsruhe's archive that was a sixth of the ingest's main process."""
        self.db.execute(f'DELETE FROM "{table}" WHERE {where}', args)

    def _upsert_row(self, table: str, row: dict) -> None:
        """Insert a row keyed by `id`, or update the columns it gives (what upsert(pk="id") does, without its
        introspection); columns it does not give keep what is stored."""
        names = _column_names(row)
        columns, marks = ", ".join(f'"{name}"' for name in names), ", ".join("?" * len(names))
        assignments = ", ".join(f'"{name}" = excluded."{name}"' for name in names if name != "id")
        self.db.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks}) '
                        f'ON CONFLICT(id) DO UPDATE SET {assignments}', [row[name] for name in names])

    def _replace_rows(self, table: str, rows: list[dict]) -> None:
        """INSERT OR REPLACE of rows keyed by `id` (what insert_all(replace=True) does, without its introspection)."""
        names = _column_names(*rows)
        columns, marks = ", ".join(f'"{name}"' for name in names), ", ".join("?" * len(names))
        self.db.conn.executemany(f'INSERT OR REPLACE INTO "{table}" ({columns}) VALUES ({marks})',
                                 [[row.get(name) for name in names] for row in rows])

    def _replace_passages(self, city: str, paper: str | None, file_id: str, file: "FileDoc") -> None:
        """A file's paragraphs with page and offsets: what search hits and evidence point to (keys given)."""
        self._delete("passages", "city = ? AND file = ?", [city, file_id])
        rows = [
            {"id": passage_id(file_id, number, start), "city": city, "file": file_id, "paper": paper, "page": number,
             "start": start, "end": end, "text": page[start:end], "lemmas": file.lemmas.get((number, start)),
             "url": file.url}
            for number, start, end in file.passages
            for page in (file.pages[number - 1],)
        ]
        if rows:
            self._replace_rows("passages", rows)

    def _replace_evidence(
        self,
        city: str,
        paper: str | None,
        file: str | None,
        source_url: str,
        findings: list,
        topics: list[dict],
        fetched_at: str,
    ) -> None:
        """Replace the mentions and topic links of a file or a paper's own text (keys given)."""
        args: list[str | None]
        if file:
            where, args = "city = ? AND file = ?", [city, file]
        else:
            where, args = "city = ? AND paper = ? AND file IS NULL", [city, paper]  # its own text, not its files
        self._delete("mentions", where, args)
        self._delete("topic_links", where, args)
        self._delete("process_steps", where, args)
        owner = file or paper
        steps = [f for f in findings if f.label == "process_step"]
        findings = [f for f in findings if f.label != "process_step"]
        step_rows = [
            {"id": f"{owner}#step:{f.page}:{f.start}-{f.end}:{n}", "city": city, "paper": paper, "file": file,
             **{k: (f.data or {}).get(k) for k in ("date", "organization", "kind", "outcome")},
             "text": f.sentence, "page": f.page, "start": f.start, "end": f.end, "url": source_url,
             "fetched_at": fetched_at}
            for n, f in enumerate(steps)
        ]
        if step_rows:
            self._replace_rows("process_steps", step_rows)
        mention_rows = [
            {
                "id": f"{owner}#{f.label}:{f.page}:{f.start}-{f.end}",
                "city": city,
                "paper": paper,
                "file": file,
                "label": f.label,
                "kind": f.kind,
                "value": f.value,
                "text": f.text,
                "item": f.item,
                "page": f.page,
                "start": f.start,
                "end": f.end,
                "evidence": f.sentence,
                "url": source_url,
                "fetched_at": fetched_at,
            }
            for f in findings
        ]
        if mention_rows:
            self._replace_rows("mentions", mention_rows)
        link_rows = [
            {
                "id": f"{owner}#{t['key']}",
                "city": city,
                "topic": t["key"],
                "paper": paper,
                "file": file,
                "declared": int(t["declared"]),
                "mentions": t["mentions"],
                "url": source_url,
                "fetched_at": fetched_at,
            }
            for t in topics
        ]
        if link_rows:
            self._replace_rows("topic_links", link_rows)
