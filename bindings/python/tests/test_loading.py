"""Finding the shared library and checking its version at import."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gatewaydb
from gatewaydb import _library

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
REPO_ROOT = PACKAGE_ROOT.parent.parent


def import_with_library(library: str) -> subprocess.CompletedProcess[str]:
    """Import gatewaydb in a fresh interpreter with GATEWAYDB_LIBRARY set."""
    environment = dict(os.environ)
    environment["GATEWAYDB_LIBRARY"] = library
    environment["PYTHONPATH"] = str(PACKAGE_ROOT)
    return subprocess.run(
        [sys.executable, "-c", "import gatewaydb"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def compile_library(tmp_path: Path, source: str) -> str:
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler to build a stand-in library")
    source_file = tmp_path / "fake.c"
    source_file.write_text(source)
    library = tmp_path / "libfake.so"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-o", str(library), str(source_file)],
        check=True,
        timeout=60,
    )
    return str(library)


def test_missing_library_names_path() -> None:
    result = import_with_library("/nonexistent/libgatewaydb.so")

    assert result.returncode != 0
    assert "LibraryError" in result.stderr
    assert "$GATEWAYDB_LIBRARY: /nonexistent/libgatewaydb.so" in result.stderr
    assert "file not found" in result.stderr


def test_non_library_file_is_rejected(tmp_path: Path) -> None:
    bogus = tmp_path / "libgatewaydb.so"
    bogus.write_text("not an ELF file")

    result = import_with_library(str(bogus))

    assert result.returncode != 0
    assert str(bogus) in result.stderr
    assert "cannot load libgatewaydb" in result.stderr


def test_other_library_is_rejected() -> None:
    # Any real shared library without gwdb_version_number will do.
    import ctypes.util

    libm = ctypes.util.find_library("m")
    if libm is None:
        pytest.skip("libm not found")

    result = import_with_library(libm)

    assert result.returncode != 0
    assert "not a gatewaydb library" in result.stderr


def test_unsupported_major_version_is_rejected(tmp_path: Path) -> None:
    library = compile_library(
        tmp_path, "int gwdb_version_number(void) { return 2003004; }\n"
    )

    result = import_with_library(library)

    assert result.returncode != 0
    assert "library version 2.3.4 is not supported" in result.stderr
    assert "major version 1" in result.stderr


def test_library_missing_functions_is_rejected(tmp_path: Path) -> None:
    library = compile_library(
        tmp_path, "int gwdb_version_number(void) { return 1000000; }\n"
    )

    result = import_with_library(library)

    assert result.returncode != 0
    assert "has no function gwdb_version" in result.stderr


def test_explicit_library_is_used() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gatewaydb; print(gatewaydb.library_path)",
        ],
        env={
            **os.environ,
            "GATEWAYDB_LIBRARY": gatewaydb.library_path,
            "PYTHONPATH": str(PACKAGE_ROOT),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == gatewaydb.library_path


def test_candidates_without_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GATEWAYDB_LIBRARY", raising=False)

    candidates = [path for _, path in _library.candidate_paths()]

    assert candidates[0].startswith(str(PACKAGE_ROOT / "gatewaydb"))
    assert str(REPO_ROOT / "build" / "libgatewaydb.so") in candidates
    assert candidates[-1] == "libgatewaydb.so.1"


def test_candidates_with_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAYDB_LIBRARY", "/somewhere/libgatewaydb.so")

    assert _library.candidate_paths() == [
        ("$GATEWAYDB_LIBRARY", "/somewhere/libgatewaydb.so")
    ]
