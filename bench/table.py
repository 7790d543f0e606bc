"""The table's targets and cells: percentiles, ratios, verdicts, and its fixed-width layout."""

import math

TARGET_P99_MS = 50.0
TARGET_OWN_MS = 2.0
TARGET_QUERIES = 2
#: A reason (a reply after "👎 No") may cost one statement more.
TARGET_REASON_QUERIES = 3
TARGET_RSS_MB = 120.0
TARGET_FIRST_UPDATE_S = 2.0
TARGET_SIZE_RATIO = 1.1


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile of unsorted values (nan for none)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b and not math.isnan(a) and not math.isnan(b) else "-"


def triple(values: list[float]) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def format_table(rows: list[tuple]) -> str:
    widths = [max(len(str(row[i])) for row in rows if len(row) > 1) for i in range(6)]
    lines = []
    for row in rows:
        if len(row) == 1:
            lines.append(f"-- {row[0]} ".ljust(sum(widths) + 10, "-"))
        else:
            cells = [str(row[0]).ljust(widths[0])] + [
                str(c).rjust(w) for c, w in zip(row[1:], widths[1:], strict=False)
            ]
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
