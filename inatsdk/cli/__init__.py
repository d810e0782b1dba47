"""The ``inat`` command.

argparse rather than a framework: it ships with Python, starts fast, needs no dependency, and rich
does the output. Exit codes: 0 done, 1 the API or the SDK refused, 2 bad usage, 130 interrupted.

The commands are listed in :mod:`inatsdk.cli.registry`; only the one being run is built, so
``inat --help`` and ``inat --version`` load nothing of the SDK.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

    from inatsdk.cli.common import Subcommands

__all__ = ["build_parser", "main"]

EPILOG = """\
examples:
  inat taxa search --q oak --rank species --limit 5
  inat observations search --taxon-id 3 --place-id 6712 --format csv -o birds.csv
  inat observations get 1234
  inat observations histogram --taxon-id 3 --interval month
  inat api GET /v1/taxa/3
  inat emulator &  # then: export INAT_API_URL=http://127.0.0.1:8765

settings: --api-url or INAT_API_URL, --web-url or INAT_WEB_URL, --no-rate-limit or
INAT_RATE_LIMIT=off; credentials from `inat login` or INAT_ACCESS_TOKEN.
`inat COMMAND --help` tells more about a command."""


def command_words(argv: Sequence[str]) -> list[str]:
    """The command words in ``argv`` (``["observations", "search"]``): the words that are
    not options or options' values (the global options that take a value are known)."""
    from inatsdk.cli.common import VALUE_OPTIONS

    words: list[str] = []
    skip = False
    for word in argv:
        if skip:
            skip = False
            continue
        if word == "--":
            break
        if word.startswith("-"):
            skip = word in VALUE_OPTIONS
            continue
        words.append(word)
    return words


def command_and_verb(words: Sequence[str]) -> tuple[str | None, str | None]:
    """The command and the verb among ``words`` (``None`` for what is not there)."""
    return (words[0] if words else None, words[1] if len(words) > 1 else None)


class _Verbs:
    """The verbs of a group as the command modules see them: every verb is listed, and only
    ``wanted`` (every one when ``None``) is built in full."""

    def __init__(self, verbs: Subcommands, wanted: str | None) -> None:
        self._verbs = verbs
        self.wanted = wanted

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return self._verbs.add_parser(name, **kwargs)


def build_parser(
    command: str | None = None, verb: str | None = None, *, full: bool = False
) -> argparse.ArgumentParser:
    """The ``inat`` parser: every command listed, and ``command``'s own parser built (only
    ``verb`` in full, when given; every command's with ``full=True``)."""
    from inatsdk._version import __version__
    from inatsdk.cli.common import Parser, add_client_options
    from inatsdk.cli.registry import COMMANDS

    parser = Parser(
        prog="inat",
        description="Work with the iNaturalist API from the command line.",
        epilog=EPILOG,
        usage="inat [options] COMMAND ...",
    )
    parser.add_argument("--version", action="version", version=f"inat {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    add_client_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, entry in COMMANDS.items():
        if not (full or name == command):
            # Listed with its summary; built only when it runs.
            commands.add_parser(name, help=entry.summary, add_help=False)
            continue
        if entry.group:
            group = commands.add_parser(
                name,
                help=entry.summary,
                description=entry.summary[0].upper() + entry.summary[1:] + ".",
                usage=f"inat {name} VERB [options]",
                epilog=f"`inat {name} VERB --help` tells more about a verb, with examples.",
            )
            verbs = group.add_subparsers(dest="verb", metavar="VERB", title="verbs", required=True)
            wanted = _Verbs(verbs, None if full else verb)
            for module in entry.modules:
                _import(module).add_verbs(name, wanted)
        else:
            _import(entry.modules[0]).add_command(name, commands)
    return parser


def _import(module: str) -> _CommandModule:
    import importlib

    imported: _CommandModule = importlib.import_module(module)  # type: ignore[assignment]
    return imported


class _CommandModule:
    """What a command module provides (see :mod:`inatsdk.cli.registry`)."""

    @staticmethod
    def add_verbs(group: str, verbs: Subcommands) -> None: ...

    @staticmethod
    def add_command(name: str, commands: Subcommands) -> None: ...


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["__complete"]:  # what the completion scripts ask on each Tab
        from inatsdk.cli.completion import complete_main

        return complete_main(argv[1:])
    if argv == ["--version"]:  # the fast path: nothing to parse
        from inatsdk._version import __version__

        print(f"inat {__version__}")
        return 0
    try:
        words = command_words(argv)
        parser = build_parser(*command_and_verb(words))
        args, unknown = parser.parse_known_args(argv)
    except KeyboardInterrupt:
        return 130
    if unknown:
        if not getattr(args, "accepts_extra", False):
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.extra = unknown
    if args.command is None:
        parser.print_help()
        return 0
    from inatsdk.cli.common import run

    return run(args)


# --- inat emulator (inatsdk.cli.serve runs it) ---------------------------------------------------


def add_command(name: str, commands: Subcommands) -> None:
    """Add ``inat emulator``."""
    from inatsdk.cli.common import examples

    emulator = commands.add_parser(
        "emulator", help="serve the iNaturalist API emulator on this machine"
    )
    emulator.add_argument("--host", default="127.0.0.1")
    emulator.add_argument("--port", type=int, default=8765)
    emulator.add_argument("--observations", type=int, default=5000, help="records to seed")
    emulator.add_argument("--seed", type=int, default=0)
    emulator.add_argument(
        "--throttle",
        type=int,
        default=100,
        metavar="N",
        help="answer 429 past N requests a minute per address, as the API does (0: off)",
    )
    emulator.add_argument(
        "--jwt-lifetime", type=float, default=86400, metavar="S", help="seconds a JWT lives"
    )
    emulator.add_argument(
        "--user",
        action="append",
        default=[],
        metavar="LOGIN:PASSWORD",
        help="register an account (repeatable); its API token is printed",
    )
    emulator.add_argument(
        "--app", metavar="NAME", help="register an OAuth application; its id and secret are printed"
    )
    emulator.add_argument(
        "--redirect-uri",
        action="append",
        default=[],
        metavar="URI",
        help="a redirect URI the --app accepts (repeatable)",
    )
    emulator.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="JSON",
        help='inject a fault, as POST /_emulator/faults takes it: \'{"kind": "status", "status": 503}\'',
    )
    emulator.description = (
        "Serve the iNaturalist API emulator (v1, v2 and OAuth on one port) until Ctrl-C."
    )
    emulator.epilog = examples(
        "inat emulator --port 8765 --observations 2000",
        "inat emulator --user me:secret  # prints an API token for me",
        "INAT_API_URL=http://127.0.0.1:8765 inat taxa search --q oak",
    )
    emulator.set_defaults(run=run_emulator)


def run_emulator(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from inatsdk.cli.serve import serve

    return serve(
        host=args.host,
        port=args.port,
        observations=args.observations,
        seed=args.seed,
        throttle=args.throttle or None,
        jwt_lifetime=args.jwt_lifetime,
        users=args.user,
        app=args.app,
        redirect_uris=args.redirect_uri,
        faults=args.fault,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
