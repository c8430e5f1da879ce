#!/usr/bin/python3
"""Plot and tabulate one run of gatewaydb_bench.

Reads the JSON that ``gatewaydb_bench --benchmark_out=FILE
--benchmark_out_format=json`` writes, draws the page latency against team
size for each engine into ``docs/benchmark-page-latency.png`` and, with
``--markdown``, prints the tables of docs/benchmarks.md: medians, p99,
the gatewaydb/SQLite and gatewaydb/floor ratios, and each target met or
missed.

Case names read ``group/case/engine/param:value/...``; with repetitions
the median aggregate of each counter is used, otherwise the single run.

    /usr/bin/python3 bench/plot_benchmarks.py results.json --markdown
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_PLOT = REPO / "docs" / "benchmark-page-latency.png"
ENGINES = ("gatewaydb", "gatewaydb_request", "sqlite", "floor")
ENGINE_LABELS = {
    "gatewaydb": "gatewaydb typed (gwdb_gateway_list)",
    "gatewaydb_request": "gatewaydb JSON (gwdb_request)",
    "sqlite": "SQLite 3 + nlohmann_json",
    "floor": "raw LMDB floor",
}
PAGE_CASES = ("asc", "desc", "prev")
TO_MICROSECONDS = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def load_results(path: Path) -> dict[tuple, dict]:
    """Return one result per case, keyed by (group, case, engine, param).

    Each result contains ``time_us`` (the real time per iteration), ``cpu_us``
    and the user counters, from the median aggregate when present.
    """
    document = json.loads(path.read_text())
    chosen: dict[tuple, dict] = {}
    for entry in document["benchmarks"]:
        aggregate = entry.get("aggregate_name")
        if entry.get("run_type") == "aggregate" and aggregate != "median":
            continue
        if entry.get("error_occurred"):
            continue
        parts = entry.get("run_name", entry["name"]).split("/")
        if len(parts) < 3:
            continue
        params = dict(p.split(":", 1) for p in parts[3:] if ":" in p)
        key = (parts[0], parts[1], parts[2], _case_parameter(params))
        if key in chosen and aggregate != "median":
            continue
        scale = TO_MICROSECONDS[entry.get("time_unit", "ns")]
        result = {
            name: value
            for name, value in entry.items()
            if isinstance(value, (int, float)) and not isinstance(value, bool)
        }
        result["time_us"] = entry["real_time"] * scale
        result["cpu_us"] = entry["cpu_time"] * scale
        result["params"] = params
        chosen[key] = result
    return chosen


def _case_parameter(params: dict[str, str]) -> str:
    for name in ("team_size", "records", "threads"):
        if name in params:
            return f"{name}:{params[name]}"
    return ""


def page_sizes(results: dict[tuple, dict]) -> list[int]:
    sizes = {
        int(key[3].split(":")[1])
        for key in results
        if key[0] == "page" and key[3].startswith("team_size:")
    }
    return sorted(sizes)


def p50(result: dict | None) -> float | None:
    if result is None:
        return None
    return result.get("p50_us", result["time_us"])


def plot(results: dict[tuple, dict], output: Path) -> None:
    """Draw p50 page latency against team size, one panel per direction."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = page_sizes(results)
    figure, axes = plt.subplots(
        1, len(PAGE_CASES), figsize=(13, 4.2), sharey=True
    )
    for axis, case in zip(axes, PAGE_CASES):
        for engine in ENGINES:
            points = [
                (
                    size,
                    p50(
                        results.get(
                            ("page", case, engine, f"team_size:{size}")
                        )
                    ),
                )
                for size in sizes
            ]
            points = [(x, y) for x, y in points if y is not None]
            if not points:
                continue
            xs, ys = zip(*points)
            axis.plot(xs, ys, marker="o", label=ENGINE_LABELS[engine])
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(f"page of 100, {case}, random offset")
        axis.set_xlabel("gateways in the team")
        axis.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("median latency per page (µs)")
    axes[-1].legend(fontsize=8)
    figure.tight_layout()
    output.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(output, dpi=110)


