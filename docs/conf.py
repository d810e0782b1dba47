"""Sphinx configuration for the inatsdk documentation.

Two builds run in CI, both with warnings as errors::

    python -m sphinx -W --keep-going -q -b html docs docs/_build/html
    python -m sphinx -W --keep-going -q -b doctest docs docs/_build/doctest

The second one executes every ``{doctest}`` / ``{testcode}`` block of the pages (and the ``>>>``
examples in the docstrings autodoc pulls in) against the built-in emulator: nothing here talks
to the real iNaturalist API.
"""

from __future__ import annotations

import doctest
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
# The package is installed editable in CI; this keeps a plain checkout buildable too.
sys.path.insert(0, str(ROOT))

import inatsdk  # noqa: E402

# -- Project ------------------------------------------------------------------------------------

project = "inatsdk"
author = "The inatsdk developers"
copyright = "the inatsdk developers"
release = inatsdk.__version__
version = ".".join(release.split(".")[:2])

# -- Extensions ---------------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
]
# No intersphinx: the build must work without network access.

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", ".gitignore"]
nitpicky = False

# -- MyST ---------------------------------------------------------------------------------------

myst_heading_anchors = 3
myst_enable_extensions = ["deflist"]

# -- autodoc + napoleon -------------------------------------------------------------------------

# Types in the signatures ("description" builds cleanly too): a reader sees at a glance that
# search() returns a Paginator[Observation].
autodoc_typehints = "signature"
autodoc_member_order = "bysource"
autodoc_class_signature = "mixed"

# The docstrings use Google-style "Parameters:" and "Attributes:" sections.
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# "Attributes:" becomes a compact field list inside the class, rather than separate attribute
# entries that a page listing the members as well (:undoc-members:) would describe twice.
napoleon_use_ivar = True

# -- HTML ---------------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"inatsdk {release}"
html_static_path: list[str] = []

# -- doctest ------------------------------------------------------------------------------------
#
# Every document with samples gets ONE emulator and a client pointed at it (both made here and
# closed in the cleanup). The pages call it ``client``, as a reader's own
# ``iNatClient(user_agent="my-app/1.0")``; ``_emu`` is the emulator, for the samples that look
# at what it received.

# ELLIPSIS for the values that vary from run to run (the emulator's port); exception messages
# are compared (Sphinx's default flags would ignore them).
doctest_default_flags = doctest.ELLIPSIS | doctest.DONT_ACCEPT_TRUE_FOR_1

doctest_global_setup = """
import os as _os
import tempfile as _tempfile

# Samples must not depend on the environment of whoever builds the docs: no dry-run setting, no
# credentials, and a throw-away cache folder instead of the user's own.
_ENV_NAMES = (
    "DRY_RUN_ENABLED", "DRY_RUN_WRITE_ONLY", "INATSDK_CACHE_DIR", "INAT_USERNAME",
    "INAT_PASSWORD", "INAT_APP_ID", "INAT_APP_SECRET", "INAT_ACCESS_TOKEN", "INAT_API_TOKEN",
    "PYTHON_KEYRING_BACKEND", "INATSDK_CONFIG_DIR",
)
_saved_env = {_k: _os.environ.pop(_k) for _k in _ENV_NAMES if _k in _os.environ}
_cache_dir = _tempfile.TemporaryDirectory(prefix="inatsdk-docs-")
_os.environ["INATSDK_CACHE_DIR"] = _cache_dir.name
# Nor credentials someone stored with `inat login`, nor their note of which sites have one.
_os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
_os.environ["INATSDK_CONFIG_DIR"] = _os.path.join(_cache_dir.name, "config")

from inatsdk import iNatClient
from inatsdk.testing import Emulator

_emu = Emulator(observations=1500, seed=5).start()
client = iNatClient(
    api_url=_emu.api_url,
    web_url=_emu.web_url,
    user_agent="docs/1.0",
    cache=None,
    rate_limit=None,
    credentials=None,
    dry_run=False,
)
"""

# Where the sources are, for samples that read files beside the pages.
doctest_global_setup += f"\n_DOCS_DIR = {str(DOCS)!r}\n"

doctest_global_cleanup = """
client.close()
_emu.stop()
for _k in _ENV_NAMES:
    _os.environ.pop(_k, None)
_os.environ.update(_saved_env)
_cache_dir.cleanup()
"""

# -- The coverage table ---------------------------------------------------------------------------
#
# coverage.md includes _generated/coverage.md, written here from inatsdk.endpoints.ENDPOINTS and
# the operation tables on every build, so it cannot go stale. The file is git-ignored and only
# rewritten when its text changes (so an unchanged registry does not force a rebuild).


