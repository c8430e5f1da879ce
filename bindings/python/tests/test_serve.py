"""examples/serve.py: an HTTP frontend over store.request."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

SERVE = Path(__file__).resolve().parent.parent / "examples" / "serve.py"
LINK_PATTERN = re.compile(r'<([^>]*)>; rel="(next|prev)"')


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Start serve.py on a free loopback port; yield its base URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(SERVE),
            "--db",
            str(tmp_path / "db"),
            "--port",
            "0",
            "--quiet",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=dict(os.environ),
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        match = re.fullmatch(
            r"listening on (http://127\.0\.0\.1:\d+)\n", first_line
        )
        assert match, f"unexpected first line {first_line!r}"
        yield match.group(1)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            assert process.wait(timeout=30) == 0
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def call(
    base: str, method: str, path: str, body: bytes | None = None
) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(base + path, data=body, method=method)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, dict(error.headers), error.read()


def links(headers: dict[str, str]) -> dict[str, str]:
    return {
        rel: url for url, rel in LINK_PATTERN.findall(headers.get("Link", ""))
    }


def test_walk_gateways_by_link_headers(server: str) -> None:
    status, _, body = call(
        server,
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        b'{"labels":{"env":"dev"}}',
    )
    assert status == 201
    token_id = json.loads(body)["id"]
    status, _, body = call(
        server, "GET", f"/v1/teams/acme/gateway_setup_tokens/{token_id}/token"
    )
    value = json.loads(body)["token"]
    created = []
    for number in range(7):
        status, headers, body = call(
            server,
            "POST",
            "/v1/gateway_registrations",
            json.dumps({"token": value, "name": f"gw-{number}"}).encode(),
        )
        assert status == 201
        assert headers["Content-Type"] == "application/json"
        created.append(json.loads(body)["id"])

    walked: list[str] = []
    path: str | None = "/v1/teams/acme/gateways?count=3"
    pages = 0
    while path is not None:
        status, headers, body = call(server, "GET", path)
        assert status == 200
        walked += [item["id"] for item in json.loads(body)["list"]]
        path = links(headers).get("next")
        pages += 1

    assert walked == created
    assert pages == 3


def test_errors_pass_through(server: str) -> None:
    status, headers, body = call(server, "GET", "/v1/unknown")
    assert status == 404
    assert json.loads(body)["code"] == "resource_does_not_exist"

    status, headers, body = call(
        server, "PATCH", "/v1/teams/acme/gateways", b"{}"
    )
    assert status == 405
    assert headers["Allow"] == "GET"

    status, headers, body = call(
        server, "POST", "/v1/teams/acme/gateway_setup_tokens", b"{"
    )
    assert status == 400
    assert json.loads(body)["code"] == "invalid_request"


def test_delete_is_204_without_body(server: str) -> None:
    status, _, body = call(
        server, "POST", "/v1/teams/acme/gateway_setup_tokens", b"{}"
    )
    token_id = json.loads(body)["id"]

    status, headers, body = call(
        server, "DELETE", f"/v1/teams/acme/gateway_setup_tokens/{token_id}"
    )

    assert status == 204
    assert body == b""
    assert "Content-Type" not in headers


def raw_exchange(base: str, request: bytes) -> tuple[int, bytes]:
    """Send raw bytes to the server; return the status and the body."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, body


@pytest.mark.parametrize(
    "request_bytes,message",
    [
        (
            b"GET /v1/teams/ac\x00me/gateways HTTP/1.1\r\n"
            b"Connection: close\r\n\r\n",
            "NUL",
        ),
        (
            b"GET /v1/teams/ac\xffme/gateways HTTP/1.1\r\n"
            b"Connection: close\r\n\r\n",
            "not valid UTF-8",
        ),
        (
            b"POST /v1/teams/acme/gateway_setup_tokens HTTP/1.1\r\n"
            b"Content-Length: 2\r\nContent-Length: 200\r\n\r\n{}",
            "conflicting Content-Length",
        ),
        (
            b"POST /v1/teams/acme/gateway_setup_tokens HTTP/1.1\r\n"
            b"Content-Length: 1_0\r\n\r\n{}",
            "invalid Content-Length",
        ),
        (
            b"POST /v1/teams/acme/gateway_setup_tokens HTTP/1.1\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
            "chunked",
        ),
        (
            b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
            "Too Long",
        ),
    ],
    ids=["nul", "invalid-utf8", "two-lengths", "underscore", "chunked",
         "long-line"],
)
def test_unforwardable_requests_get_json_400(
    server: str, request_bytes: bytes, message: str
) -> None:
    status, body = raw_exchange(server, request_bytes)

    assert status == 400
    error = json.loads(body)
    assert error["code"] == "invalid_request"
    assert message in error["message"]


def test_double_slash_is_not_rewritten(server: str) -> None:
    status, body = raw_exchange(
        server,
        b"GET //v1/teams/acme/gateways HTTP/1.1\r\nConnection: close\r\n\r\n",
    )

    assert status == 404
    assert json.loads(body)["code"] == "resource_does_not_exist"


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "BREW"])
def test_other_methods_reach_store(server: str, method: str) -> None:
    status, headers, body = call(server, method, "/v1/teams/acme/gateways")

    assert status == 405
    assert headers["Allow"] == "GET"
    if method == "HEAD":
        assert body == b""
    else:
        assert json.loads(body)["code"] == "unsupported_method"


def test_non_ascii_target_reaches_store(server: str) -> None:
    status, body = raw_exchange(
        server,
        "GET /v1/teams/acé/gateways HTTP/1.1\r\nConnection: close\r\n\r\n"
        .encode(),
    )

    assert status == 400
    assert "acé" in json.loads(body)["message"]
