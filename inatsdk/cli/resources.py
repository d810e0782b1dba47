"""``inat <resource> <verb> ...``: one verb per read method of every controller.

The verbs are built from :data:`inatsdk.endpoints.ENDPOINTS` and the controllers' signatures,
so each read the SDK covers is on the command line too. Options named in the spec are listed in
``--help`` with the first sentences of the spec's description; any other ``--name value`` is
passed on and checked by the SDK, which names the closest valid option when one is misspelt.
"""

from __future__ import annotations

import argparse
import inspect
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from inatsdk.cli.common import (
    Subcommands,
    UsageError,
    add_client_options,
    examples,
    summary,
    wanted,
)
from inatsdk.cli.output import FORMATS, emit
from inatsdk.endpoints import ENDPOINTS, Operation
from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from inatsdk import iNatClient

__all__ = ["add_verbs", "commands", "resource_of_name", "run_read"]

#: Options every read has; request parameters may not reuse these names.
_OWN_OPTIONS = frozenset({"limit", "all", "format", "output", "progress"})

#: Example values of positional arguments, by name.
_SAMPLES = {
    "id": "3",
    "ids": "3 7 9081",
    "taxon_id": "3",
    "observation_id": "1234",
    "project": "1001",
    "user": "kueda",
    "place_id": "6712",
    "q": "oak",
    "thread_id": "1",
    "message_id": "1",
    "since": "2024-01-01",
    "style": "points",
    "place": "6712",
    "identification_id": "1234",
    "identification_ids": "1234 1235",
    "zoom": "2",
    "x": "1",
    "y": "1",
}

#: Shell examples of the verbs people use most (the others get one made from their arguments).
_EXAMPLES: dict[tuple[str, str], tuple[str, ...]] = {
    ("observations", "search"): (
        "inat observations search --taxon-id 3 --place-id 6712 --limit 10",
        "inat observations search --user-id kueda --all --format csv -o mine.csv",
        "inat observations search --q warbler --quality-grade research --format geojson",
    ),
    ("observations", "histogram"): (
        "inat observations histogram --taxon-id 3 --interval month --d1 2024-01-01",
        "inat observations histogram --user-id kueda --format csv",
    ),
    ("observations", "life-list"): (
        "inat observations life-list --user-id kueda",
        "inat observations life-list --user-id kueda --format csv -o life.csv",
    ),
    ("observations", "species-counts"): (
        "inat observations species-counts --place-id 6712 --limit 10",
    ),
    ("taxa", "search"): ("inat taxa search --q oak --rank species --limit 5",),
    ("taxa", "autocomplete"): ("inat taxa autocomplete --q quer",),
    ("places", "autocomplete"): ("inat places autocomplete --q yosemite",),
    ("users", "autocomplete"): ("inat users autocomplete --q kue",),
    ("projects", "members"): ("inat projects members 1001 --limit 20",),
}


def resource_of_name(class_name: str) -> str:
    """The resource a controller class's name says (``ObservationPhotosController`` ->
    ``observation_photos``): what its ``resource`` attribute is, wherever it has one (a test
    checks), so one command need not import every controller to find its own."""
    stem = class_name.removesuffix("Controller")
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in stem).lstrip("_")


def commands(resource: str | None = None) -> dict[str, dict[str, Operation[BaseModel]]]:
    """resource attribute -> method name -> registry entry, for the v1 reads (of ``resource``
    alone when given)."""
    from inatsdk import controllers

    found: dict[str, dict[str, Operation[BaseModel]]] = {}
    for ep in ENDPOINTS:
        if ep.method != "GET" or ep.version != "v1":
            continue
        for qualname in ep.qualnames:
            class_name, method = qualname.split(".")
            if resource is not None and resource_of_name(class_name) != resource:
                continue  # another resource's controller: not imported
            cls = getattr(controllers, class_name, None)
            own = getattr(cls, "resource", "")
            if own and (resource is None or own == resource):
                found.setdefault(own, {}).setdefault(method, ep)
    return found


def _controller_class(resource: str) -> type:
    from inatsdk import controllers

    for name in controllers.__all__:
        if resource_of_name(name) != resource:
            continue
        cls = getattr(controllers, name)
        if getattr(cls, "resource", None) == resource:
            return cast("type", cls)
    raise LookupError(resource)


def _positionals(resource: str, method: str) -> list[inspect.Parameter]:
    signature = inspect.signature(getattr(_controller_class(resource), method))
    return [
        p
        for p in signature.parameters.values()
        if p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        and p.name != "self"
    ]


def _many(param: inspect.Parameter) -> bool:
    return "Iterable" in str(param.annotation) or param.name.endswith("_ids")


