"""A local HTTP server whose answers a test scripts, one response list per path."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes
    truncate: bool = False  # announce the whole length, send half, close
    drip: float = 0.0  # seconds between single bytes of the body (a server that drips)
    header_drip: float = 0.0  # seconds between single bytes of an endless header (a slowloris server)
    stream: Callable[[], Iterable[bytes]] | None = None  # a body made as it is sent (large ones), no length


class ScriptedServer:
    """Serves scripted replies on 127.0.0.1; the last reply of a path repeats."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                replies = server.routes.get(self.path) or [Reply(404, b"not found")]
                reply = replies.pop(0) if len(replies) > 1 else replies[0]
                if reply.status == 0:  # drop the connection without an answer
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if reply.header_drip:
                    try:
                        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Drip: ")
                        for _ in range(100_000):
                            self.wfile.write(b"a")
                            self.wfile.flush()
                            time.sleep(reply.header_drip)
                    except OSError:  # the client gave up, as it should
                        pass
                    self.close_connection = True
                    return
                etag = reply.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.send_length and reply.stream is None:
                    self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                try:
                    if reply.stream is not None:
                        for part in reply.stream():
                            self.wfile.write(part)
                        return
                    if reply.drip:
                        for byte in reply.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(reply.drip)
                        return
                except OSError:  # the client hung up, as it should on such bodies
                    self.close_connection = True
                    return
                if reply.truncate:
                    self.wfile.write(reply.body[: len(reply.body) // 2])
                    self.close_connection = True
                    return
                self.wfile.write(reply.body)

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def route(self, path: str, *replies: Reply) -> str:
        self.routes[path] = list(replies)
        return self.url + path

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
