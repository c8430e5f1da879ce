"""The documented install: build the wheel, install it into a venv, import.

Runs the same commands as the Install section of bindings/python/README.md
against the build tree of the library under test, so it is skipped when
that library does not come from a CMake build tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import gatewaydb

IMPORT_CHECK = """
import sys, tempfile
import gatewaydb, gatewaydb.paging
with gatewaydb.open(tempfile.mkdtemp() + "/db") as store:
    store.tokens.create("acme")
    assert len(store.tokens.list("acme")) == 1
print(gatewaydb.library_path)
print(gatewaydb.__version__)
print(gatewaydb.paging.page_decoder())
"""


def run(command: list[str], **options: object) -> str:
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=300, **options
    )
    assert completed.returncode == 0, (
        f"{' '.join(command)} failed with exit status "
        f"{completed.returncode}:\n{completed.stdout}\n{completed.stderr}"
    )
    return completed.stdout


@pytest.fixture
def build_tree() -> Path:
    tree = Path(gatewaydb.library_path).resolve().parent
    if not (tree / "CMakeCache.txt").exists():
        pytest.skip(f"{gatewaydb.library_path} is not in a CMake build tree")
    return tree


def test_wheel_installs_into_venv(build_tree: Path, tmp_path: Path) -> None:
    run(["cmake", "--build", str(build_tree), "--target", "python_wheel"])
    wheels = list((build_tree / "bindings/python/dist").glob("*.whl"))
    expected = f"gatewaydb-{gatewaydb.__version__}-py3-none-any.whl"
    assert [wheel.name for wheel in wheels] == [expected]

    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)])
    python = str(venv / "bin" / "python")
    run([python, "-m", "pip", "install", "--no-index", str(wheels[0])])

    # Outside the checkout and without GATEWAYDB_LIBRARY, the installed
    # package must find the library it ships.
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("GATEWAYDB_LIBRARY", "PYTHONPATH")
    }
    output = run(
        [python, "-c", IMPORT_CHECK], cwd=tmp_path, env=environment
    ).splitlines()
    library_path, version, decoder = output
    assert Path(library_path).is_relative_to(venv)
    assert version == gatewaydb.__version__
    assert decoder == gatewaydb.paging.page_decoder()
