"""Rows of cells as aligned columns (the last one not padded), sizes as Docker shows them."""

from __future__ import annotations

from collections.abc import Sequence


def columns(rows: Sequence[Sequence[str]], gap: int = 3) -> str:
    width = max(len(row) for row in rows)
    padded = [list(row) + [""] * (width - len(row)) for row in rows]
    widths = [max(len(row[i]) for row in padded) for i in range(width - 1)]
    lines = []
    for row in padded:
        cells = [cell.ljust(size) for cell, size in zip(row[:-1], widths, strict=True)]
        lines.append((" " * gap).join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def human_size(size: int) -> str:
    """Bytes in decimal units, three significant digits ("1.99MB"), as Docker shows them."""
    value = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if value < 1000:
            return f"{value:.3g}{unit}"
        value /= 1000
    return f"{value:.3g}TB"
