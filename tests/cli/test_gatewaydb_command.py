"""End-to-end tests of the gatewaydb command-line tool.

The binary under test is named by $GATEWAYDB_BIN (ctest sets it to the
built target). Every test works in its own temporary directory.
"""

import json
import os
import re
import subprocess

import pytest

# A setup token value: a fixed prefix and 43 URL-safe base64 characters.
TOKEN_PATTERN = re.compile(r"gwst_[A-Za-z0-9_-]{43}")
STATUS_LINE = re.compile(r"HTTP/1\.1 (\d{3}) ([A-Za-z ]+)")


@pytest.fixture(scope="session")
def binary():
    path = os.environ.get("GATEWAYDB_BIN")
    if not path:
        pytest.fail("set GATEWAYDB_BIN to the gatewaydb binary under test")
    return path


@pytest.fixture
def run(binary, tmp_path):
    """Run gatewaydb in tmp_path without $GATEWAYDB_PATH unless given."""

    def run_command(*args, input_bytes=None, env_extra=None, cwd=None):
        env = {k: v for k, v in os.environ.items() if k != "GATEWAYDB_PATH"}
        env.update(env_extra or {})
        return subprocess.run(
            [binary, *args],
            input=input_bytes,
            capture_output=True,
            env=env,
            cwd=cwd or tmp_path,
            timeout=600,
        )

    return run_command


@pytest.fixture
def store(tmp_path):
    return str(tmp_path / "store")


def parse_http(output):
    """Split `request` output into (status, reason, headers, body)."""
    text = output.decode("utf-8")
    head, separator, body = text.partition("\n\n")
    assert separator, f"no empty line after the headers in {text!r}"
    lines = head.split("\n")
    match = STATUS_LINE.fullmatch(lines[0])
    assert match, f"bad status line {lines[0]!r}"
    headers = []
    for line in lines[1:]:
        name, colon, value = line.partition(": ")
        assert colon, f"bad header line {line!r}"
        headers.append((name, value))
    return int(match.group(1)), match.group(2), headers, body


def request(run, store, method, target, body=None):
    args = ["--db", store, "request", method, target]
    if body is not None:
        args.append(body)
    result = run(*args)
    assert result.returncode == 0, result.stderr.decode()
    return parse_http(result.stdout)


def create_token(run, store, team, body='{"labels":{"env":"dev"}}'):
    status, _, _, text = request(
        run, store, "POST", f"/v1/teams/{team}/gateway_setup_tokens", body
    )
    assert status == 201
    return json.loads(text)["id"]


def token_value(run, store, team, token_id):
    target = f"/v1/teams/{team}/gateway_setup_tokens/{token_id}/token"
    status, _, _, text = request(run, store, "GET", target)
    assert status == 200
    return json.loads(text)["token"]


def register_gateway(run, store, value, name):
    body = json.dumps({"token": value, "name": name})
    status, _, _, text = request(
        run, store, "POST", "/v1/gateway_registrations", body
    )
    assert status == 201
    return json.loads(text)["id"]


def all_token_values(run, store):
    """Every setup token value in the store, read through the API."""
    stats = json.loads(run("--db", store, "stats", "--json").stdout)
    values = []
    for team in stats["teams"]:
        name = team["team"]
        target = f"/v1/teams/{name}/gateway_setup_tokens?count=1000"
        status, _, _, text = request(run, store, "GET", target)
        assert status == 200
        for token in json.loads(text)["list"]:
            values.append(token_value(run, store, name, token["id"]))
    return values


# --- request: output format ---------------------------------------------


def test_request_prints_status_headers_and_body(run, store):
    result = run(
        "--db",
        store,
        "request",
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        '{"labels":{"env":"dev","region":"us-west-2"}}',
    )
    assert result.returncode == 0
    output = result.stdout.decode()
    assert output.startswith("HTTP/1.1 201 Created\n")
    assert output.endswith("}\n")
    status, reason, headers, body = parse_http(result.stdout)
    assert status == 201
    assert reason == "Created"
    assert ("Content-Type", "application/json") in headers
    record = json.loads(body)
    assert record["details"] == {
        "labels": {"env": "dev", "region": "us-west-2"}
    }
    assert record["registration_type"] == "gateway-agent"


def test_request_no_content_has_no_body(run, store):
    token_id = create_token(run, store, "acme")
    result = run(
        "--db",
        store,
        "request",
        "DELETE",
        f"/v1/teams/acme/gateway_setup_tokens/{token_id}",
    )
    assert result.returncode == 0
    assert result.stdout == b"HTTP/1.1 204 No Content\n\n"