def _coverage_markdown() -> str:
    from collections import Counter

    from inatsdk import controllers
    from inatsdk.endpoints import ENDPOINTS
    from inatsdk.params import operation, operations

    lines = [
        "<!-- Generated by docs/conf.py from inatsdk.endpoints.ENDPOINTS; do not edit. -->",
        "",
        "| Controller method | Operation | Paging | Page size (max) | Ids per request | Login "
        "| Cached |",
        "|---|---|---|---|---|---|---|",
    ]
    for ep in ENDPOINTS:
        for qualname in ep.qualnames:
            cls, meth = qualname.split(".")
            target = f"inatsdk.controllers.{cls}.{meth}"
            resource = getattr(getattr(controllers, cls, None), "resource", "")
            label = f"client.{resource}.{meth}()" if resource else qualname
            lines.append(
                f"| {{py:meth}}`{label} <{target}>` "
                f"| `{ep.method} /{ep.version}{ep.path}` "
                f"| {_paging_label(ep)} "
                f"| {ep.per_page_max or '-'} "
                f"| {ep.id_limit or '-'} "
                f"| {ep.auth} "
                f"| {_lifetime_label(ep.cache, ep.method)} |"
            )

    covered = {(ep.version, ep.method, ep.path) for ep in ENDPOINTS}
    for ep in ENDPOINTS:  # fails the build if the registry and the spec disagree
        operation(ep.version, ep.method, ep.path)
    lines += [
        "",
        "(coverage-by-tag)=",
        "## The v1 spec, by tag",
        "",
        "Documented operations of the v1 spec, grouped by the spec's own tags, and how many of",
        "them inatsdk calls today.",
        "",
        "| Tag | Operations in the spec | Covered |",
        "|---|---|---|",
    ]
    v1 = [op for op in operations("v1") if op.documented]
    per_tag = Counter(op.tag for op in v1)
    done = Counter(op.tag for op in v1 if ("v1", op.method, op.path) in covered)
    for tag in sorted(per_tag, key=lambda t: (-done[t], t.lower())):
        lines.append(f"| {tag} | {per_tag[tag]} | {done[tag] or '-'} |")
    total_done = sum(done.values())
    lines += [
        f"| **All tags** | **{len(v1)}** | **{total_done}** |",
        "",
        f"The v2 spec has {len(operations('v2'))} operations; inatsdk calls "
        f"{len({c for c in covered if c[0] == 'v2'})} of them.",
        "",
    ]
    return "\n".join(lines)


def _paging_label(ep: Any) -> str:
    labels = {
        "keyset": "by id",
        "numbered": "by page, or by id" if ep.id_paging else "by page",
        "single": "first page",
        "whole": "one answer",
        "none": "-",
    }
    return labels[ep.paging]


def _lifetime_label(seconds: int | None, method: str) -> str:
    if method != "GET" or seconds == 0:
        return "never"
    if seconds is None:
        return "default"
    if seconds % 86400 == 0:
        return f"{seconds // 86400} d"
    return f"{seconds // 60} min"


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")


_write_if_changed(DOCS / "_generated" / "coverage.md", _coverage_markdown())


# -- The reference pages ------------------------------------------------------------------------
#
# controllers.md, models.md and params.md include pages written here from the packages
# themselves (the controllers in the order the client declares them, the models by module, the
# request parameters by resource), so a new controller, model or operation is documented the
# day it is added, without editing the pages.


def _eval_rst(*lines: str) -> list[str]:
    return ["```{eval-rst}", *lines, "```", ""]


def _controllers_markdown() -> str:
    from inatsdk import controllers, iNatClient

    by_resource = {
        getattr(getattr(controllers, name), "resource", ""): name
        for name in controllers.__all__
        if name != "BaseController"
    }
    order = [attr for attr in iNatClient.__annotations__ if attr in by_resource]
    order += sorted(set(by_resource) - set(order))
    lines = ["<!-- Generated by docs/conf.py from inatsdk.controllers; do not edit. -->", ""]
    for resource in order:
        name = by_resource[resource]
        lines += [f"## `client.{resource}`", ""]
        lines += _eval_rst(
            f".. autoclass:: inatsdk.controllers.{name}",
            "   :members:",
            "   :exclude-members: resource",
            "   :show-inheritance:",
        )
    lines += ["## The base class", ""]
    lines += _eval_rst(".. autoclass:: inatsdk.controllers.BaseController", "   :members:")
    return "\n".join(lines)


# Models by module: the central records first, then the rest in alphabetical order.
_MODEL_MODULES_FIRST = (
    "base",
    "observation",
    "taxon",
    "identification",
    "place",
    "user",
    "project",
)


