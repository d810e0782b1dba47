"""Worker: build ``Observation`` models for the 200-record page, in one library.

Usage (from the repository root)::

    python -m benchmarks.worker_models inatsdk|pyinaturalist REPEATS

Prints one result line (see :func:`benchmarks._common.emit`). The run starts with one untimed-for-
the-median "cold" iteration (first use in a fresh process: lazy hook compilation and the like),
then ``REPEATS`` timed iterations. Each iteration converts a freshly parsed copy of the page, parsed
outside the timed region, with a full garbage collection before the clock starts. Times are CPU
time of the process (``time.process_time``); wall times are reported too (``wall_times``).

Both libraries build nested objects lazily, so each is timed twice:

- **as a user calls it** (the default build): inatsdk ``[Observation.from_json(r) for r in
  results]`` (every record's shape checked, the top level built, nested models kept as JSON
  until first read); pyinaturalist ``Observation.from_json_list(results)``;
- **fully converted**: the same call followed by a walk that reads every attribute of every
  model reachable (:class:`AttrsWalker` for inatsdk, :class:`LazyWalker` for pyinaturalist), so
  every lazy conversion really happens, minus the walk's own cost (measured by walking the now
  converted objects a second time, every read a cache hit).

pyinaturalist's lazy attributes are ``LazyProperty`` slots for taxon, user, photos,
identifications, comments, ofvs, annotations...; :class:`LazyWalker` reads every ``LazyProperty``
and every attrs field. Plain ``@property`` helpers (``Taxon.kingdom``, ``Observation.
default_photo``...) derive views from converted data and are not read. inatsdk's nested models
are attrs fields, read by :class:`AttrsWalker`. The subtraction errs in both libraries' favour
(the cache-hit read it removes is part of what a user pays).
"""

from __future__ import annotations

import importlib
import json
import sys
from collections import UserList
from functools import partial
from typing import Any

from benchmarks._common import PAGE_SIZE, emit, page_json, sha256, timed


class LazyWalker:
    """Touches every lazy attribute of pyinaturalist models, recursively."""

    def __init__(self) -> None:
        models = importlib.import_module("pyinaturalist.models")
        lazy = importlib.import_module("pyinaturalist.models.lazy_property")
        self._attrs = importlib.import_module("attrs")
        self._base: type = models.BaseModel
        self._lazy: type = lazy.LazyProperty
        self._names: dict[type, tuple[str, ...]] = {}

    def names(self, cls: type) -> tuple[str, ...]:
        """Every ``LazyProperty`` (inherited ones too), then every attrs field, of ``cls``."""
        found = self._names.get(cls)
        if found is None:
            lazy = [
                name
                for klass in reversed(cls.__mro__)
                for name, value in vars(klass).items()
                if isinstance(value, self._lazy)
            ]
            fields = [a.name for a in self._attrs.fields(cls)]
            found = tuple(dict.fromkeys(lazy + fields))
            self._names[cls] = found
        return found

    def walk(self, roots: list[Any]) -> int:
        """Read everything reachable from ``roots``; returns how many model objects it saw."""
        base = self._base
        seen: set[int] = set()
        stack: list[Any] = list(roots)
        while stack:
            obj = stack.pop()
            if isinstance(obj, base):
                if id(obj) in seen:
                    continue
                seen.add(id(obj))
                for name in self.names(type(obj)):
                    value = getattr(obj, name)
                    if isinstance(value, (base, list, UserList)):
                        stack.append(value)
                if isinstance(obj, UserList):
                    stack.extend(obj.data)
            elif isinstance(obj, (list, UserList)):
                stack.extend(x for x in obj if isinstance(x, (base, list, UserList)))
        return len(seen)


def count_attrs_models(roots: list[Any]) -> int:
    """How many attrs instances are reachable from ``roots`` (inatsdk's models, for information)."""
    attrs = importlib.import_module("attrs")
    seen: set[int] = set()
    stack: list[Any] = list(roots)
    while stack:
        obj = stack.pop()
        if attrs.has(type(obj)):
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            stack.extend(getattr(obj, a.name) for a in attrs.fields(type(obj)))
        elif isinstance(obj, (list, tuple)):
            stack.extend(obj)
        elif isinstance(obj, dict):
            stack.extend(obj.values())
    return len(seen)


