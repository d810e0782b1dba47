"""What every ``inat`` command shares: the parser class (short usage on errors, help without
markup), the global options and the client they describe, and how failures are reported.

Kept light: ``inat --help`` imports this module and nothing of the SDK.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, cast

if TYPE_CHECKING:
    from inatsdk import iNatClient

__all__ = [
    "VALUE_OPTIONS",
    "Parser",
    "Subcommands",
    "UsageError",
    "add_client_options",
    "clean_text",
    "examples",
    "is_loopback",
    "make_client",
    "run",
    "summary",
    "wanted",
]

#: Global options that take a value (the completion scripts and the command finder skip it).
VALUE_OPTIONS = frozenset({"--api-url", "--web-url", "--user-agent"})


class Subcommands(Protocol):
    """What ``ArgumentParser.add_subparsers()`` returns, as far as the commands use it."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


class UsageError(Exception):
    """Bad usage found after parsing (exit status 2)."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help at the terminal's width (at most 100), option names in a column of 30."""

    def __init__(self, prog: str) -> None:
        import shutil

        width = min(shutil.get_terminal_size((80, 24)).columns, 100)
        super().__init__(prog, max_help_position=30, width=max(width - 2, 40))


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors show a one-line usage and the fix, not the full usage."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        usage = self.usage or f"{self.prog} [options]"
        usage = usage.replace("%(prog)s", self.prog)
        message = message.replace("argument --", "option --").replace("(choose from ", "(one of ")
        words: list[str] = []
        for word in usage.split():
            if not re.fullmatch(r"[a-z][a-z0-9-]*", word):
                break
            words.append(word)
        sys.stderr.write(f"usage: {usage}\ninat: error: {message}\nsee: {' '.join(words)} --help\n")
        raise SystemExit(2)


def wanted(verbs: Subcommands, name: str) -> bool:
    """Whether the verb ``name`` is to be built in full (the one being run, or all); the
    others are only listed, with their summary."""
    only: object = getattr(verbs, "wanted", None)
    return only is None or only == name


def examples(*lines: str) -> str:
    """An epilog of shell examples."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


# --- help text from docstrings and the spec --------------------------------------------------------

_ROLE = re.compile(r":(?:[a-z]+:)?[a-z]+:`~?([^`<]*?)(?:\s*<[^>]*>)?`")
_LITERAL = re.compile(r"``([^`]*)``")
_INTERPRETED = re.compile(r"`([^`]+)`_?")
_EMPHASIS = re.compile(r"\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*")
_HTML = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[A-Za-z0-9)\]'\"])(?<!e\.g)(?<!i\.e)[.!?](?=\s+[A-Z(`]|\s*$)")


def clean_text(text: str | None) -> str:
    """Docstring or spec text as plain text: reST/Sphinx roles, literals, emphasis and HTML
    removed, whitespace collapsed, dotted paths shortened to their last name."""
    if not text:
        return ""
    text = _ROLE.sub(lambda m: m.group(1).rsplit(".", 1)[-1], text)
    text = _LITERAL.sub(r"\1", text)
    text = _INTERPRETED.sub(r"\1", text)
    text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    text = _HTML.sub("", text)
    return _SPACES.sub(" ", text.replace("%", "%%")).strip()


def summary(text: str | None, *, limit: int = 160) -> str:
    """The first paragraph of ``text`` as plain text, cut at a sentence end: whole sentences
    while they fit in ``limit`` characters (always the first one)."""
    if not text:
        return ""
    import inspect

    paragraph = inspect.cleandoc(text).split("\n\n", 1)[0]
    if paragraph.rstrip().endswith("::"):
        paragraph = paragraph.rstrip()[:-1]
    plain = clean_text(paragraph)
    starts = [0, *(m.end() for m in _SENTENCE_END.finditer(plain))]
    if starts[-1] < len(plain.rstrip()):
        starts.append(len(plain))
    sentences = [plain[a:b].strip() for a, b in itertools.pairwise(starts)]
    # "Calls GET /v1/..." says how, not what: the description says it once.
    kept = [s for s in sentences if s and not s.startswith("Calls ")] or sentences[:1]
    chosen = kept[0]
    for sentence in kept[1:]:
        if len(chosen) + 1 + len(sentence) > limit:
            break
        chosen = f"{chosen} {sentence}"
    return chosen


# --- the global options -----------------------------------------------------------------------------


def add_client_options(parser: argparse.ArgumentParser, *, repeated: bool = False) -> None:
    """The options that shape the client: where it points and how it behaves.

    ``repeated=True`` adds them again to a subcommand, so they may follow it; their defaults
    are suppressed there, or argparse would overwrite values given before the subcommand.
    """
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--api-url",
        metavar="URL",
        help="the API's base URL (default: INAT_API_URL, else https://api.inaturalist.org)",
    )
    group.add_argument(
        "--web-url",
        metavar="URL",
        help="the website's base URL, for logging in (default: INAT_WEB_URL)",
    )
    group.add_argument("--user-agent", metavar="NAME", help="name your application to iNaturalist")
    group.add_argument(
        "--dry-run", action="store_true", help="send nothing; show what would be sent"
    )
    group.add_argument("--no-cache", action="store_true", help="neither read nor fill the cache")
    group.add_argument(
        "--refresh",
        action="store_true",
        help="fetch every answer afresh, and store it in the cache",
    )
    group.add_argument(
        "--no-rate-limit",
        action="store_true",
        help="send as fast as the API answers (for a local emulator; also INAT_RATE_LIMIT=off)",
    )
    group.add_argument("--v2", action="store_true", help="use API v2 where the call has it")
    if repeated:
        group.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
        for action in group._group_actions:
            action.default = argparse.SUPPRESS


def is_loopback(url: str) -> bool:
    """Whether ``url`` points at this machine (an emulator, most likely)."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.")


