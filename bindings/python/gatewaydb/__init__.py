"""Python bindings for gatewaydb, an embedded store for the Gateways API.

Open a store with ``gatewaydb.open(path)``. The typed calls on
``store.tokens`` and ``store.gateways`` return records as dicts and raise
``gatewaydb.Error`` subclasses. ``store.request()`` serves raw HTTP requests
for frontends. The shared library is found as described in ``_library``; set
``GATEWAYDB_LIBRARY`` to its path to choose one explicitly.
"""

from __future__ import annotations

from . import _ffi
from .errors import (
    AlreadyExists,
    AuthenticationError,
    Corruption,
    Error,
    InvalidArgument,
    InvalidRequest,
    NotFound,
    ServiceOffline,
    UnknownError,
    UnsupportedMethod,
)
from ._library import LibraryError
from .gateways import KEEP, Gateways, Keep
from .paging import Page, Record
from .response import Response
from .store import Store, check_path, open
from .tokens import Tokens

__version__ = "1.1.0"

__all__ = [
    "KEEP",
    "AlreadyExists",
    "AuthenticationError",
    "Corruption",
    "Error",
    "Gateways",
    "InvalidArgument",
    "InvalidRequest",
    "Keep",
    "LibraryError",
    "NotFound",
    "Page",
    "Record",
    "Response",
    "ServiceOffline",
    "Store",
    "Tokens",
    "UnknownError",
    "UnsupportedMethod",
    "check_path",
    "library_path",
    "library_version",
    "open",
]

library_path: str = _ffi.library_path
"""The file the shared library was loaded from."""


def library_version() -> str:
    """Return the loaded library's version, such as ``"1.1.0"``."""
    version: str = _ffi.lib.gwdb_version()
    return version