def _split(timings: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    return [cpu for cpu, _ in timings], [wall for _, wall in timings]


class AttrsWalker:
    """Reads every attrs field of inatsdk models, recursively: nested models and lists that
    ``from_json`` left to be finished on first read are built by the reads."""

    def __init__(self) -> None:
        self._attrs = importlib.import_module("attrs")
        self._names: dict[type, tuple[str, ...]] = {}

    def _fields(self, cls: type) -> tuple[str, ...]:
        """The attrs field names of ``cls`` (empty for anything else), cached."""
        fields = self._names.get(cls)
        if fields is None:
            attrs = self._attrs
            has = attrs.has(cls)
            fields = self._names[cls] = tuple(a.name for a in attrs.fields(cls)) if has else ()
        return fields

    def walk(self, roots: list[Any]) -> int:
        names = self._names
        seen: set[int] = set()
        stack: list[Any] = list(roots)
        while stack:
            obj = stack.pop()
            cls = type(obj)
            if cls is list:
                stack.extend(obj)
                continue
            fields = names.get(cls)
            if fields is None:
                fields = self._fields(cls)
            if not fields or id(obj) in seen:
                continue
            seen.add(id(obj))
            for name in fields:
                value = getattr(obj, name)
                if value is not None:
                    kind = type(value)
                    if kind is list or names.get(kind, True):
                        stack.append(value)
        return len(seen)


def run_inatsdk(text: str, repeats: int) -> dict[str, Any]:
    observation = importlib.import_module("inatsdk.models").Observation
    package = importlib.import_module("inatsdk")
    walker = AttrsWalker()
    built: list[Any] = []

    def build(results: list[Any]) -> None:
        built[:] = [observation.from_json(r) for r in results]

    def build_full(results: list[Any]) -> None:
        built[:] = [observation.from_json(r) for r in results]
        walker.walk(built)

    # As a user calls it: from_json checks every record and builds the top level; nested
    # models are built when first read. "full" then reads every attribute of every model
    # reachable (so everything is built), minus the walk's own cost, like pyinaturalist's.
    lazy: list[tuple[float, float]] = []
    full: list[tuple[float, float]] = []
    rewalk: list[tuple[float, float]] = []
    for _ in range(repeats + 1):
        built.clear()  # the previous page is freed outside the timed region
        results = json.loads(text)["results"]
        lazy.append(timed(partial(build, results)))
        built.clear()
        results = json.loads(text)["results"]
        full.append(timed(partial(build_full, results)))
        rewalk.append(timed(partial(walker.walk, built), collect=False))
    assert len(built) == len(results), "inatsdk built the wrong number of observations"
    (full_cpu, full_wall), (walk_cpu, walk_wall) = _split(full), _split(rewalk)
    converted = [f - w for f, w in zip(full_cpu, walk_cpu, strict=True)]
    converted_wall = [f - w for f, w in zip(full_wall, walk_wall, strict=True)]
    lazy_cpu, lazy_wall = _split(lazy)
    return {
        "version": str(getattr(package, "__version__", "unknown")),
        "cold": lazy_cpu[0],
        "cold_full": converted[0],
        "times": converted[1:],
        "wall_times": converted_wall[1:],
        "lazy_only": lazy_cpu[1:],
        "lazy_wall": lazy_wall[1:],
        "walk_overhead": walk_cpu[1:],
        "models": count_attrs_models(built),
    }


def run_pyinaturalist(text: str, repeats: int) -> dict[str, Any]:
    observation = importlib.import_module("pyinaturalist.models").Observation
    metadata = importlib.import_module("importlib.metadata")
    walker = LazyWalker()
    built: list[Any] = []
    seen_models: list[int] = [0]

    def build_lazy(results: list[Any]) -> None:
        built[:] = observation.from_json_list(results)

    def build_full(results: list[Any]) -> None:
        built[:] = observation.from_json_list(results)
        seen_models[0] = walker.walk(built)

    full: list[tuple[float, float]] = []
    lazy_only: list[tuple[float, float]] = []
    rewalk: list[tuple[float, float]] = []
    for _ in range(repeats + 1):
        built.clear()  # the previous page is freed outside the timed region
        results = json.loads(text)["results"]
        lazy_only.append(timed(partial(build_lazy, results)))
        built.clear()
        results = json.loads(text)["results"]
        full.append(timed(partial(build_full, results)))
        # No collection first: the heap is as the full build left it, and the walk allocates
        # almost nothing, so a collection would only cost time.
        rewalk.append(timed(partial(walker.walk, built), collect=False))
    assert len(built) == len(results), "pyinaturalist built the wrong number of observations"
    (full_cpu, full_wall), (walk_cpu, walk_wall) = _split(full), _split(rewalk)
    converted = [f - w for f, w in zip(full_cpu, walk_cpu, strict=True)]
    converted_wall = [f - w for f, w in zip(full_wall, walk_wall, strict=True)]
    return {
        "version": str(metadata.version("pyinaturalist")),
        "cold": converted[0],
        "times": converted[1:],
        "wall_times": converted_wall[1:],
        "full_with_walk": full_cpu[1:],
        "walk_overhead": walk_cpu[1:],
        "lazy_only": _split(lazy_only)[0][1:],
        "models": seen_models[0],
    }


def main(argv: list[str]) -> None:
    lib, repeats = argv[0], int(argv[1])
    text = page_json()
    runner = {"inatsdk": run_inatsdk, "pyinaturalist": run_pyinaturalist}[lib]
    result = runner(text, repeats)
    result.update(lib=lib, page_sha256=sha256(text), records=PAGE_SIZE)
    emit(result)


if __name__ == "__main__":
    main(sys.argv[1:])
