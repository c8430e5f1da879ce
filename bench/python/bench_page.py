#!/usr/bin/env python3
"""Time reading one page of gateways through the Python bindings and from C.

Fills a fresh store in a temporary directory with one team of ``--gateways``
gateways and measures these ways of reading its first page of ``--count``:

- ``python_typed``: ``store.gateways.list()``, the C call plus reading the
  body and decoding it into dicts, as an application would use it. With
  the msgpack module installed the bindings read the MessagePack body;
- ``python_typed_json``: the same call made to decode the JSON body, timed
  only when msgpack is installed, to show what MessagePack saves;
- ``python_request``: ``store.request("GET", ...)``, the C call plus copying
  the response body and headers, as an HTTP frontend would use it;
- ``python_ffi``: ``gwdb_gateway_list`` called through ctypes and freed,
  without copying anything: the floor that ctypes itself sets.

Then it runs the C reference program ``gatewaydb_page_reference`` (built
from bench/page_reference.cc) on the same store, which times the same page
without Python:

- ``c_list``: ``gwdb_gateway_list``, then free. It is compared with
  ``python_ffi``.
- ``c_list_body``: the same plus ``gwdb_response_body``, which renders the
  JSON. It is compared with ``python_typed``, because a C caller can read
  the records of a typed list only through that body.
- ``c_list_msgpack``: the same with ``gwdb_response_body_msgpack``: the
  bytes that the bindings decode, left undecoded.
- ``c_request``: ``gwdb_request`` with the body read. It is compared with
  ``python_request``.

Each Python time is the median over ``--repeats`` runs of ``--calls`` calls.
Each C time is the median over ``--repeats`` Google Benchmark repetitions,
and Google Benchmark chooses the calls per repetition. The C program runs
after the Python timings, never at the same time.

The script prints each time in microseconds per call and the ratios in
RATIOS below. With ``--json`` it prints one line instead:
``{"page_size": N, "us": {key: time}, "ratios": {name: ratio}}``, with a
ratio only for each pair that was measured.

``--c-reference PATH`` names the C program. By default the script uses
build/bench/gatewaydb_page_reference under the repository root. When that
file does not exist, the script prints why the C baseline was skipped and
reports only the Python times. From the repository root, after building in
build/:

    GATEWAYDB_LIBRARY=build/libgatewaydb.so \\
        python3 bench/python/bench_page.py --gateways 1000 --count 100

With a build tree elsewhere, pass both paths:

    GATEWAYDB_LIBRARY=BUILD/libgatewaydb.so \\
        python3 bench/python/bench_page.py \\
        --c-reference BUILD/bench/gatewaydb_page_reference
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

try:
    import gatewaydb
except ModuleNotFoundError:
    # Running from a source checkout: use the package in bindings/python.
    BINDINGS = Path(__file__).resolve().parent.parent.parent / "bindings"
    sys.path.insert(0, str(BINDINGS / "python"))
    import gatewaydb

from gatewaydb import _ffi, paging

REPO = Path(__file__).resolve().parent.parent.parent
TEAM = "bench"
DEFAULT_C_REFERENCE = REPO / "build" / "bench" / "gatewaydb_page_reference"
# The library's page size limit (gwdb_list_query.count).
MAX_PAGE_SIZE = 1000
TIME_UNITS_IN_MICROSECONDS = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
# Google Benchmark case name in the C program -> result key.
C_CASES = {
    "c/list": "c_list",
    "c/list_body": "c_list_body",
    "c/list_msgpack": "c_list_msgpack",
    "c/request": "c_request",
}
# Ratio name -> (Python result, C result). typed_vs_c is the one the
# bindings are held to: a page's records read in Python against the same
# records read in C, where a typed list's JSON body is the only way in.
# typed_vs_c_msgpack sets the Python call against C producing the very
# bytes that the bindings decode when msgpack is installed.
RATIOS = {
    "typed_vs_c": ("python_typed", "c_list_body"),
    "typed_json_vs_c": ("python_typed_json", "c_list_body"),
    "typed_vs_c_msgpack": ("python_typed", "c_list_msgpack"),
    "request_vs_c": ("python_request", "c_request"),
    "ffi_vs_c": ("python_ffi", "c_list"),
}


def fill(store: gatewaydb.Store, gateways: int) -> None:
    """Register ``gateways`` gateways in TEAM, each with two labels."""
    labels = {"env": "bench", "region": "us-west-2"}
    _, value = store.tokens.create_with_value(TEAM, labels=labels)
    for number in range(gateways):
        store.gateways.register(
            value,
            f"gateway-{number:06d}",
            description="benchmark gateway",
            access_address="192.0.2.10",
        )


def time_per_call(
    call: Callable[[], object], repeats: int, calls: int
) -> float:
    """Return the median over ``repeats`` runs of the microseconds per call."""
    for _ in range(min(calls, 100)):
        call()
    runs = []
    for _ in range(repeats):
        start = time.perf_counter_ns()
        for _ in range(calls):
            call()
        runs.append((time.perf_counter_ns() - start) / calls / 1000)
    return statistics.median(runs)


def raw_ffi_call(store: gatewaydb.Store, count: int) -> Callable[[], None]:
    """Build a call of gwdb_gateway_list that copies nothing."""
    library = _ffi.lib
    query = _ffi.ListQuery()
    library.gwdb_list_query_init(ctypes.byref(query))
    query.count = count
    team = TEAM.encode()
    db = store._db  # The benchmark measures the bare C call on purpose.

    def call() -> None:
        handle = _ffi.ResponseHandle()
        try:
            library.gwdb_gateway_list(
                db, team, ctypes.byref(query), ctypes.byref(handle)
            )
        finally:
            library.gwdb_response_free(handle)

    return call


def json_decoded_list(
    store: gatewaydb.Store, count: int
) -> Callable[[], None]:
    """Build a ``store.gateways.list()`` call that decodes the page as JSON."""

    def call() -> None:
        # The benchmark switches the private decoder choice on purpose, to
        # show what reading MessagePack instead of JSON saves.
        chosen = paging._page_msgpack
        paging._page_msgpack = None
        try:
            store.gateways.list(TEAM, count=count)
        finally:
            paging._page_msgpack = chosen

    return call


def time_python(
    store: gatewaydb.Store, arguments: argparse.Namespace
) -> dict[str, float]:
    """Time the Python ways of reading the first page."""
    target = f"/v1/teams/{TEAM}/gateways?count={arguments.count}"
    calls = {
        "python_typed": lambda: store.gateways.list(
            TEAM, count=arguments.count
        ),
        "python_request": lambda: store.request("GET", target),
        "python_ffi": raw_ffi_call(store, arguments.count),
    }
    if paging.page_decoder() == "msgpack":
        calls["python_typed_json"] = json_decoded_list(store, arguments.count)
    return {
        name: time_per_call(call, arguments.repeats, arguments.calls)
        for name, call in calls.items()
    }


def time_c(
    binary: Path, store_path: Path, count: int, repeats: int
) -> dict[str, float]:
    """Run the C reference program on ``store_path`` and return µs per case.

    Takes each case's median aggregate. With one repetition Google Benchmark
    reports no aggregates, so the single run is taken instead.
    """
    command = [
        str(binary),
        f"--store={store_path}",
        f"--team={TEAM}",
        f"--count={count}",
        f"--benchmark_repetitions={repeats}",
        "--benchmark_report_aggregates_only=true",
        "--benchmark_format=json",
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise SystemExit(
            f"the C reference failed with exit status "
            f"{completed.returncode}: {' '.join(command)}\n{completed.stderr}"
        )

    results: dict[str, float] = {}
    for entry in json.loads(completed.stdout)["benchmarks"]:
        key = C_CASES.get(entry.get("run_name", entry["name"]))
        if key is None:
            continue
        is_median = entry.get("aggregate_name") == "median"
        is_single_run = repeats == 1 and entry.get("run_type") == "iteration"
        if not (is_median or is_single_run):
            continue
        scale = TIME_UNITS_IN_MICROSECONDS[entry["time_unit"]]
        results[key] = entry["real_time"] * scale

    missing = sorted(set(C_CASES.values()) - results.keys())
    if missing:
        raise SystemExit(
            f"the C reference {binary} reported no median for "
            f"{', '.join(missing)}"
        )
    return results


def find_c_reference(
    parser: argparse.ArgumentParser, given: Path | None
) -> tuple[Path | None, str]:
    """Return the C program to run, or None and the reason it is skipped."""
    if given is not None:
        if not os.access(given, os.X_OK):
            parser.error(f"--c-reference {given}: not an executable file")
        return given, ""
    if os.access(DEFAULT_C_REFERENCE, os.X_OK):
        return DEFAULT_C_REFERENCE, ""
    return None, (
        f"{DEFAULT_C_REFERENCE} is missing or not executable; build the "
        "gatewaydb_page_reference target or pass --c-reference PATH"
    )


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def page_size(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_PAGE_SIZE:
        raise argparse.ArgumentTypeError(
            f"expected 1 to {MAX_PAGE_SIZE}, got {value}"
        )
    return value


def parse_arguments() -> tuple[argparse.ArgumentParser, argparse.Namespace]:
    parser = argparse.ArgumentParser(
        description=(
            "Time one page of gateways through the Python bindings and "
            "from C, on the same store."
        )
    )
    parser.add_argument(
        "--gateways",
        type=positive_int,
        default=1000,
        help="gateways in the store (default: 1000)",
    )
    parser.add_argument(
        "--count",
        type=page_size,
        default=100,
        help=f"gateways per page, 1 to {MAX_PAGE_SIZE} (default: 100)",
    )
    parser.add_argument(
        "--calls",
        type=positive_int,
        default=2000,
        help="Python calls per timed run (default: 2000)",
    )
    parser.add_argument(
        "--repeats",
        type=positive_int,
        default=5,
        help=(
            "Python timed runs and C repetitions; the median of each is "
            "reported (default: 5)"
        ),
    )
    parser.add_argument(
        "--c-reference",
        type=Path,
        metavar="PATH",
        help=(
            "the gatewaydb_page_reference program (default: "
            "build/bench/gatewaydb_page_reference under the repository "
            "root, skipped when missing)"
        ),
    )
    parser.add_argument(
        "--json", action="store_true", help="print the results as JSON"
    )
    return parser, parser.parse_args()


def ratios(results: dict[str, float]) -> dict[str, float]:
    """Return each Python time over its C time, for the measured pairs."""
    return {
        name: results[python] / results[c]
        for name, (python, c) in RATIOS.items()
        if python in results and c in results
    }


def print_text(
    arguments: argparse.Namespace,
    results: dict[str, float],
    skip_reason: str,
) -> None:
    print(
        f"first page, count={arguments.count}, of a team of "
        f"{arguments.gateways} gateways"
    )
    print(
        f"Python: median of {arguments.repeats} runs x {arguments.calls} "
        "calls"
    )
    if not skip_reason:
        print(
            f"C: median of {arguments.repeats} Google Benchmark repetitions"
        )
    for name, microseconds in results.items():
        print(f"  {name:16} {microseconds:10.1f} us/call")
    if skip_reason:
        print(f"  C baseline skipped: {skip_reason}")
        return
    print("ratios to C:")
    for name, value in ratios(results).items():
        python, c = RATIOS[name]
        print(f"  {python + ' / ' + c:30} {value:6.2f}")


def main() -> int:
    parser, arguments = parse_arguments()
    c_reference, skip_reason = find_c_reference(parser, arguments.c_reference)

    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="gatewaydb-bench-") as directory:
        store_path = Path(directory) / "db"
        # Unsynced writes make the fill fast; sync() then makes it durable
        # so that the timed reads see a settled store.
        with gatewaydb.open(store_path, no_sync=True) as store:
            fill(store, arguments.gateways)
            store.sync()
            results.update(time_python(store, arguments))
        # The store is closed here, so the C program reads it alone.
        if c_reference is not None:
            results.update(
                time_c(
                    c_reference,
                    store_path,
                    arguments.count,
                    arguments.repeats,
                )
            )

    if arguments.json:
        if skip_reason:
            print(f"C baseline skipped: {skip_reason}", file=sys.stderr)
        document = {
            "page_size": arguments.count,
            "us": results,
            "ratios": ratios(results),
        }
        print(json.dumps(document))
        return 0
    print_text(arguments, results, skip_reason)
    return 0


if __name__ == "__main__":
    sys.exit(main())
