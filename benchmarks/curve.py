"""How the cost of an agenda grows with the network: a log-log plot and the slope of each line.

Usage::

    python benchmarks/curve.py --sizes 1000 3000 10000 30000 100000 \\
        --out docs/_static/cost-curve.png --json curve.json

For each size it generates a network of that many contacts with ten interactions each
(:func:`relnet.synth.network`, fixed seed), then measures, as medians of ``--repeat``
runs, in memory and from a SQLite file built once:

- the day's agenda (``Engine().agenda``),
- the agenda with room for every contact (``capacity`` = the number of contacts),
- every contact's follow-up (``Engine().follow_ups``),
- and the floor: the keep-in-touch rule alone written in pandas (in memory), one
  ``GROUP BY`` giving each contact's last touch (SQLite).

One size alone (a large one, measured apart to be drawn later with ``--reuse``) needs
``--json`` and draws nothing. It also prints, and keeps in ``--json`` (not drawn), the
seconds the SQLite import took (``import_sqlite``, one run).

It prints one table row per size, fits a line to each series on log-log axes (the slope
says how cost grows: 1 is linear in the number of contacts, 0 is flat) and draws them.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # a file, never a window
import matplotlib.pyplot as plt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import (
    DEFAULT_SEED,
    END,
    NOW,
    START,
    agenda_memory,
    agenda_sqlite_cold,
    follow_ups_memory,
    follow_ups_sqlite_cold,
    import_sqlite,
    pandas_figure,
    sql_last_touch,
    timed,
)

from relnet import Engine
from relnet.adapters.sqlite import SQLiteStore
from relnet.synth import network

#: The series drawn, in the legend's order: (key, label, line style).
SERIES = (
    ("agenda_memory", "agenda (memory)", "o-"),
    ("unbounded_memory", "agenda, room for all (memory)", "s-"),
    ("follow_ups_memory", "follow-ups (memory)", "^-"),
    ("pandas", "floor: keep-in-touch in pandas", "k--"),
    ("agenda_sqlite", "agenda (SQLite, cold)", "o:"),
    ("unbounded_sqlite", "agenda, room for all (SQLite, cold)", "s:"),
    ("follow_ups_sqlite", "follow-ups (SQLite, cold)", "^:"),
    ("sql_floor", "floor: one GROUP BY (SQLite)", "k-."),
)


def measure(contacts: int, repeat: int, seed: int) -> dict[str, float]:
    """Every series' median seconds at one size, each printed as soon as it is measured
    (a large size takes long enough for the figures already measured to matter)."""
    net = network(contacts, contacts * 10, seed=seed, start=START, end=END)
    figures: dict[str, float] = {}

    def keep(key: str, seconds: float) -> None:
        figures[key] = seconds
        print(f"  {contacts}: {key} {seconds:.4f} s", flush=True)

    store = net.to_store()
    keep("agenda_memory", agenda_memory(store, repeat)[0])
    keep("unbounded_memory", agenda_memory(store, repeat, capacity=contacts)[0])
    keep("follow_ups_memory", follow_ups_memory(store, repeat)[0])
    del store
    keep("pandas", pandas_figure(net, repeat)[0])
    with tempfile.TemporaryDirectory(prefix="relnet-curve-") as folder:
        imported, path = import_sqlite(net, Path(folder), 1)
        keep("import_sqlite", imported)
        keep("agenda_sqlite", agenda_sqlite_cold(path, repeat))

        def unbounded() -> None:
            with SQLiteStore(path) as opened:
                Engine().agenda(opened, now=NOW, capacity=contacts)

        keep("unbounded_sqlite", timed(unbounded, repeat))
        keep("follow_ups_sqlite", follow_ups_sqlite_cold(path, repeat)[0])
        keep("sql_floor", sql_last_touch(path, repeat)[0])
    return figures


def reused(files: list[Path]) -> dict[int, dict[str, float]]:
    """The rows of earlier ``--json`` files by size (a later file wins for a size)."""
    rows: dict[int, dict[str, float]] = {}
    for file in files:
        earlier = json.loads(file.read_text(encoding="utf-8"))
        rows.update(zip(earlier["sizes"], earlier["seconds"], strict=True))
    return rows


def slope(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(seconds) against log(size)."""
    xs = [math.log(size) for size in sizes]
    ys = [math.log(value) for value in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def draw(
    sizes: list[int], rows: list[dict[str, float]], slopes: dict[str, float], out: Path
) -> None:
    """The log-log plot of every series, each labelled with its slope."""
    figure, ax = plt.subplots(figsize=(8, 5.5), layout="constrained")
    for key, label, style in SERIES:
        ax.loglog(
            sizes, [row[key] for row in rows], style, label=f"{label} — slope {slopes[key]:.2f}"
        )
    ax.set_xlabel("contacts (ten interactions each)")
    ax.set_ylabel("seconds (median)")
    ax.set_title("How relnet's cost grows with the network")
    ax.grid(True, which="both", linewidth=0.3)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, dpi=110, bbox_inches="tight")
    plt.close(figure)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[1000, 3000, 10_000],
        help="contacts of each network measured (none: only draw the --reuse files)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=Path("cost-curve.png"))
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument(
        "--reuse",
        type=Path,
        nargs="+",
        default=[],
        help="earlier --json files: their sizes are drawn again, not measured (a size "
        "given in --sizes is measured anew)",
    )
    args = parser.parse_args(argv)
    kept = reused(args.reuse)
    sizes = sorted(set(args.sizes) | kept.keys())
    if len(sizes) < 2 and args.json is None:
        parser.error("--sizes needs at least two different sizes to draw a slope (or --json)")
    repeat = max(1, args.repeat)

    rows = []
    print("contacts  " + "  ".join(f"{key:>18}" for key, _, _ in SERIES))
    for size in sizes:
        started = time.perf_counter()
        fresh = size in args.sizes
        row = measure(size, repeat, args.seed) if fresh else kept[size]
        rows.append(row)
        cells = "  ".join(f"{row[key]:18.4f}" for key, _, _ in SERIES)
        took = f"{time.perf_counter() - started:.0f} s" if fresh else "reused"
        print(f"{size:>8}  {cells}   ({took})", flush=True)
    slopes: dict[str, float] = {}
    if len(sizes) >= 2:
        slopes = {key: slope(sizes, [row[key] for row in rows]) for key, _, _ in SERIES}
        for key, label, _ in SERIES:
            print(f"slope  {label:<40} {slopes[key]:.2f}")
        draw(sizes, rows, slopes, args.out)
        print(f"plot: {args.out}")
    result = {"sizes": sizes, "seconds": rows, "slopes": slopes, "seed": args.seed}
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
