"""Where the ``inat`` commands are registered: one entry per top-level command.

This module is data only (it imports nothing), so ``inat --help`` and ``inat --version`` list
the commands without loading the SDK. A command's module is imported when that command runs.

To add a command, add an entry here:

* a **group** (``inat observations search``, ``inat sync observations``) lists the modules that
  add its verbs; each module has ``add_verbs(group: str, verbs: Subcommands) -> None`` and adds
  one parser per verb, with ``set_defaults(run=function)`` where ``function(args) -> int``.
  Several modules may add verbs to one group (the generated reads and the writes of
  ``observations``; a ``photos download`` beside the generated ``photos`` reads).
* a **single command** (``inat login``, ``inat api``) names one module with
  ``add_command(name: str, commands: Subcommands) -> None`` that adds the parser ``name``.

A test checks that the groups of generated reads match :data:`inatsdk.endpoints.ENDPOINTS`.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["COMMANDS", "READS", "Entry"]

#: The module that adds one verb per read of the SDK (``search``, ``get``, ...).
READS = "inatsdk.cli.resources"


class Entry(NamedTuple):
    """One top-level command: its one-line summary and the modules that build it."""

    summary: str
    modules: tuple[str, ...]
    group: bool = True


COMMANDS: dict[str, Entry] = {
    # Records, each with its reads (generated from the operations table) and its writes.
    "observations": Entry(
        "search, count, create and upload observations",
        (READS, "inatsdk.cli.writes"),
    ),
    "taxa": Entry("the tree of life: search, get, autocomplete", (READS,)),
    "identifications": Entry(
        "search, count and add identifications",
        (READS, "inatsdk.cli.writes"),
    ),
    "comments": Entry("comments on observations: create", ("inatsdk.cli.writes",)),
    "places": Entry("countries, parks and places users drew", (READS,)),
    "projects": Entry(
        "search projects; join, leave, add to them",
        (READS, "inatsdk.cli.writes"),
    ),
    "users": Entry("observers and identifiers; you (me)", (READS,)),
    "search": Entry("the website's search box: taxa, places, projects, users", (READS,)),
    "controlled-terms": Entry("annotation attributes and their values", (READS,)),
    "observation-fields": Entry("the data fields anyone can define", (READS,)),
    "messages": Entry("your private messages (needs a login)", (READS,)),
    "posts": Entry("journal posts", (READS,)),
    "maps": Entry("map tiles (PNG) and UTFGrids", (READS,)),
    # Research workflows (inatsdk.sync, client.photos.download).
    "sync": Entry("keep a local SQLite copy of a search current", ("inatsdk.cli.research",)),
    "photos": Entry("download photo files within the media budget", ("inatsdk.cli.research",)),
    # Anything else.
    "api": Entry(
        "call any API path (v1 or v2) and print its JSON", ("inatsdk.cli.api",), group=False
    ),
    "login": Entry(
        "log in and keep the login in the system keyring", ("inatsdk.cli.auth",), group=False
    ),
    "logout": Entry("remove the stored login", ("inatsdk.cli.auth",), group=False),
    "whoami": Entry("show whose credentials are in force", ("inatsdk.cli.auth",), group=False),
    "cache": Entry("look at or clear the HTTP cache", ("inatsdk.cli.cache",), group=False),
    "completion": Entry(
        "print a completion script for bash, zsh or fish", ("inatsdk.cli.completion",), False
    ),
    "emulator": Entry(
        "serve the iNaturalist API emulator on this machine", ("inatsdk.cli",), False
    ),
    "demo": Entry("a tour of inatsdk against the built-in emulator", ("inatsdk.cli.demo",), False),
}