def api_url(args: argparse.Namespace) -> str:
    """The API's base URL: ``--api-url``, else ``INAT_API_URL``, else the public API."""
    from inatsdk.settings import DEFAULT_API_URL

    given = getattr(args, "api_url", None) or os.environ.get("INAT_API_URL") or DEFAULT_API_URL
    return given.rstrip("/")


def web_url(args: argparse.Namespace) -> str:
    """The website's base URL: ``--web-url``, else ``INAT_WEB_URL``, else the API's host when
    it is on loopback (the emulator serves both), else the public website."""
    from inatsdk.settings import DEFAULT_WEB_URL

    given = getattr(args, "web_url", None) or os.environ.get("INAT_WEB_URL")
    if given:
        return given.rstrip("/")
    api = api_url(args)
    return api if is_loopback(api) else DEFAULT_WEB_URL


def rate_limit_off(args: argparse.Namespace) -> bool:
    """``--no-rate-limit``, or ``INAT_RATE_LIMIT`` set to off/0/false/no/none."""
    env = os.environ.get("INAT_RATE_LIMIT", "").strip().lower()
    return bool(getattr(args, "no_rate_limit", False)) or env in ("off", "0", "false", "no", "none")


# requests-cache imports, when installed, the libraries of every optional backend and
# serializer it has (Redis, MongoDB, DynamoDB, YAML, BSON, ...): ~50 ms with redis and PyYAML
# present, before a command's first request. The command line's clients use the SQLite cache
# (or none), so it imports requests-cache with those hidden. Only this process is concerned:
# the library never does this, since a program may use requests-cache's other backends.
_CACHE_EXTRAS = ("redis", "pymongo", "gridfs", "bson", "boto3", "botocore", "yaml", "ujson")


def _import_cache_library() -> None:
    if "requests_cache" in sys.modules:
        return
    modules = cast("dict[str, object]", sys.modules)
    hidden = [name for name in _CACHE_EXTRAS if name not in modules]
    for name in hidden:
        modules[name] = None  # `import name` now fails at once, as when it is not installed
    try:
        import requests_cache  # noqa: F401  # pyright: ignore[reportUnusedImport]
    finally:
        for name in hidden:
            if name in modules and modules[name] is None:
                del modules[name]