def ratio(numerator: float | None, denominator: float | None) -> str:
    if not numerator or not denominator:
        return "n/a"
    return f"{numerator / denominator:.2f}"


def fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def read_table(results: dict[tuple, dict]) -> list[str]:
    """Return the markdown table of the read cases."""
    lines = [
        "| case | team size | gatewaydb typed p50 / p99 (µs) "
        "| gatewaydb JSON p50 / p99 | SQLite p50 / p99 | floor p50 / p99 "
        "| SQLite / typed | SQLite / JSON | typed / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    cases = sorted(
        {(k[1], k[3]) for k in results if k[0] == "page"},
        key=lambda c: (_size(c[1]), c[0]),
    )
    for case, parameter in cases:
        row = {e: results.get(("page", case, e, parameter)) for e in ENGINES}
        if all(value is None for value in row.values()):
            continue
        cells = []
        for engine in ENGINES:
            result = row[engine]
            if result is None:
                cells.append("n/a")
            else:
                cells.append(
                    f"{fmt(p50(result))} / {fmt(result.get('p99_us'))}"
                )
        typed, request = p50(row["gatewaydb"]), p50(row["gatewaydb_request"])
        sqlite, floor = p50(row["sqlite"]), p50(row["floor"])
        lines.append(
            f"| {case} | {_size(parameter):,} | "
            + " | ".join(cells)
            + f" | {ratio(sqlite, typed)} | {ratio(sqlite, request)}"
            + f" | {ratio(typed, floor)} |"
        )
    return lines


def _size(parameter: str) -> int:
    return int(parameter.split(":")[1]) if ":" in parameter else 0