def _models_markdown() -> str:
    import inspect

    from inatsdk import models

    modules: dict[str, list[str]] = {}
    for name in models.__all__:
        short = getattr(models, name).__module__.rsplit(".", 1)[-1]
        modules.setdefault(short, []).append(name)
    first = [m for m in _MODEL_MODULES_FIRST if m in modules]
    order = first + sorted(set(modules) - set(first))
    lines = ["<!-- Generated by docs/conf.py from inatsdk.models; do not edit. -->", ""]
    for short in order:
        module = sys.modules[f"inatsdk.models.{short}"]
        summary = (inspect.getdoc(module) or "").split("\n\n", 1)[0].replace("\n", " ")
        lines += [f"## {short.replace('_', ' ').capitalize()}", ""]
        body = [summary, ""]
        for name in modules[short]:
            body += [f".. autoclass:: inatsdk.models.{name}", "   :members:", "   :undoc-members:"]
            body += ["   :show-inheritance:", ""]
        lines += _eval_rst(*body)
    return "\n".join(lines)


def _autoclasses(qualnames: list[str]) -> list[str]:
    lines: list[str] = []
    for qualname in qualnames:
        module, name = qualname.rsplit(".", 1)
        keys = getattr(sys.modules[module], name).__annotations__
        if all(key.isidentifier() for key in keys):
            lines += [f".. autoclass:: {qualname}", "   :members:", "   :undoc-members:", ""]
        else:  # keys such as "observation_photo[uuid]" are no attributes autodoc could read
            listed = ", ".join(f"``{key}``" for key in keys)
            lines += [f".. autoclass:: {qualname}", "", f"   Keys: {listed}.", ""]
    return _eval_rst(*lines)


def _typed_dicts(module: Any) -> list[str]:
    """The TypedDicts a module defines, in source order, by qualified name."""
    import typing

    return [
        f"{module.__name__}.{name}"
        for name, value in vars(module).items()
        if isinstance(value, type)
        and typing.is_typeddict(value)
        and value.__module__ == module.__name__
    ]


def _params_markdown() -> str:
    import pkgutil

    import inatsdk.params
    from inatsdk.params import v1

    by_resource: dict[str, list[str]] = {}
    for (_, path), cls in v1.PARAMS_FOR.items():
        names = by_resource.setdefault(path.strip("/").split("/", 1)[0], [])
        if f"{v1.__name__}.{cls.__name__}" not in names:
            names.append(f"{v1.__name__}.{cls.__name__}")
    listed = {name for names in by_resource.values() for name in names}
    lines = ["<!-- Generated by docs/conf.py from inatsdk.params; do not edit. -->", ""]
    for resource in sorted(by_resource):
        lines += [f"### `/{resource}`", "", *_autoclasses(by_resource[resource])]
    rest = [name for name in _typed_dicts(v1) if name not in listed]
    if rest:
        lines += ["### Shared", "", *_autoclasses(rest)]
    lines += [
        "(params-undocumented)=",
        "## Undocumented operations",
        "",
        "Written by hand from what the server accepts, for the routes the official spec leaves",
        "out.",
        "",
    ]
    for info in sorted(pkgutil.iter_modules(inatsdk.params.__path__), key=lambda i: i.name):
        if info.name.startswith("undocumented_"):
            module = importlib.import_module(f"inatsdk.params.{info.name}")
            lines += [f"### `{module.__name__}`", "", *_autoclasses(_typed_dicts(module))]
    return "\n".join(lines)


_write_if_changed(DOCS / "_generated" / "controllers.md", _controllers_markdown())
_write_if_changed(DOCS / "_generated" / "models.md", _models_markdown())
_write_if_changed(DOCS / "_generated" / "params.md", _params_markdown())


# -- Docstrings generated from the spec -------------------------------------------------------------
#
# The TypedDict keys in inatsdk.params.v1 carry the spec's own descriptions, which are plain text
# (a few use Markdown), not reST: "(*lat, *lng, radius)" would open an unclosed emphasis. Escape the
# characters that start inline markup there, so they show exactly as the spec writes them.

_RST_INLINE = str.maketrans({"\\": "\\\\", "*": "\\*", "|": "\\|"})


