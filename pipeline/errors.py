"""Every error the pipeline reports, under one base: its message is one line naming the input and the problem.

The command line turns any PipelineError into `Error: <message>` and exit 1 (pipeline.cli); code
below it raises these and nothing else for bad input. Grouped by where they arise: the city
list, fetching, parsing, documents, the store, runs and the published site.
"""

from __future__ import annotations


class PipelineError(Exception):
    """Something the operator or a source got wrong; str() is one line naming the input."""


# ------------------------------------------------------------ configuration and data files

class ConfigError(PipelineError):
    """The city list cannot be used; the message names the file and key."""


class DataFileError(PipelineError):
    """A data file (data/nlp) is missing or malformed; the message names file and key."""


class ModelError(PipelineError):
    """The optional trained spaCy pipeline that was asked for cannot be loaded."""


# ------------------------------------------------------------ fetching

class FetchError(PipelineError):
    """A URL could not be fetched; `kind` classifies why (http_404, size, blocked, unreachable …)."""

    def __init__(self, url: str, problem: str, kind: str = "http"):
        self.url = url
        self.kind = kind
        self.problem = problem
        super().__init__(f"{url}: {problem}")


class RobotsDisallowed(FetchError):
    """robots.txt forbids this URL for our user agent."""

    def __init__(self, url: str, robots_url: str):
        self.robots_url = robots_url
        super().__init__(url, f"disallowed by {robots_url}", kind="robots")


class UrlRefused(PipelineError, ValueError):
    """A URL that is not fetched; `problem` says why in words for the log and the files table."""

    def __init__(self, url: str, problem: str):
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


class AddressRefused(PipelineError, OSError):
    """The address a host resolves to may not be connected to (private, loopback, link-local …).

    An OSError too, so that urllib3 reports it as a connection that could not be made.
    """


class ProbeFailed(PipelineError):
    """The URL does not answer as the named system; the message says what it got."""


# ------------------------------------------------------------ parsing and records

class ParseError(PipelineError):
    """A page could not be parsed; the message names the source."""

    def __init__(self, url: str, problem: str):
        self.url = url
        self.problem = problem
        super().__init__(f"{url}: {problem}")


class LayoutChanged(ParseError):
    """A page no longer matches the layout its parser expects."""

    def __init__(self, url: str, missing: str, layout: str):
        self.missing = missing
        self.layout = layout
        super().__init__(url, f"page no longer matches the {layout} layout: {missing} not found")


class RecordRefused(PipelineError):
    """A record that is not stored; `problem` says why."""

    def __init__(self, problem: str):
        self.problem = problem
        super().__init__(problem)


class ExtractError(PipelineError):
    """A local file cannot be read or understood (`pipeline extract`); the message names it."""


# ------------------------------------------------------------ budgets

class BudgetExceeded(PipelineError):
    """A city's time or memory budget is used up; the message says which."""


class DocumentTooSlow(PipelineError):
    """One document took longer than its time budget (raised inside the work, then counted)."""


# ------------------------------------------------------------ store, runs and the site

class StoreError(PipelineError):
    """The database cannot be opened or written; the message names it."""


class LockError(PipelineError):
    """The writer lock cannot be taken; the message names the database and why."""


class LockHeld(LockError):
    """Another run is writing the database; the message names the database and the holder."""


class StatusError(PipelineError):
    """The database cannot be read for a status; the message names it."""


class DemoError(PipelineError):
    """The demo site cannot be served."""


class PublishError(PipelineError):
    """The bundle cannot be built; the message names the input or step."""


class PortUnavailable(PipelineError):
    """No server can listen on the address; the message names host, port and why."""
