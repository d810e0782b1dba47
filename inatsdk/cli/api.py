"""``inat api METHOD PATH [-f key=value ...]``: any API path, printed as JSON (like ``gh api``).

The request goes through the client (:meth:`inatsdk.iNatClient.request`): its cache, rate
limit, retries, login and ``--dry-run``. A path is ``/v1/...`` or ``/v2/...`` (``/v1`` is
assumed when neither is given) and may not leave the API: no ``..``, no other host.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import cast

from inatsdk.cli.common import Subcommands, UsageError, add_client_options, examples, make_client
from inatsdk.cli.common import parse_pairs as _pairs

__all__ = ["add_command"]


def add_command(name: str, commands: Subcommands) -> None:
    """Add ``inat api``."""
    api = commands.add_parser(
        name,
        help="call any API path (v1 or v2) and print its JSON",
        description="Call any path of the API and print the JSON answer. GET values go in "
        "the query; for other methods they make the JSON body. The request goes through the "
        "cache, the rate limit, retries and your login (inat login) like any other command.",
        epilog=examples(
            "inat api GET /v1/taxa/3",
            "inat api GET /v1/observations -f taxon_id=3 -f per_page=2",
            "inat api GET /v2/taxa/3 -f fields=name,rank",
            "inat api POST /v1/comments -F comment.parent_id=1234 -f comment.body=Nice "
            "-f comment.parent_type=Observation --dry-run",
        ),
        usage="inat api METHOD PATH [-f key=value ...] [options]",
    )
    api.add_argument(
        "method",
        metavar="METHOD",
        type=str.upper,
        choices=("GET", "POST", "PUT", "DELETE", "PATCH"),
        help="GET, POST, PUT, DELETE or PATCH",
    )
    api.add_argument("path", metavar="PATH", help="e.g. /v1/taxa/3 (/v1 when no version)")
    api.add_argument(
        "-f",
        "--field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a value, as text (repeat for more)",
    )
    api.add_argument(
        "-F",
        "--typed-field",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a value read as JSON when it is one: numbers, true, false, null",
    )
    api.add_argument("--compact", action="store_true", help="one line of JSON, not indented")
    add_client_options(api, repeated=True)
    api.set_defaults(run=run_api)


def _typed(value: str) -> object:
    try:
        parsed: object = json.loads(value)
    except ValueError:
        return value
    return parsed


def _nest(pairs: dict[str, object]) -> dict[str, object]:
    """``{"comment.body": "x"}`` -> ``{"comment": {"body": "x"}}``."""
    body: dict[str, object] = {}
    for key, value in pairs.items():
        node = body
        parts = key.split(".")
        for part in parts[:-1]:
            child: object = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise UsageError(f"-f {key}: {part} is already a value")
            node = cast("dict[str, object]", child)
        node[parts[-1]] = value
    return body


def _check_path(path: str) -> None:
    lowered = path.lower()
    if any(u in lowered for u in ("..", "//", "\\", "?", "#", "%2e", "%2f", "%5c", "%3f", "%23")):
        raise UsageError(
            f"{path} is not an API path: no '..', '//', '?' or '#' in it "
            "(give query values with -f key=value)"
        )


def run_api(args: argparse.Namespace) -> int:
    """Send the request and print the JSON answer."""
    path = args.path if args.path.startswith("/") else "/" + args.path
    if not path.startswith(("/v1/", "/v2/")):
        path = "/v1" + path
    text = _pairs(args.field, "-f")
    typed = {k: _typed(v) for k, v in _pairs(args.typed_field, "-F").items()}
    _check_path(path)
    with make_client(args) as client:
        if args.method == "GET":
            query = {
                **text,
                **{k: v if isinstance(v, str) else json.dumps(v) for k, v in typed.items()},
            }
            answer = client.request("GET", path, params=query)
        else:
            answer = client.request(args.method, path, body=_nest({**text, **typed}) or None)
    if answer is None:
        if getattr(args, "dry_run", False):
            print(f"would have sent {args.method} {path}", file=sys.stderr)
        return 0
    indent = None if args.compact else 2
    print(json.dumps(answer, indent=indent, ensure_ascii=False))
    return 0
