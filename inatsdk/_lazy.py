"""Names a package exports but imports on first use (PEP 562): for :mod:`inatsdk`,
:mod:`inatsdk.models` and :mod:`inatsdk.controllers`, whose modules together cost a command
tens of milliseconds before its first request when imported all at once. Nothing here is
public."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: dict[str, Any], modules: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__``. ``modules`` maps each exported name to the
    module that defines it (``".taxon"``: relative to the package); a name is imported when it
    is first looked up, then kept in ``namespace`` (the package's ``globals()``), so the next
    lookup is a plain attribute."""
    package: str = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = modules.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        found = getattr(importlib.import_module(module, package), name)
        namespace[name] = found
        return found

    def __dir__() -> list[str]:
        return sorted({*namespace.get("__all__", ()), *modules})

    return __getattr__, __dir__
