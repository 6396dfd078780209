"""figlet._digest: the builtin sha256 gives hashlib's digests without loading OpenSSL."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from figlet._digest import sha256_hex


@pytest.mark.parametrize("data", [b"", b"abc", b"x" * 100_000, bytes(range(256)) * 7])
def test_the_digest_is_hashlibs(data: bytes) -> None:
    assert sha256_hex(data) == hashlib.sha256(data).hexdigest()


def test_openssl_is_not_loaded() -> None:
    code = "import sys, figlet._digest as d; d.sha256_hex(b'x'); print('_hashlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