def _example(group: str, verb: str, positionals: Sequence[inspect.Parameter]) -> tuple[str, ...]:
    given = _EXAMPLES.get((group, verb))
    if given:
        return given
    words = [_SAMPLES.get(p.name, "3" if _many(p) else "1") for p in positionals]
    return (" ".join(["inat", group, verb, *words]),)


def _description(doc: str | None, ep: Operation[BaseModel]) -> str:
    text = summary(doc, limit=400)
    call = f"{ep.method} /{ep.version}{ep.path}"
    return text if call in text else f"{text}\n\nCalls {call}."


def add_verbs(group: str, verbs: Subcommands) -> None:
    """Add one verb per read of the resource ``group`` names."""
    from inatsdk.params.spec import operation

    resource = group.replace("-", "_")
    methods = commands(resource).get(resource, {})
    for method, ep in sorted(methods.items()):
        doc = getattr(_controller_class(resource), method).__doc__
        name = method.replace("_", "-")
        if not wanted(verbs, name):
            verbs.add_parser(name, help=summary(doc, limit=0), add_help=False)
            continue
        positionals = _positionals(resource, method)
        verb = verbs.add_parser(
            name,
            help=summary(doc, limit=0),
            description=_description(doc, ep),
            epilog=examples(*_example(group, name, positionals)),
            usage=f"inat {group} {name} "
            + "".join(f"{p.name.upper()}{'...' if _many(p) else ''} " for p in positionals)
            + "[options]",
        )
        verb.set_defaults(resource=resource, method=method, run=run_read, accepts_extra=True)
        for param in positionals:
            verb.add_argument(
                param.name, nargs="+" if _many(param) else None, metavar=param.name.upper()
            )
        own = verb.add_argument_group("output options")
        own.add_argument("--limit", type=int, default=30, help="most records (default 30)")
        own.add_argument("--all", action="store_true", help="every record (no limit)")
        own.add_argument(
            "--format", choices=FORMATS, default="table", help="output format (default table)"
        )
        own.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not the terminal")
        own.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
        spec = operation(ep.version, ep.method, ep.path)
        taken = {p.name for p in positionals} | {"id"}
        query = verb.add_argument_group("query options (from the API's documentation)")
        for p in spec.parameters:
            if p.location != "query" or p.name in taken or p.name in _OWN_OPTIONS:
                continue
            if p.name in ("page", "per_page", "id_above", "id_below"):
                continue  # the paginator manages these
            text = summary(p.description, limit=120)
            choices = f"one of: {', '.join(p.enum)}" if p.enum else ""
            if text and choices:
                choices = f" ({choices})"
            action = query.add_argument(
                f"--{p.name.replace('_', '-')}",
                dest=f"param_{p.name}",
                metavar="A,B,..."
                if p.type == "array"
                else p.name.upper()
                if p.enum
                else (p.type or "value").upper(),
                help=(text + choices).strip() or None,
                # A single value is checked here; a list (a,b) is checked by the SDK.
                choices=[str(e) for e in p.enum] if p.enum and p.type != "array" else None,
            )
            if p.enum:
                setattr(action, "completions", [str(e) for e in p.enum])  # noqa: B010
        add_client_options(verb, repeated=True)


def _coerce(value: str) -> object:
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    if value.lstrip("-").isdigit():
        return int(value)
    return value


def _extra_params(unknown: Sequence[str]) -> dict[str, object]:
    """``--name value`` pairs not declared in the spec (undocumented parameters, typos: the
    SDK names the closest valid one)."""
    params: dict[str, object] = {}
    items = list(unknown)
    while items:
        flag = items.pop(0)
        if not flag.startswith("--"):
            raise UsageError(f"unexpected argument {flag!r}")
        name, sep, value = flag[2:].partition("=")
        if not sep and (not items or items[0].startswith("--")):
            raise UsageError(f"option {flag} needs a value")
        params[name.replace("-", "_")] = _coerce(value if sep else items.pop(0))
    return params


def run_read(args: argparse.Namespace) -> int:
    """Call the controller method the arguments name and print what it returns."""
    from inatsdk.cli.common import make_client

    with make_client(args) as client:
        return _call(client, args)


def _call(client: iNatClient, args: argparse.Namespace) -> int:
    controller = getattr(client, args.resource)
    method = getattr(controller, args.method)
    params = {k[6:]: _coerce(v) for k, v in vars(args).items() if k.startswith("param_") and v}
    params.update(_extra_params(getattr(args, "extra", [])))
    positional: list[object] = []
    for p in _positionals(args.resource, args.method):
        value = getattr(args, p.name)
        if isinstance(value, list):
            positional.append([_coerce(str(v)) for v in cast("list[object]", value)])
        else:
            positional.append(_coerce(value))
    result = method(*positional, **params)
    limit = None if args.all else args.limit
    emit(result, fmt=args.format, output=args.output, limit=limit, progress=args.progress)
    return 0
