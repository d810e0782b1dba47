"""``inat <resource> <method> ...``: one subcommand per read method of every controller.

The subcommands are built from :data:`inatsdk.endpoints.ENDPOINTS` and the controllers'
signatures, so each read the SDK covers is on the command line too. Options named in the spec
are listed in ``--help`` with the spec's description; any other ``--name value`` is passed on
and checked by the SDK, which names the closest valid parameter when one is misspelt.
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, cast

from inatsdk.cli.common import Subcommands, add_client_options
from inatsdk.endpoints import ENDPOINTS, Operation
from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk import iNatClient

__all__ = ["add_resource_commands", "run_resource_command"]

FORMATS = ("table", "json", "jsonl", "csv", "geojson")
#: Options every resource command has; request parameters may not reuse these names.
_OWN_OPTIONS = frozenset({"limit", "all", "format", "output", "progress"})


def _commands() -> dict[str, dict[str, Operation[BaseModel]]]:
    """resource attribute -> method name -> registry entry, for the v1 reads."""
    from inatsdk import controllers

    found: dict[str, dict[str, Operation[BaseModel]]] = {}
    for ep in ENDPOINTS:
        if ep.method != "GET" or ep.version != "v1":
            continue
        for qualname in ep.qualnames:
            class_name, method = qualname.split(".")
            cls = getattr(controllers, class_name, None)
            resource = getattr(cls, "resource", "")
            if resource:
                found.setdefault(resource, {}).setdefault(method, ep)
    return found


def _positionals(resource: str, method: str) -> list[inspect.Parameter]:
    from inatsdk import controllers

    for name in controllers.__all__:
        cls = getattr(controllers, name)
        if getattr(cls, "resource", None) == resource:
            signature = inspect.signature(getattr(cls, method))
            return [
                p
                for p in signature.parameters.values()
                if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p.name != "self"
            ]
    return []


def _first_line(text: str | None) -> str:
    return (text or "").strip().split("\n", 1)[0]


def add_resource_commands(commands: Subcommands) -> None:
    """Add ``inat <resource> <method>`` for every covered read."""
    from inatsdk import controllers
    from inatsdk.params.spec import operation

    for resource, methods in sorted(_commands().items()):
        cls = next(
            getattr(controllers, n)
            for n in controllers.__all__
            if getattr(getattr(controllers, n), "resource", None) == resource
        )
        group = commands.add_parser(
            resource.replace("_", "-"),
            help=_first_line(cls.__doc__),
            description=_first_line(cls.__doc__),
        )
        verbs = group.add_subparsers(dest="verb", metavar="METHOD", required=True)
        for method, ep in sorted(methods.items()):
            doc = getattr(cls, method).__doc__
            verb = verbs.add_parser(
                method.replace("_", "-"),
                help=_first_line(doc),
                description=inspect.cleandoc(doc or ""),
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            verb.set_defaults(resource=resource, method=method)
            add_client_options(verb, repeated=True)
            for param in _positionals(resource, method):
                many = "Iterable" in str(param.annotation) or param.name.endswith("_ids")
                verb.add_argument(
                    param.name, nargs="+" if many else None, metavar=param.name.upper()
                )
            verb.add_argument("--limit", type=int, default=30, help="most records (default 30)")
            verb.add_argument("--all", action="store_true", help="every record (no limit)")
            verb.add_argument("--format", choices=FORMATS, default="table", help="output format")
            verb.add_argument("--output", "-o", help="write to this file instead of stdout")
            verb.add_argument(
                "--progress", action="store_true", help="show a progress bar on stderr"
            )
            spec = operation(ep.version, ep.method, ep.path)
            positional = {p.name for p in _positionals(resource, method)} | {"id"}
            for p in spec.parameters:
                if p.location != "query" or p.name in positional or p.name in _OWN_OPTIONS:
                    continue
                if p.name in ("page", "per_page", "id_above", "id_below"):
                    continue  # the paginator manages these
                choices = f" (one of: {', '.join(p.enum)})" if p.enum else ""
                verb.add_argument(
                    f"--{p.name.replace('_', '-')}",
                    dest=f"param_{p.name}",
                    metavar="A,B,..." if p.type == "array" else (p.type or "value").upper(),
                    help=(_first_line(p.description) + choices).replace("%", "%%"),
                )


def _coerce(value: str) -> object:
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if value.lstrip("-").isdigit():
        return int(value)
    return value


def _usage_error(message: str) -> NoReturn:
    print(f"inat: {message}", file=sys.stderr)
    raise SystemExit(2)


def _extra_params(unknown: Sequence[str]) -> dict[str, object]:
    """``--name value`` pairs not declared in the spec (undocumented endpoints, typos)."""
    params: dict[str, object] = {}
    items = list(unknown)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--"):
            _usage_error(f"unexpected argument {flag!r}")
        name, _, value = flag[2:].partition("=")
        if not _ and (not items or items[0].startswith("--")):
            _usage_error(f"option {flag} needs a value")
        params[name.replace("-", "_")] = _coerce(value if _ else items.pop(0))
    return params


def _records(result: object, limit: int | None, progress: bool) -> Iterator[Any]:
    from inatsdk.paginator import Paginator

    if isinstance(result, Paginator):
        paginator = cast("Paginator[object]", result)
        query = paginator if limit is None else paginator.limit(limit)
        if progress:
            from inatsdk.progress import track

            yield from track(query)
        else:
            yield from query
    elif isinstance(result, list):
        yield from result[:limit] if limit is not None else result
    else:
        yield result


def _write(records: Iterable[Any], fmt: str, out: Any) -> int:
    from inatsdk import export
    from inatsdk.models import BaseModel, Observation, Taxon

    if fmt == "json":
        rows = [r.to_json() if isinstance(r, BaseModel) else r for r in records]
        out.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str) + "\n")
        return len(rows)
    if fmt == "jsonl":
        return export.write_jsonl(records, out)
    if fmt == "csv":
        return export.write_csv(records, out)
    if fmt == "geojson":
        return export.write_geojson(records, out)
    from rich.console import Console

    from inatsdk import display

    items = list(records)
    console = Console(file=out)
    if items and all(isinstance(i, Observation) for i in items):
        console.print(display.observations_table(items))
    elif items and all(isinstance(i, Taxon) for i in items):
        console.print(display.taxa_table(items))
    else:
        for item in items:
            console.print(item)
    return len(items)


def run_resource_command(
    client: iNatClient, args: argparse.Namespace, unknown: Sequence[str]
) -> int:
    """Call the controller method the arguments name and print what it returns."""
    controller = getattr(client, args.resource)
    method = getattr(controller, args.method)
    params = {k[6:]: _coerce(v) for k, v in vars(args).items() if k.startswith("param_") and v}
    params.update(_extra_params(unknown))
    positional: list[object] = []
    for p in _positionals(args.resource, args.method):
        value = getattr(args, p.name)
        if isinstance(value, list):
            positional.append([_coerce(str(v)) for v in cast("list[object]", value)])
        else:
            positional.append(_coerce(value))
    result = method(*positional, **params)
    if isinstance(result, bytes):
        target = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
        target.write(result)
        if args.output:
            target.close()
        return 0
    limit = None if args.all else args.limit
    records = _records(result, limit, progress=args.progress)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            _write(records, args.format, out)
    else:
        _write(records, args.format, sys.stdout)
    return 0
