#!/usr/bin/env python3
"""Time reading one page of gateways through the Python bindings.

Fills a fresh store in a temporary directory with one team of gateways and
measures three ways of reading a page of ``--count`` of them:

- ``typed``: ``store.gateways.list()``, the C call plus JSON parsing into
  dicts, as an application would use it;
- ``request``: ``store.request("GET", ...)``, the C call plus copying the
  response body and headers, as an HTTP frontend would use it;
- ``ffi``: ``gwdb_gateway_list`` called through ctypes and freed, without
  copying anything: the floor that ctypes itself sets.

With ``--c-bench PATH`` it also runs a Google Benchmark binary filtered by
``--c-filter`` and prints the typed and request times as multiples of the C
time. Without it, only the binding times are printed.

    GATEWAYDB_LIBRARY=build/libgatewaydb.so \\
        python3 bench/python/bench_page.py --gateways 1000 --count 100
"""

from __future__ import annotations

import argparse
import ctypes
import json
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
    REPO = Path(__file__).resolve().parent.parent.parent
    sys.path.insert(0, str(REPO / "bindings" / "python"))
    import gatewaydb

from gatewaydb import _ffi

TEAM = "bench"
TIME_UNITS_IN_MICROSECONDS = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


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


def c_benchmark_microseconds(binary: str, name_filter: str) -> float:
    """Run a Google Benchmark binary; return its first result in µs."""
    output = subprocess.run(
        [
            binary,
            f"--benchmark_filter={name_filter}",
            "--benchmark_format=json",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    benchmarks = json.loads(output)["benchmarks"]
    if not benchmarks:
        raise SystemExit(f"no benchmark in {binary} matches {name_filter!r}")
    first = benchmarks[0]
    return first["real_time"] * TIME_UNITS_IN_MICROSECONDS[first["time_unit"]]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time one page of gateways through the Python bindings."
    )
    parser.add_argument(
        "--gateways",
        type=int,
        default=1000,
        help="gateways in the store (default: 1000)",
    )
    parser.add_argument(
        "--count",
        type=int,
        default=100,
        help="gateways per page (default: 100)",
    )
    parser.add_argument(
        "--calls",
        type=int,
        default=2000,
        help="calls per timed run (default: 2000)",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=5,
        help="timed runs; the median is reported (default: 5)",
    )
    parser.add_argument(
        "--c-bench", help="Google Benchmark binary timing the same C call"
    )
    parser.add_argument(
        "--c-filter",
        default="GatewayList",
        help="--benchmark_filter for --c-bench (default: GatewayList)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the results as JSON"
    )
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="gatewaydb-bench-") as directory:
        # Unsynced writes make the fill fast; sync() then makes it durable
        # so that the timed reads see a settled store.
        with gatewaydb.open(Path(directory) / "db", no_sync=True) as store:
            fill(store, arguments.gateways)
            store.sync()
            target = f"/v1/teams/{TEAM}/gateways?count={arguments.count}"
            calls = {
                "typed": lambda: store.gateways.list(
                    TEAM, count=arguments.count
                ),
                "request": lambda: store.request("GET", target),
                "ffi": raw_ffi_call(store, arguments.count),
            }
            for name, call in calls.items():
                results[name] = time_per_call(
                    call, arguments.repeats, arguments.calls
                )

    if arguments.c_bench:
        results["c"] = c_benchmark_microseconds(
            arguments.c_bench, arguments.c_filter
        )

    if arguments.json:
        print(json.dumps({"page_size": arguments.count, "us": results}))
        return 0
    print(
        f"page of {arguments.count} gateways from {arguments.gateways}, "
        f"median of {arguments.repeats} runs x {arguments.calls} calls"
    )
    for name, microseconds in results.items():
        line = f"  {name:8} {microseconds:10.1f} us/call"
        if "c" in results and name != "c":
            line += f"  ({microseconds / results['c']:.2f} x C)"
        print(line)
    if "c" not in results:
        print("  (no --c-bench given: ratio to C not measured)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
