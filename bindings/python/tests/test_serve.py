"""examples/serve.py: an HTTP frontend over store.request."""

from __future__ import annotations

import json
import os
import re
import signal
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
