"""The ``inat`` command.

argparse rather than a framework: it ships with Python, starts fast, needs no dependency, and rich
does the output. Exit codes: 0 done, 1 the API or the SDK refused, 2 bad usage, 130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from inatsdk._version import __version__
from inatsdk.cli.common import add_client_options, make_client
from inatsdk.cli.resources import add_resource_commands, run_resource_command

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inat",
        description="Work with the iNaturalist API from the command line.",
    )
    parser.add_argument("--version", action="version", version=f"inat {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    add_client_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    add_resource_commands(commands)

    from inatsdk.cli.auth import add_auth_commands  # a light module; the work is imported later

    add_auth_commands(commands)

    from inatsdk.cli.research import add_research_commands

    add_research_commands(commands)

    cache = commands.add_parser("cache", help="look at or clear the HTTP cache")
    cache.add_argument("action", choices=("info", "clear"))

    completion = commands.add_parser("completion", help="print a shell completion script")
    completion.add_argument("shell", choices=("bash", "zsh"))

    demo = commands.add_parser(
        "demo", help="a tour of inatsdk against the built-in emulator (offline)"
    )
    demo.add_argument("--observations", type=int, default=3000, help="records to seed")
    demo.add_argument("--seed", type=int, default=7, help="seed of the generated data")

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and not hasattr(args, "resource"):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.command is None:
        parser.print_help()
        return 0
    if "--debug" in unknown:  # given after the subcommand
        unknown = [u for u in unknown if u != "--debug"]
        args.debug = True
    if args.debug or getattr(args, "dry_run", False):
        import inatsdk

        # --dry-run promises to show what would be sent: those lines are INFO.
        inatsdk.enable_logging("DEBUG" if args.debug else "INFO")
    try:
        if hasattr(args, "resource"):
            with make_client(args) as client:
                return run_resource_command(client, args, unknown)
        if hasattr(args, "research"):
            from inatsdk.cli.research import run_research_command

            return run_research_command(args)
        if args.command in ("login", "logout", "whoami"):
            from inatsdk.cli.auth import run_auth_command

            return run_auth_command(args)
        if args.command == "cache":
            from inatsdk.cli.cache import run_cache

            return run_cache(args)
        if args.command == "completion":
            from inatsdk.cli.completion import completion_script

            print(completion_script(parser, args.shell))
            return 0
        if args.command == "demo":
            from inatsdk.cli.demo import run_demo

            return run_demo(observations=args.observations, seed=args.seed)
        if args.command == "emulator":
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
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            raise
        from inatsdk.errors import iNatError

        kind = "error" if isinstance(exc, iNatError) else type(exc).__name__
        print(f"inat: {kind}: {exc}", file=sys.stderr)
        return 1
    parser.error(f"unknown command {args.command!r}")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
