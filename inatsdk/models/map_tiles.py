"""Map tiles' interactivity layer: the UTFGrid (``/{style}/{zoom}/{x}/{y}.grid.json``).

A UTFGrid (https://github.com/mapbox/utfgrid-spec) describes what lies under each pixel block of
a 256 x 256 map tile: :attr:`UTFGrid.grid` is a list of rows of characters, each character
encodes an index into :attr:`UTFGrid.keys`, and :attr:`UTFGrid.data` maps a key to what is
there. :meth:`UTFGrid.feature_at` does the decoding::

    grid = client.maps.utfgrid("points", 4, 2, 5, taxon_id=3)
    feature = grid.feature_at(row=10, column=20)
    if feature is not None:
        print(feature.id)  # the observation under that spot

The tiles themselves are PNG images, returned as ``bytes`` by :class:`~inatsdk.controllers.
MapsController`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, cast

import attrs

from inatsdk.models.base import BaseModel

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["UTFGrid", "UTFGridFeature", "decode_utfgrid_char", "encode_utfgrid_index"]


def decode_utfgrid_char(char: str) -> int:
    """The key index a UTFGrid character stands for (the spec's decoding: code point minus 32,
    skipping the two characters JSON would escape, ``"`` and ``\\``)."""
    code = ord(char)
    if code >= 93:
        code -= 1
    if code >= 35:
        code -= 1
    return code - 32


def encode_utfgrid_index(index: int) -> str:
    """The UTFGrid character for key index ``index`` (the inverse of
    :func:`decode_utfgrid_char`)."""
    if index < 0:
        raise ValueError(f"a UTFGrid key index is 0 or more, not {index}")
    code = index + 32
    if code >= 34:
        code += 1
    if code >= 92:
        code += 1
    return chr(code)


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class UTFGridFeature(BaseModel):
    """What one UTFGrid key stands for: an observation (``points`` tiles) or a cell of a
    grid or heatmap, with the number of observations in it."""

    id: int | None = None
    """The observation's id (``points`` tiles)."""
    uuid: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    captive: bool | None = None
    quality_grade: str | None = None
    geoprivacy: str | None = None
    iconic_taxon_id: int | None = None
    cell_count: int | None = attrs.field(default=None, metadata={"json_key": "cellCount"})
    """How many observations the cell holds (``grid``, ``heatmap``, ``colored_heatmap``); JSON
    key ``cellCount``."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("id", "cell_count")


def _str_list(value: object) -> list[str] | None:
    if not isinstance(value, list):
        return None
    items = cast("list[object]", value)
    strings = [v for v in items if isinstance(v, str)]
    return strings if len(strings) == len(items) else None


def _json_object(value: object) -> Mapping[str, Any] | None:
    return cast("Mapping[str, Any]", value) if isinstance(value, Mapping) else None


@attrs.define(kw_only=True, repr=False, eq=False, match_args=False)
class UTFGrid(BaseModel):
    """The interactivity grid of one map tile (see the module doc)."""

    grid: list[str] | None = None
    """Rows of characters, top to bottom; each character is one block of pixels (64 rows of
    64 characters for a 256-pixel tile: a 4 x 4 block each)."""
    keys: list[str] | None = None
    """The keys the characters index; ``""`` (index 0, a space) means nothing there."""
    data: dict[str, UTFGridFeature] | None = None
    """What each non-empty key stands for."""

    _repr_fields: ClassVar[tuple[str, ...]] = ("grid", "keys", "data")

    # The converter takes ``dict[str, Any]`` only, so this class reads and writes its own JSON:
    # the same rules (absent is None, wrong shapes and unknown keys kept in ``extra``).

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Build a grid from the JSON of a ``.grid.json`` response."""
        record = _json_object(data)  # typed as a mapping, but it comes from JSON: check
        if record is None:
            raise TypeError(f"expected a JSON object, got {type(data).__name__}")
        grid = cls()
        extra: dict[str, Any] = {}
        for key, value in record.items():
            if key in ("grid", "keys"):
                rows = _str_list(value)
                if rows is None and value is not None:
                    extra[key] = value
                setattr(grid, key, rows)
            elif key == "data":
                features = _json_object(value)
                objects = {
                    str(k): v for k, v in (features or {}).items() if _json_object(v) is not None
                }
                if features is not None and len(objects) == len(features):
                    grid.data = {k: UTFGridFeature.from_json(v) for k, v in objects.items()}
                elif value is not None:
                    extra[key] = value
            else:
                extra[key] = value
        if extra:
            grid.extra = extra
        return grid

    def to_json(self) -> dict[str, Any]:
        """The JSON the grid came from (attributes that are ``None`` left out)."""
        out: dict[str, Any] = {}
        if self.grid is not None:
            out["grid"] = list(self.grid)
        if self.keys is not None:
            out["keys"] = list(self.keys)
        if self.data is not None:
            out["data"] = {k: v.to_json() for k, v in self.data.items()}
        for key, value in (self._extra or {}).items():
            if out.get(key) is None:
                out[key] = value
        return out

    @property
    def size(self) -> tuple[int, int]:
        """(rows, columns) of the grid; (0, 0) when empty."""
        rows = self.grid or []
        return len(rows), (len(rows[0]) if rows else 0)

    def key_at(self, row: int, column: int) -> str | None:
        """The key at grid cell (``row``, ``column``), or ``None`` where nothing is (or the cell
        is outside the grid)."""
        rows = self.grid or []
        if not (0 <= row < len(rows)) or not (0 <= column < len(rows[row])):
            return None
        index = decode_utfgrid_char(rows[row][column])
        keys = self.keys or []
        if not (0 <= index < len(keys)) or not keys[index]:
            return None
        return keys[index]

    def feature_at(self, row: int, column: int) -> UTFGridFeature | None:
        """What lies at grid cell (``row``, ``column``), or ``None``."""
        key = self.key_at(row, column)
        if key is None or self.data is None:
            return None
        return self.data.get(key)

    def feature_at_pixel(self, px: int, py: int, tile_size: int = 256) -> UTFGridFeature | None:
        """What lies under pixel (``px``, ``py``) of a ``tile_size``-pixel tile, or ``None``."""
        rows, columns = self.size
        if rows == 0 or columns == 0:
            return None
        return self.feature_at(py * rows // tile_size, px * columns // tile_size)

    def features(self) -> list[UTFGridFeature]:
        """Every feature of the grid, in the order of :attr:`keys`."""
        if self.data is None:
            return []
        return [self.data[k] for k in (self.keys or []) if k and k in self.data]
