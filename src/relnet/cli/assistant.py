"""``relnet mcp``: the network, its agenda and its history, served to an AI assistant."""

from __future__ import annotations

import logging
import sys

import click

from relnet.cli._app import common_options, session

__all__ = ["mcp_command"]


@click.command("mcp")
@click.option(
    "--read-only",
    is_flag=True,
    help="Open the database read-only and offer no tool that writes.",
)
@common_options
def mcp_command(read_only: bool) -> None:
    """Serve your network to an AI assistant (a Model Context Protocol server on stdio).

    Register the command 'relnet' with the arguments 'mcp --db FILE' in your assistant's
    MCP settings. Logs go to standard error; standard output carries only the protocol.
    """
    try:
        from relnet.cli._mcp import build_server
    except ModuleNotFoundError as error:
        if error.name is None or error.name.split(".")[0] != "mcp":
            raise
        raise ImportError("relnet mcp needs the MCP SDK: pip install 'relnet[cli,mcp]'") from error
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="relnet mcp: %(message)s")
    server = build_server(session(), read_only=read_only)
    server.run()
