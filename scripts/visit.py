"""Visit a URL a few times and print each answer: `python scripts/visit.py URL [TIMES]`.

Used by `make demo` to show trio's counter answering through the load balancer. Retries for a
while (the balancer may still be starting), then fails with the last error. Standard library only.
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request


def fetch(url: str, deadline: float) -> str:
    """The body of `url`, retrying until `deadline` (time.monotonic())."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return str(answer.read().decode().strip())
        except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
            if time.monotonic() > deadline:
                raise SystemExit(f"visit: {url} does not answer: {exc}") from None
            time.sleep(0.5)


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        sys.stderr.write(__doc__ or "")
        return 2
    url, times = argv[0], int(argv[1]) if len(argv) == 2 else 2
    deadline = time.monotonic() + 60
    for _ in range(times):
        print(f"GET {url} -> {fetch(url, deadline)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