def test_request_list_prints_link_header(run, store):
    for _ in range(3):
        create_token(run, store, "acme")
    status, _, headers, body = request(
        run, store, "GET", "/v1/teams/acme/gateway_setup_tokens?count=2"
    )
    assert status == 200
    assert len(json.loads(body)["list"]) == 2
    links = [value for name, value in headers if name == "Link"]
    assert len(links) == 1
    assert links[0].startswith("</v1/teams/acme/gateway_setup_tokens?offset=")
    assert links[0].endswith('&count=2>; rel="next"')


def test_request_not_found_exits_zero(run, store):
    status, reason, headers, body = request(
        run,
        store,
        "GET",
        "/v1/teams/acme/gateways/6116bb2a-7289-4528-92ee-8e92443c3b61",
    )
    assert status == 404
    assert reason == "Not Found"
    assert json.loads(body)["code"] == "resource_does_not_exist"


def test_request_bad_body_exits_zero(run, store):
    status, reason, _, body = request(
        run, store, "POST", "/v1/teams/acme/gateway_setup_tokens", "{not json"
    )
    assert status == 400
    assert reason == "Bad Request"
    assert json.loads(body)["code"] == "invalid_request"


def test_request_wrong_method_shows_allow(run, store):
    status, reason, headers, _ = request(
        run, store, "PATCH", "/v1/teams/acme/gateways"
    )
    assert status == 405
    assert reason == "Method Not Allowed"
    assert any(name == "Allow" for name, _ in headers)


# --- request: bodies ------------------------------------------------------


def test_request_body_from_file(run, store, tmp_path):
    body_file = tmp_path / "token.json"
    body_file.write_text('{"description":"from a file"}')
    status, _, _, body = request(
        run,
        store,
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        f"@{body_file}",
    )
    assert status == 201
    assert json.loads(body)["description"] == "from a file"


def test_request_body_from_stdin(run, store):
    result = run(
        "--db",
        store,
        "request",
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        "-",
        input_bytes=b'{"description":"from standard input"}',
    )
    assert result.returncode == 0, result.stderr.decode()
    status, _, _, body = parse_http(result.stdout)
    assert status == 201
    assert json.loads(body)["description"] == "from standard input"


def test_request_missing_body_file_exits_2(run, store, tmp_path):
    missing = tmp_path / "missing.json"
    result = run(
        "--db",
        store,
        "request",
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        f"@{missing}",
    )
    assert result.returncode == 2
    assert str(missing) in result.stderr.decode()
    assert result.stdout == b""


# --- exit codes -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["frobnicate"],
        ["request"],
        ["request", "GET"],
        ["request", "GET", "/v1/teams/acme/gateways", "{}", "extra"],
        ["--no-such-option", "stats"],
        ["demo", "--teams", "0"],
        ["demo", "--gateways", "many"],
    ],
)
def test_usage_error_exits_2(run, store, args):
    result = run("--db", store, *args)
    assert result.returncode == 2, result.stdout.decode()
    assert result.stderr != b""


def test_unopenable_store_exits_1(run, tmp_path):
    regular_file = tmp_path / "not-a-directory"
    regular_file.write_text("plain file\n")
    result = run(
        "--db", str(regular_file), "request", "GET", "/v1/teams/acme/gateways"
    )
    assert result.returncode == 1
    assert result.stdout == b""
    assert str(regular_file) in result.stderr.decode()


def test_unopenable_store_stats_exits_1(run, tmp_path):
    regular_file = tmp_path / "not-a-directory"
    regular_file.write_text("plain file\n")
    result = run("--db", str(regular_file), "stats")
    assert result.returncode == 1
    assert result.stderr != b""


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["request", "--help"],
        ["stats", "--help"],
        ["demo", "--help"],
    ],
)
def test_help_exits_0(run, args):
    result = run(*args)
    assert result.returncode == 0
    assert b"--db" in result.stdout or b"--help" in result.stdout


def test_demo_help_states_units(run):
    result = run("demo", "--help")
    text = result.stdout.decode()
    assert "--teams" in text
    assert "--gateways" in text
    assert "--seed" in text
    assert "--quick" in text
    assert "count" in text


# --- store location -------------------------------------------------------