def make_client(args: argparse.Namespace, *, cached: bool = True) -> iNatClient:
    """A client configured from the global options and the environment (credentials from
    ``INAT_*`` variables or the keyring)."""
    from inatsdk import iNatClient
    from inatsdk.settings import Retries

    api = api_url(args)
    options: dict[str, Any] = {
        "user_agent": getattr(args, "user_agent", None) or "inat-cli",
        "api_url": api,
        "web_url": web_url(args),
    }
    if getattr(args, "dry_run", False):
        options["dry_run"] = True
    if not cached or getattr(args, "no_cache", False):
        options["cache"] = None
    elif is_loopback(api):
        from inatsdk.cli.instance import emulator_cache

        options["cache"] = emulator_cache(api)
    if options.get("cache", True) is not None:
        _import_cache_library()
    if rate_limit_off(args):
        options["rate_limit"] = None
    if is_loopback(api):
        # Nothing to wait for on this machine: one quick retry, then say what is wrong.
        options["retries"] = Retries(total=1, backoff=0.05, max_backoff=0.2)
    if getattr(args, "v2", False):
        options["api_version"] = "v2"
    client = iNatClient(**options)
    if getattr(args, "refresh", False):
        client = client.with_options(refresh=True)
    return client


# --- running a command and reporting failures ---------------------------------------------------


def _fail(message: str) -> int:
    print(f"inat: {message}", file=sys.stderr)
    return 1


def explain(exc: BaseException, args: argparse.Namespace) -> str:
    """A failure in the command line's words: what went wrong and what to do."""
    from inatsdk.errors import (
        AuthenticationError,
        InvalidParameterError,
        NotFoundError,
        RateLimitError,
        TransportError,
    )
    from inatsdk.settings import DEFAULT_WEB_URL

    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    if isinstance(exc, TransportError):
        lowered = text.lower()
        if "refused" in lowered or "failed to establish" in lowered or "max retries" in lowered:
            url = api_url(args)
            hint = "is the emulator running?" if is_loopback(url) else "is the network up?"
            return f"nothing answers at {url}: {hint} check --api-url"
        return text
    if isinstance(exc, AuthenticationError):
        web = web_url(args)
        if "credentials" in text.lower() or getattr(exc, "status", None) in (None, 401):
            where = "" if web == DEFAULT_WEB_URL else f" --web-url {web}"
            return f"this needs a login: run `inat login{where}` (or set INAT_ACCESS_TOKEN)"
    if isinstance(exc, InvalidParameterError):
        return _option_words(text)
    if isinstance(exc, NotFoundError):
        return text
    if isinstance(exc, RateLimitError):
        return text + " (against a local emulator: --no-rate-limit, or start it with --throttle 0)"
    return text or type(exc).__name__


_PARAM = re.compile(r"'([a-z0-9_\[\]]+)'")


def _option_words(text: str) -> str:
    """An SDK message about parameters, said with option names (``rank`` -> ``--rank``)."""
    text = re.sub(r"^\S+\(\) (?:on \S+ \S+ )?", "", text)
    text = re.sub(r"\s*\([^()]*inatsdk\.[^()]*\)", " (see --help)", text)
    text = text.replace("has no parameter", "no option")
    return _PARAM.sub(lambda m: "--" + m.group(1).replace("_", "-"), text)


def run(args: argparse.Namespace) -> int:
    """Run the parsed command (``args.run``) and turn failures into messages and exit codes:
    0 done, 1 the API or the SDK refused, 2 bad usage, 130 interrupted."""
    debug = bool(getattr(args, "debug", False))
    if debug or getattr(args, "dry_run", False):
        import inatsdk

        # --dry-run promises to show what would be sent: those lines are INFO.
        inatsdk.enable_logging("DEBUG" if debug else "INFO")
    command: Callable[[argparse.Namespace], int] = args.run
    try:
        return command(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (inat ... | head): stop quietly.
        sys.stderr.close()
        return 0
    except UsageError as exc:
        print(f"inat: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        if debug:
            raise
        from inatsdk.errors import iNatError

        if isinstance(exc, iNatError):
            return _fail(explain(exc, args))
        if isinstance(exc, OSError):
            return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
        return _fail(f"{type(exc).__name__}: {exc} (run again with --debug for the traceback)")


def parse_pairs(items: Sequence[str], option: str) -> dict[str, str]:
    """``key=value`` words as a mapping; a word without ``=`` is a usage error."""
    pairs: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise UsageError(f"{option} takes key=value, not {item!r}")
        pairs[key] = value
    return pairs
