#!/usr/bin/env python3
"""Serve the Gateways API over HTTP from a gatewaydb store.

A minimal frontend: each request is forwarded unchanged to
``store.request()`` and its response is sent back. Requests that cannot be
forwarded (a body with no or conflicting lengths, a body over 1 MiB, a
target with a NUL byte or invalid UTF-8, a malformed request line) get a
400 with the API's ``invalid_request`` error body. It binds to 127.0.0.1 by
default; ``--port 0`` picks a free port. The first line printed to standard
output is ``listening on http://HOST:PORT``.

    python3 serve.py --db ./gatewaydb-data --port 8080
    curl -X POST http://127.0.0.1:8080/v1/teams/acme/gateway_setup_tokens
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

try:
    import gatewaydb
except ModuleNotFoundError:
    # Running from a source checkout: use the package beside this folder.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import gatewaydb

# Request bodies larger than this are rejected without being read. The store
# itself accepts JSON bodies of at most 1 MiB.
MAX_BODY_BYTES = 1024 * 1024

log = logging.getLogger("gatewaydb.serve")


class GatewayApiServer(ThreadingHTTPServer):
    """A threading HTTP server that shares one open store."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store: gatewaydb.Store):
        super().__init__(address, GatewayApiHandler)
        self.store = store


class GatewayApiHandler(BaseHTTPRequestHandler):
    """Forwards every request to ``store.request()``."""

    protocol_version = "HTTP/1.1"
    # Seconds a client may stay silent before its connection is closed, so
    # that slow or stalled clients cannot hold server threads forever.
    timeout = 30
    server: GatewayApiServer

    def __getattr__(self, name: str) -> Any:
        # http.server looks up do_<METHOD> for each request. Every method,
        # HEAD and OPTIONS included, goes to the store, which rejects an
        # unsupported one with a 405 and an Allow header.
        if name.startswith("do_"):
            return self.forward
        raise AttributeError(name)

    def forward(self) -> None:
        """Read the body, call the store and write its response."""
        target = self.raw_target()
        body = self.read_body()
        if target is None or body is None:
            return
        try:
            response = self.server.store.request(self.command, target, body)
        except ValueError as error:
            # Text that a C string cannot carry, such as a NUL byte.
            self.send_local_error(str(error))
            return
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    def raw_target(self) -> str | None:
        """Return the request target as sent, or None after an error.

        http.server rewrites a leading "//" in ``self.path`` to "/", which
        would route a target that the API rejects, so the target is taken
        from the request line. That line was decoded as Latin-1, so its
        bytes are decoded again as the UTF-8 they should be.
        """
        words = self.requestline.split()
        target = words[1] if len(words) >= 2 else self.path
        try:
            return target.encode("latin-1").decode("utf-8")
        except UnicodeError:
            self.send_local_error(
                f"request target {target!r} is not valid UTF-8; "
                "percent-encode other bytes"
            )
            return None

    def read_body(self) -> bytes | None:
        """Return the request body, or None after sending an error."""
        if "Transfer-Encoding" in self.headers:
            self.send_local_error(
                "chunked request bodies are not supported; send "
                "Content-Length"
            )
            return None
        lengths = set(self.headers.get_all("Content-Length", ["0"]))
        if len(lengths) != 1:
            # Two different lengths make the body's end ambiguous, which a
            # proxy in front could read differently (request smuggling).
            self.send_local_error(
                f"conflicting Content-Length headers {sorted(lengths)}"
            )
            return None
        length_text = lengths.pop().strip()
        if not length_text.isascii() or not length_text.isdigit():
            self.send_local_error(
                f"invalid Content-Length {length_text!r}: expected a "
                "decimal byte count"
            )
            return None
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            self.send_local_error(
                f"request body of {length} bytes exceeds the maximum of "
                f"{MAX_BODY_BYTES} bytes"
            )
            return None
        body = self.rfile.read(length)
        if len(body) != length:
            # The client closed early: never act on a partial body.
            self.send_local_error(
                f"request body ended after {len(body)} of {length} bytes"
            )
            return None
        return body

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        """Send http.server's own errors as API error bodies.

        http.server calls this for a request it cannot parse, such as a bad
        request line, a line that is too long or too many headers.
        """
        status = HTTPStatus(code)
        detail = message or status.description
        self.send_local_error(f"{status.phrase}: {detail}")

    def send_local_error(self, message: str) -> None:
        """Send a 400 invalid_request error and close the connection."""
        log.warning(
            "rejected %s %s from %s: %s",
            self.command,
            getattr(self, "path", None),
            self.address_string(),
            message,
        )
        body = gatewaydb_error_body(message)
        self.send_response(400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        log.info("%s %s", self.address_string(), format % args)


def gatewaydb_error_body(message: str) -> bytes:
    """Return a compact JSON error body in the API's shape."""
    document = {"code": "invalid_request", "message": message}
    return json.dumps(document, separators=(",", ":")).encode()


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--db",
        default=os.environ.get("GATEWAYDB_PATH", "./gatewaydb-data"),
        help="store directory, created on first use (default: "
        "$GATEWAYDB_PATH or ./gatewaydb-data)",
    )
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to bind (default: 127.0.0.1)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8080,
        help="TCP port; 0 picks a free one (default: 8080)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="do not log each request"
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Open the store and serve until interrupted or terminated."""
    arguments = parse_arguments(argv)
    logging.basicConfig(
        level=logging.WARNING if arguments.quiet else logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
    )
    # SIGTERM stops the server like Ctrl-C, so the store is closed cleanly.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    with gatewaydb.open(arguments.db) as store:
        address = (arguments.host, arguments.port)
        with GatewayApiServer(address, store) as server:
            host, port = server.server_address[:2]
            print(f"listening on http://{host}:{port}", flush=True)
            log.info("serving store %s", store.path)
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                log.info("stopping")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
