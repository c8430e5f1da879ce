"""Locate and open the libgatewaydb shared library.

Search order, first acceptable library wins:

1. ``$GATEWAYDB_LIBRARY`` when set. It is then the only place tried, so a
   wrong value fails loudly instead of silently picking another build.
2. ``libgatewaydb.so*`` next to this package (an installed wheel).
3. A CMake build tree of the source checkout this package sits in:
   ``<repo>/build/libgatewaydb.so``, then ``<repo>/build*/libgatewaydb.so``
   and ``<repo>/../build*/libgatewaydb.so`` (newest file first).
4. The dynamic loader's own search (``LD_LIBRARY_PATH``, the ldconfig cache)
   for ``libgatewaydb.so.1``.
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path
from typing import Callable

ENVIRONMENT_VARIABLE = "GATEWAYDB_LIBRARY"
SONAME = "libgatewaydb.so.1"


class LibraryError(ImportError):
    """Raised when no usable libgatewaydb can be found or loaded."""


def _newest_first(paths: list[Path]) -> list[Path]:
    return sorted(paths, key=lambda path: path.stat().st_mtime, reverse=True)


def _source_tree_candidates(package_dir: Path) -> list[Path]:
    # The package lives at <repo>/bindings/python/gatewaydb in a checkout.
    repo = package_dir.parent.parent.parent
    if not (repo / "include" / "gatewaydb" / "gatewaydb.h").is_file():
        return []

    candidates = [repo / "build" / "libgatewaydb.so"]
    siblings = [
        path
        for path in repo.glob("build*/libgatewaydb.so")
        if path != candidates[0]
    ]
    candidates += _newest_first(siblings)
    candidates += _newest_first(
        list(repo.parent.glob("build*/libgatewaydb.so"))
    )
    return candidates


def candidate_paths() -> list[tuple[str, str]]:
    """Return the places to try, as ``(description, path)`` pairs in order."""
    override = os.environ.get(ENVIRONMENT_VARIABLE)
    if override:
        # A relative path is resolved now, against the current directory.
        if os.sep in override:
            override = os.path.abspath(override)
        return [(f"${ENVIRONMENT_VARIABLE}", override)]

    package_dir = Path(__file__).resolve().parent
    candidates: list[tuple[str, str]] = []
    bundled = sorted(package_dir.glob("libgatewaydb.so*"))
    if bundled:
        candidates += [("package", str(path)) for path in bundled]
    else:
        candidates.append(("package", str(package_dir / "libgatewaydb.so*")))
    for path in _source_tree_candidates(package_dir):
        candidates.append(("build tree", str(path)))
    candidates.append(("dynamic loader search", SONAME))
    return candidates


def load(
    accept: Callable[[ctypes.CDLL, str], None]
) -> tuple[ctypes.CDLL, str]:
    """Open the first candidate library that ``accept`` does not reject.

    ``accept`` receives the opened library and its path and raises
    ``LibraryError`` to reject it (for example for an unsupported version).
    Returns the library and the path it was loaded from. Raises
    ``LibraryError`` naming every place tried and why each failed.
    """
    failures: list[str] = []
    for description, path in candidate_paths():
        is_search_name = os.sep not in path
        if not is_search_name and not os.path.exists(path):
            failures.append(f"{description}: {path}: file not found")
            continue
        try:
            library = ctypes.CDLL(path)
        except OSError as error:
            failures.append(f"{description}: {path}: {error}")
            continue
        try:
            accept(library, path)
        except LibraryError as error:
            failures.append(f"{description}: {path}: {error}")
            continue
        return library, path

    tried = "\n  ".join(failures)
    raise LibraryError(
        "cannot load libgatewaydb; tried:\n  "
        f"{tried}\n"
        "Build it with `cmake -S . -B build && cmake --build build "
        "--target gatewaydb`, or set "
        f"{ENVIRONMENT_VARIABLE} to the path of libgatewaydb.so."
    )