def write_table(results: dict[tuple, dict]) -> list[str]:
    """Return the markdown table of the durable write cases."""
    lines = [
        "| case | engine | p50 (µs) | p99 (µs) | throughput (/s) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    keys = sorted(k for k in results if k[0] == "write")
    for key in keys:
        result = results[key]
        name = key[1] + (f" ({key[3]})" if key[3] else "")
        lines.append(
            f"| {name} | {key[2]} | {fmt(result.get('p50_us'))} "
            f"| {fmt(result.get('p99_us'))} "
            f"| {fmt(result.get('items_per_second'))} |"
        )
    return lines


def store_table(results: dict[tuple, dict]) -> list[str]:
    lines = [
        "| engine | records | file bytes | used bytes | used bytes/record |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for key in sorted(k for k in results if k[0] == "store"):
        result = results[key]
        lines.append(
            f"| {key[2]} | {_size(key[3]):,} "
            f"| {result.get('file_bytes', 0):,.0f} "
            f"| {result.get('used_bytes', 0):,.0f} "
            f"| {result.get('used_bytes_per_record', 0):,.0f} |"
        )
        if "load_records_per_s" in result:
            lines.append(
                f"| {key[2]} load rate (registrations/s) | | "
                f"{result['load_records_per_s']:,.0f} | | |"
            )
    return lines


# Pairs of bindings cases (Python, C doing the same work) whose ratio the
# markdown reports; bench/python/bench_page.py explains each pair.
BINDINGS_RATIOS = [
    ("python_typed", "c_list_body"),
    ("python_typed_json", "c_list_body"),
    ("python_typed", "c_list_msgpack"),
    ("python_request", "c_request"),
    ("python_ffi", "c_list"),
]


def python_lines(results: dict[tuple, dict]) -> list[str]:
    """Return the Python bindings cases and their C baseline (page of 100).

    One line per case, then one per ratio of a Python case to the C case
    measured on the same store in the same run.
    """
    bindings = {
        key: result for key, result in results.items() if key[1] == "bindings"
    }
    lines = [
        f"- {key[2]}, {key[3]}: {fmt(result['time_us'])} µs median per call"
        for key, result in sorted(bindings.items())
    ]
    times = {(key[2], key[3]): r["time_us"] for key, r in bindings.items()}
    for size in sorted({key[3] for key in bindings}):
        for python, c in BINDINGS_RATIOS:
            if (python, size) in times and (c, size) in times:
                ratio = times[(python, size)] / times[(c, size)]
                lines.append(f"- {python} / {c}, {size}: {ratio:.2f}x")
    return lines


def target_lines(results: dict[tuple, dict]) -> list[str]:
    """Return one line per target: the measured ratio and met or missed."""
    sizes = page_sizes(results)
    small = f"team_size:{sizes[0]}" if sizes else ""
    lines = []

    def check(
        label: str, measured: float | None, goal: float, at_most: bool
    ) -> None:
        if measured is None:
            lines.append(f"- {label}: not measured")
            return
        met = measured <= goal if at_most else measured >= goal
        verdict = (
            "met"
            if met
            else (
                f"missed by {measured / goal:.1f}x"
                if at_most
                else f"missed: {goal / measured:.1f}x short"
            )
        )
        lines.append(
            f"- {label}: {measured:.2f} (goal {'≤' if at_most else '≥'}"
            f" {goal}) — {verdict}"
        )

    def get(case: str, engine: str, parameter: str) -> float | None:
        return p50(results.get(("page", case, engine, parameter)))

    for case in PAGE_CASES:
        typed, floor = get(case, "gatewaydb", small), get(case, "floor", small)
        sqlite = get(case, "sqlite", small)
        request = get(case, "gatewaydb_request", small)
        check(
            f"{case}, typed / floor, {small}",
            typed / floor if typed and floor else None,
            1.5,
            True,
        )
        check(
            f"{case}, SQLite / typed, {small}",
            sqlite / typed if typed and sqlite else None,
            4,
            False,
        )
        check(
            f"{case}, SQLite / JSON via gwdb_request, {small}",
            sqlite / request if request and sqlite else None,
            3,
            False,
        )
    for size in sizes:
        parameter = f"team_size:{size}"
        typed = get("status_first", "gatewaydb", parameter)
        sqlite = get("status_first", "sqlite", parameter)
        check(
            f"status=ACTIVE first page, SQLite / typed, {parameter}",
            sqlite / typed if typed and sqlite else None,
            3,
            False,
        )
    for case in ("contains_1pct", "contains_none"):
        for key in [
            k for k in results if k[:3] == ("page", case, "gatewaydb")
        ]:
            typed = p50(results[key])
            sqlite = p50(results.get(("page", case, "sqlite", key[3])))
            check(
                f"{case}, SQLite LIKE / typed, {key[3]}",
                sqlite / typed if typed and sqlite else None,
                10,
                False,
            )
    for key in [k for k in results if k[1:3] == ("bindings", "python_typed")]:
        python = results[key]["time_us"]
        c = results.get(("page", "bindings", "c_list_body", key[3]))
        check(
            f"Python gateways.list() / C list with body, {key[3]}",
            python / c["time_us"] if c else None,
            2,
            True,
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "results", type=Path, help="JSON written by --benchmark_out"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_PLOT,
        help=f"PNG to write (default: {DEFAULT_PLOT})",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="also print the tables and targets as markdown",
    )
    parser.add_argument(
        "--no-plot",
        action="store_true",
        help="skip the plot (no matplotlib needed)",
    )
    arguments = parser.parse_args()

    results = load_results(arguments.results)
    if not results:
        print(f"no benchmark results in {arguments.results}", file=sys.stderr)
        return 1
    if not arguments.no_plot:
        plot(results, arguments.output)
        print(f"wrote {arguments.output}", file=sys.stderr)
    if arguments.markdown:
        sections = [
            ("Reads", read_table(results)),
            ("Targets", target_lines(results)),
            ("Python bindings", python_lines(results)),
            ("Durable writes", write_table(results)),
            ("Store size after the load", store_table(results)),
        ]
        for title, lines in sections:
            print(f"### {title}\n")
            print("\n".join(lines))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