def test_store_defaults_to_working_directory(run, tmp_path):
    result = run("request", "GET", "/v1/teams/acme/gateways")
    assert result.returncode == 0, result.stderr.decode()
    assert (tmp_path / "gatewaydb-data" / "data.mdb").is_file()


def test_store_from_environment(run, tmp_path):
    from_environment = tmp_path / "from-env"
    result = run(
        "request",
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        "{}",
        env_extra={"GATEWAYDB_PATH": str(from_environment)},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert (from_environment / "data.mdb").is_file()
    assert not (tmp_path / "gatewaydb-data").exists()
    stats = run("--db", str(from_environment), "stats", "--json")
    assert json.loads(stats.stdout)["totals"]["setup_tokens"] == 1


def test_db_option_overrides_environment(run, tmp_path):
    from_environment = tmp_path / "from-env"
    from_option = tmp_path / "from-option"
    result = run(
        "--db",
        str(from_option),
        "request",
        "GET",
        "/v1/teams/acme/gateways",
        env_extra={"GATEWAYDB_PATH": str(from_environment)},
    )
    assert result.returncode == 0, result.stderr.decode()
    assert (from_option / "data.mdb").is_file()
    assert not from_environment.exists()


def test_db_option_after_subcommand(run, store):
    result = run("request", "GET", "/v1/teams/acme/gateways", "--db", store)
    assert result.returncode == 0, result.stderr.decode()
    assert os.path.isfile(os.path.join(store, "data.mdb"))


# --- stats ----------------------------------------------------------------


def make_small_store(run, store):
    """Two teams: acme with 2 tokens and 2 gateways, globex with 1 token."""
    first = create_token(run, store, "acme")
    create_token(run, store, "acme")
    create_token(run, store, "globex")
    value = token_value(run, store, "acme", first)
    register_gateway(run, store, value, "gw-prod-us-east-1-001")
    register_gateway(run, store, value, "bastion-eu-west-3-a")
    return value


def test_stats_json_counts_records(run, store):
    value = make_small_store(run, store)
    result = run("--db", store, "stats", "--json")
    assert result.returncode == 0, result.stderr.decode()
    assert value not in result.stdout.decode()
    stats = json.loads(result.stdout)
    assert stats["teams"] == [
        {"team": "acme", "setup_tokens": 2, "gateways": 2, "tombstones": 0},
        {"team": "globex", "setup_tokens": 1, "gateways": 0, "tombstones": 0},
    ]
    assert stats["totals"]["teams"] == 2
    assert stats["totals"]["setup_tokens"] == 3
    assert stats["totals"]["gateways"] == 2
    assert stats["file_bytes"] > 0
    assert 0 < stats["map"]["used_bytes"] <= stats["map"]["max_bytes"]
    assert stats["format_version"] >= 1


def test_stats_table_lists_teams(run, store):
    value = make_small_store(run, store)
    result = run("--db", store, "stats")
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert value not in text
    assert TOKEN_PATTERN.search(text) is None
    assert re.search(r"^acme\s+2\s+2\s+0$", text, re.MULTILINE)
    assert re.search(r"^globex\s+1\s+0\s+0$", text, re.MULTILINE)
    assert re.search(r"^TOTAL\s+3\s+2\s+0$", text, re.MULTILINE)
    assert "Map use:" in text
    assert "File size:" in text


def test_stats_counts_tombstones(run, store):
    token_id = create_token(run, store, "acme")
    request(
        run, store, "DELETE", f"/v1/teams/acme/gateway_setup_tokens/{token_id}"
    )
    stats = json.loads(run("--db", store, "stats", "--json").stdout)
    assert stats["totals"]["setup_tokens"] == 0
    assert stats["totals"]["tombstones"] == 1


# --- demo -----------------------------------------------------------------


def test_demo_quick_succeeds(run, store):
    result = run("--db", store, "demo", "--quick", "--seed", "7")
    stdout = result.stdout.decode()
    stderr = result.stderr.decode()
    assert result.returncode == 0, stdout[-3000:] + stderr[-3000:]
    assert "FAIL" not in stdout
    assert re.search(r"^OK\s+gateways, prev=true", stdout, re.MULTILINE)
    assert re.search(r"^OK\s+setup tokens, count=1", stdout, re.MULTILINE)
    assert "> POST /v1/teams/demo-team/gateway_setup_tokens" in stdout
    assert "HTTP/1.1 400 Bad Request" in stdout
    assert "HTTP/1.1 204 No Content" in stdout
    assert "loading fleet: " in stderr

    # No setup token value appears anywhere in the output, whether it is
    # recognised by its shape or read back from the store.
    assert TOKEN_PATTERN.search(stdout) is None
    assert TOKEN_PATTERN.search(stderr) is None
    stats = run("--db", store, "stats")
    for value in all_token_values(run, store):
        assert value not in stdout
        assert value not in stderr
        assert value not in stats.stdout.decode()

    totals = json.loads(run("--db", store, "stats", "--json").stdout)["totals"]
    assert totals["teams"] == 6
    assert totals["gateways"] == 2001


def test_demo_rejects_store_with_fleet(run, store):
    args = ["--db", store, "demo", "--teams", "2", "--gateways", "20"]
    first = run(*args)
    assert first.returncode == 0, first.stdout.decode()[-2000:]
    second = run(*args)
    assert second.returncode == 1
    assert "earlier demo" in second.stderr.decode()


def test_check_clean_store_exits_0(run, store):
    make_small_store(run, store)
    result = run("--db", store, "check")
    assert result.returncode == 0, result.stderr
    assert b"no violations found" in result.stdout


def test_check_missing_store_exits_1(run, tmp_path):
    missing = str(tmp_path / "missing")
    result = run("--db", missing, "check")
    assert result.returncode == 1
    assert b"does not exist" in result.stderr
    assert not os.path.exists(missing)


def test_check_reports_damaged_record(run, store):
    value = make_small_store(run, store)
    gateway = register_gateway(run, store, value, "Corrupt-Me-GW")
    data_file = os.path.join(store, "data.mdb")
    with open(data_file, "rb") as handle:
        data = handle.read()
    # The record holds the name as given; the names index holds it in lower
    # case, so only the record changes.
    assert data.count(b"Corrupt-Me-GW") == 1
    with open(data_file, "wb") as handle:
        handle.write(data.replace(b"Corrupt-Me-GW", b"Corrupt-Me-GX"))

    result = run("--db", store, "check")
    assert result.returncode == 1
    assert b"failed its checksum" in result.stdout
    assert b"1 violations found" in result.stdout

    status, _, _, body = request(
        run, store, "GET", f"/v1/teams/acme/gateways/{gateway}"
    )
    assert status == 500
    assert json.loads(body)["code"] == "unknown_error"


def test_compact_copy_serves_same_answers(run, store, tmp_path):
    make_small_store(run, store)
    copy = str(tmp_path / "copy")
    result = run("--db", store, "compact", copy)
    assert result.returncode == 0, result.stderr
    assert oct(os.stat(os.path.join(copy, "data.mdb")).st_mode & 0o777) == (
        "0o600"
    )
    target = "/v1/teams/acme/gateways?count=10"
    assert request(run, copy, "GET", target) == request(
        run, store, "GET", target
    )
    assert run("--db", copy, "check").returncode == 0


def test_compact_into_existing_directory_exits_1(run, store, tmp_path):
    make_small_store(run, store)
    result = run("--db", store, "compact", str(tmp_path))
    assert result.returncode == 1
    assert b"must not exist" in result.stderr


@pytest.mark.parametrize(
    "target",
    [
        "/v1/teams/acme/gateways?contains=al%00zzz",
        "/v1/teams/acme/gateways?count=2%00junk",
        "/v1/teams/acme/gateways?status=ACTIVE%00",
    ],
)
def test_request_rejects_encoded_nul_in_query(run, store, target):
    status, _, _, body = request(run, store, "GET", target)
    assert status == 400
    assert json.loads(body)["code"] == "invalid_request"
    assert "%00" in json.loads(body)["message"]


@pytest.mark.parametrize(
    "target",
    ["/v1/teams/acme/gateways/", "/v1/teams/acme//gateways"],
)
def test_request_empty_segment_is_no_route(run, store, target):
    status, _, _, body = request(run, store, "GET", target)
    assert status == 404
    assert json.loads(body)["code"] == "resource_does_not_exist"


def test_request_enum_error_quotes_value_once(run, store):
    status, _, _, body = request(
        run,
        store,
        "POST",
        "/v1/teams/acme/gateway_setup_tokens",
        '{"registration_type":"server-agent"}',
    )
    assert status == 400
    assert 'registration_type "server-agent" is invalid' in (
        json.loads(body)["message"]
    )


def test_stats_missing_store_exits_1(run, tmp_path):
    missing = str(tmp_path / "typo")
    result = run("--db", missing, "stats")
    assert result.returncode == 1
    assert not os.path.exists(missing)
