"""The command reference (``docs/cli.md``) kept in step with the click commands.

Each command's section in the page holds a block between ``<!-- options: relnet X -->``
and ``<!-- end options -->``: its usage line and a table of its options, generated from
click. :func:`problems` lists where the page and the commands disagree (the tests run
it); ``python -m relnet.cli._reference docs/cli.md`` rewrites the blocks in place.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

__all__ = ["SHARED", "block", "commands", "problems", "update"]

#: Options every command accepts, documented once under the top-level ``relnet``.
SHARED = frozenset({"db", "now", "debug", "help"})

_BLOCK = re.compile(
    r"(<!-- options: (?P<path>[^>]+?) -->\n)(?P<body>.*?)(<!-- end options -->)", re.S
)


def _contexts(
    group: click.Group, parent: click.Context | None = None, path: str = "relnet"
) -> Iterator[tuple[str, click.Context]]:
    ctx = click.Context(
        group, info_name=path.rsplit(" ", 1)[-1], parent=parent, **group.context_settings
    )
    yield path, ctx
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        if isinstance(command, click.Group):
            yield from _contexts(command, ctx, f"{path} {name}")
        else:
            yield f"{path} {name}", click.Context(command, info_name=name, parent=ctx)


def commands(group: click.Group) -> Iterator[tuple[str, click.Context]]:
    """Every command under ``group`` (the group itself first): its path and a context."""
    return _contexts(group)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def block(path: str, ctx: click.Context) -> str:
    """The generated usage line and options table of the command of ``ctx``."""
    command = ctx.command
    usage = " ".join(command.collect_usage_pieces(ctx))
    summary = (command.help or "").split("\n\n")[0]
    lines = [_cell(summary), "", f"Usage: `{path} {usage}`".rstrip(), ""]
    rows = []
    top = path == "relnet"
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option) or param.hidden:
            continue
        if not top and (param.name in SHARED or "--help" in param.opts):
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        names, help_text = record
        rows.append(f"| `{_cell(names)}` | {_cell(help_text)} |")
    if rows:
        lines += ["| Option | What it does |", "| --- | --- |", *rows]
    else:
        lines.append("No options of its own.")
    return "\n".join(lines) + "\n"


def problems(page: str, group: click.Group) -> list[str]:
    """Where the page and the commands disagree; empty when they agree."""
    found: list[str] = []
    blocks = {m["path"]: m["body"] for m in _BLOCK.finditer(page)}
    known = dict(commands(group))
    for path, ctx in known.items():
        if isinstance(ctx.command, click.Group) and path != "relnet":
            continue
        if f"## `{path}`" not in page:
            found.append(f"no section for {path}")
        if path not in blocks:
            found.append(f"no options block for {path}")
        elif blocks[path] != block(path, ctx):
            found.append(f"the options of {path} are out of date")
        if path != "relnet" and not re.search(rf"^\$ {re.escape(path)}( |$)", page, re.M):
            found.append(f"no example of {path}")
    for path in blocks:
        if path not in known:
            found.append(f"the page documents {path}, which does not exist")
    return found


def update(page: str, group: click.Group) -> str:
    """The page with every options block regenerated."""
    known = dict(commands(group))

    def fill(match: re.Match[str]) -> str:
        ctx = known.get(match["path"])
        if ctx is None:
            return match[0]
        return f"{match[1]}{block(match['path'], ctx)}{match[4]}"

    return _BLOCK.sub(fill, page)


if __name__ == "__main__":  # pragma: no cover - a maintenance tool
    from relnet.cli import cli

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/cli.md")
    target.write_text(update(target.read_text(encoding="utf-8"), cli), encoding="utf-8")
    for problem in problems(target.read_text(encoding="utf-8"), cli):
        print(problem)