def _escape_spec_text(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    if name.startswith("inatsdk.params.v1."):
        lines[:] = [line.translate(_RST_INLINE) for line in lines]


# -- napoleon, but not on attribute docstrings ------------------------------------------------------
#
# napoleon reads the first line of an attribute or property docstring as "type: description", so
# ``taxa`` ("Taxa: search, get, ...") would render as "Type: Taxa". inatsdk's attribute
# docstrings are plain prose and their types come from the annotations, so napoleon is given only
# the other docstrings (modules, classes, functions, methods).


def _napoleon_except_attributes(
    app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    from sphinx.ext.napoleon import _process_docstring

    if what not in ("attribute", "property", "data"):
        _process_docstring(app, what, name, obj, options, lines)


def _route_napoleon(app: Sphinx) -> None:
    from sphinx.ext.napoleon import _process_docstring  # the hook napoleon connects

    for listener in list(app.events.listeners.get("autodoc-process-docstring", ())):
        if listener.handler is _process_docstring:
            app.disconnect(listener.id)
            app.connect(
                "autodoc-process-docstring", _napoleon_except_attributes, priority=listener.priority
            )
            return
    raise RuntimeError("sphinx.ext.napoleon's docstring hook was not found; see docs/conf.py")


# -- Model signatures -----------------------------------------------------------------------------
#
# A model's generated constructor lists every attribute (Taxon has more than fifty); the attribute
# list below each class says the same thing, so the signature is shortened. models.md says so.


def _short_model_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    from inatsdk.models import BaseModel

    if what == "class" and isinstance(obj, type) and issubclass(obj, BaseModel):
        return "(*, extra=None, **attributes)", return_annotation
    return None


# -- Names in signatures ------------------------------------------------------------------------
#
# Annotations make cross-references. There is no page for Python's builtins and the standard
# library (no intersphinx: the build is offline), so a reference to ``int`` or ``type`` resolves
# nowhere, after a fuzzy search over every documented object: the TypedDict keys make that search
# the slowest part of the build, and ``type`` even matches attributes called ``type`` (GeoJSON.type,
# Photo.type, ...), linking them wrongly with a warning. Those names stay plain text.

_PLAIN_NAMES = frozenset(
    {
        "None",
        "bool",
        "bytes",
        "dict",
        "float",
        "frozenset",
        "int",
        "list",
        "object",
        "set",
        "str",
        "tuple",
        "type",
        "datetime",
        "datetime.date",
        "datetime.datetime",
        "pathlib.Path",
        "Any",
        "IO",
        "Iterable",
        "Iterator",
        "Literal",
        "Mapping",
        "Sequence",
        "Unpack",
        "collections.abc.Callable",
        "collections.abc.Iterable",
        "collections.abc.Iterator",
        "collections.abc.Mapping",
        "collections.abc.Sequence",
        "typing.IO",
        "typing.Any",
        "typing.Literal",
        "typing_extensions.Self",
        "typing_extensions.Unpack",
    }
)


def _plain_names_unlinked() -> type:
    from sphinx.addnodes import pending_xref
    from sphinx.transforms.post_transforms import SphinxPostTransform

    class PlainNamesUnlinked(SphinxPostTransform):
        default_priority = 5  # before the references are resolved (10)

        def run(self, **kwargs: Any) -> None:
            for node in list(self.document.findall(pending_xref)):
                if node.get("refdomain") == "py" and node.get("reftarget") in _PLAIN_NAMES:
                    node.replace_self(node.children)

    return PlainNamesUnlinked


# Signatures name classes by the module that defines them (``inatsdk.models.user.User``); the pages
# document them under the name a program imports (``inatsdk.models.User``, ``inatsdk.Paginator``).
# An unresolved ``inatsdk.<package>.<module>.<Name>`` is tried as ``inatsdk.<package>.<Name>``,
# then as ``inatsdk.<Name>``.


def _public_name(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    target = node.get("reftarget", "")
    if node.get("refdomain") != "py" or not target.startswith("inatsdk."):
        return None
    parts = target.split(".")
    domain = env.get_domain("py")
    for candidate in (f"inatsdk.{parts[1]}.{parts[-1]}", f"inatsdk.{parts[-1]}"):
        if candidate == target or len(parts) < 3:
            continue
        found = domain.find_obj(env, "", "", candidate, None, 0)
        if found:
            _, obj = found[0]
            from sphinx.util.nodes import make_refnode

            return make_refnode(app.builder, node["refdoc"], obj.docname, obj.node_id, contnode)
    return None


# -- Tables of contents ------------------------------------------------------------------------
#
# Classes, functions and methods appear in the tables of contents (the sidebars); attributes do
# not: the request-parameter keys and the models' attributes would add thousands of entries,
# which nobody navigates by and which made every page's sidebar slow to build.


# "search()" under its class in the sidebar, not "TaxaController.search()"
toc_object_entries_show_parents = "hide"


def _attributes_out_of_toc(app: Sphinx, doctree: Any) -> None:
    from sphinx import addnodes

    for desc in doctree.findall(addnodes.desc):
        if desc.get("domain") == "py" and desc.get("objtype") in ("attribute", "data", "property"):
            desc["no-contents-entry"] = desc["nocontentsentry"] = True


# -- Hooks ----------------------------------------------------------------------------------------


def setup(app: Sphinx) -> None:
    _route_napoleon(app)
    app.connect("autodoc-process-docstring", _escape_spec_text)
    app.connect("autodoc-process-signature", _short_model_signature)
    app.add_post_transform(_plain_names_unlinked())
    app.connect("missing-reference", _public_name)
    app.connect("doctree-read", _attributes_out_of_toc, priority=400)  # before the ToC collector
