"""sha256 hex digests without OpenSSL's start-up.

`hashlib` loads OpenSSL (`_hashlib`), about 3 ms of every command's start-up, for the few small
digests figlet takes (config hashes, load-cache keys). CPython's own implementation is a
builtin module (`_sha2` from 3.12, `_sha256` before); hashlib is the fallback elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_sha256: Callable[[bytes], Any]
try:
    from _sha2 import sha256 as _sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
except ImportError:
    try:
        from _sha256 import sha256 as _sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
    except ImportError:
        from hashlib import sha256 as _sha256


def sha256_hex(data: bytes) -> str:
    """The sha256 of `data`, in hex."""
    return str(_sha256(data).hexdigest())
