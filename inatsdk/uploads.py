"""Files to upload: photos and sounds from paths, bytes or binary file objects, and the per-file
results of an upload.

Anything that takes photos or sounds (``client.observations.create(obs, photos=[...])``,
``client.observation_photos.upload(obs, [...])``, ``client.photos.upload([...])``, ...) accepts,
for each file:

* a path (``str`` or :class:`os.PathLike`, ``~`` expanded);
* the file's bytes (``bytes``, ``bytearray``, ``memoryview``);
* a binary file object (anything with ``read()`` returning bytes: an open file, ``io.BytesIO``,
  a response's raw stream), read from its current position;
* an :class:`UploadFile`, to give the name and content type yourself.

Before anything is sent each file is read whole and checked: it must exist and be readable, be
neither empty nor larger than ``max_bytes`` (:data:`DEFAULT_MAX_BYTES` unless given; the
service is reported to refuse photos over about 20 MB), and be of the right kind. The content
type comes from the file's first bytes (JPEG, PNG, GIF, WebP, HEIC and TIFF images; WAV, MP3,
MP4/M4A, Ogg, FLAC and AMR sounds), else from the file name's extension, else from the
``content_type`` given; a photo must be an ``image/*``, a sound an ``audio/*`` (or
``video/mp4``, which is how some recorders label M4A files). A file that fails is reported as
an :class:`UploadError` in its :class:`UploadResult`; the others are still uploaded.

Uploads are never sent twice: the transport retries one only when it provably never reached
the server (a connection that could not be opened, or a 429 answered before the request was
handled). An upload that may have reached the server and got no answer is reported as failed
with ``sent=True``: look at the observation before uploading it again.

This module reads, checks and reports; it sends nothing itself. The controllers send each file
through the client's requester (:mod:`inatsdk.controllers._media`) and :func:`upload_each`
collects what became of each.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Generic, Literal, Protocol, TypeVar, Union, overload

import attrs

from inatsdk.errors import APIError, AuthenticationError, TransportError, iNatError

if TYPE_CHECKING:
    from typing import TypeAlias

    from inatsdk.models import Observation

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MediaKind",
    "PartialUploadError",
    "SupportsReadBytes",
    "UploadError",
    "UploadFile",
    "UploadResult",
    "UploadResults",
    "UploadSource",
    "describe_source",
    "is_single_source",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""The largest file inatsdk uploads unless told otherwise (20 MiB): a guard against sending a
wrong file (a video, a RAW image) over a slow connection. Pass ``max_bytes=`` to change it."""

MediaKind = Literal["photo", "sound"]
"""What a file is uploaded as."""


class SupportsReadBytes(Protocol):
    """A binary file object: ``read()`` returns bytes."""

    def read(self, size: int = -1, /) -> bytes: ...


UploadSource: TypeAlias = Union[
    str, "os.PathLike[str]", bytes, bytearray, memoryview, SupportsReadBytes, "UploadFile"
]
"""One file to upload: a path, its bytes, a binary file object, or an :class:`UploadFile`."""

_IMAGE_TYPES = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/heif": ".heif",
    "image/tiff": ".tif",
}
_SOUND_TYPES = {
    "audio/x-wav": ".wav",
    "audio/wav": ".wav",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/x-m4a": ".m4a",
    "audio/ogg": ".ogg",
    "audio/flac": ".flac",
    "audio/amr": ".amr",
    "video/mp4": ".m4a",
}
_EXTRA_EXTENSIONS = {
    ".heic": "image/heic",
    ".heif": "image/heif",
    ".m4a": "audio/mp4",
    ".flac": "audio/flac",
    ".amr": "audio/amr",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".webp": "image/webp",
}


def sniff_content_type(data: bytes) -> str | None:
    """The media type a file's first bytes show, or ``None`` when they match no format inatsdk
    knows."""
    head = data[:16]
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/x-wav"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "image/heic"
        return "audio/mp4"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "audio/mpeg"
    if head[:4] == b"OggS":
        return "audio/ogg"
    if head[:4] == b"fLaC":
        return "audio/flac"
    if head[:6] == b"#!AMR\n":
        return "audio/amr"
    return None


def _type_from_name(filename: str) -> str | None:
    ext = os.path.splitext(filename)[1].lower()
    return _EXTRA_EXTENSIONS.get(ext) or mimetypes.guess_type(filename)[0]


def _allowed(kind: MediaKind) -> Mapping[str, str]:
    return _IMAGE_TYPES if kind == "photo" else _SOUND_TYPES


class UploadError(iNatError):
    """A file could not be uploaded: missing, unreadable, empty, too large or not a photo (or
    sound). Raised, or reported in an :class:`UploadResult`, before anything is sent.

    Attributes:
        source: the file as given (a path, or a short description of bytes or a file object).
    """

    def __init__(self, message: str, *, source: str) -> None:
        super().__init__(message)
        self.source = source


def describe_source(source: object, index: int | None = None) -> str:
    """A short, log-safe name for a file as given: its path, ``<bytes: 1,234>``, or
    ``<file 'name'>``."""
    if isinstance(source, UploadFile):
        return source.source
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        where = f" #{index}" if index is not None else ""
        size = source.nbytes if isinstance(source, memoryview) else len(source)
        return f"<bytes{where}: {size:,}>"
    name = getattr(source, "name", None)
    if isinstance(name, str):
        return f"<file {name!r}>"
    return f"<{type(source).__name__}>"


def is_single_source(value: object) -> bool:
    """Whether ``value`` is one file (rather than a list of them)."""
    return isinstance(
        value, (str, os.PathLike, bytes, bytearray, memoryview, UploadFile)
    ) or callable(getattr(value, "read", None))


def as_sources(value: UploadSource | Iterable[UploadSource] | None) -> list[UploadSource]:
    """One file or several, as a list (``None``: none)."""
    if value is None:
        return []
    if is_single_source(value):
        return [value]  # type: ignore[list-item]
    return list(value)  # type: ignore[arg-type]


@attrs.frozen
class UploadFile:
    """One file ready to send: its bytes, a file name and a content type.

    Build one with :meth:`load` (which reads and checks any :data:`UploadSource`), or directly
    to name a file yourself: ``UploadFile(data=raw, filename="wing.jpg",
    content_type="image/jpeg")``.
    """

    data: bytes = attrs.field(repr=False)
    filename: str
    content_type: str
    kind: MediaKind = "photo"
    source: str = ""
    """The file as it was given, for messages (a path, or ``<bytes: 1,234>``)."""

    @property
    def size(self) -> int:
        """The file's size in bytes."""
        return len(self.data)

    def __repr__(self) -> str:
        return (
            f"UploadFile({self.filename!r}, {self.content_type}, {self.size:,} bytes"
            f"{', from ' + self.source if self.source and self.source != self.filename else ''})"
        )

    @classmethod
    def load(
        cls,
        source: UploadSource,
        kind: MediaKind = "photo",
        *,
        filename: str | None = None,
        content_type: str | None = None,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
        index: int | None = None,
    ) -> UploadFile:
        """Read and check one file (see the module docstring); raises :class:`UploadError`.

        ``filename`` and ``content_type`` override what is found; ``max_bytes=None`` lifts the
        size guard.
        """
        label = describe_source(source, index)
        declared = content_type
        found_name: str | None
        if isinstance(source, UploadFile):
            data, found_name = source.data, source.filename
            declared = content_type or source.content_type
        else:
            data, found_name = _read(source, label)
        name = filename or found_name or f"{kind}{'' if index is None else index + 1}"
        if not data:
            raise UploadError(f"{label} is empty", source=label)
        if max_bytes is not None and len(data) > max_bytes:
            raise UploadError(
                f"{label} is {len(data):,} bytes, more than the {max_bytes:,} allowed "
                "(pass max_bytes= to allow larger files)",
                source=label,
            )
        found = sniff_content_type(data) or declared or _type_from_name(name)
        allowed = _allowed(kind)
        if found is None:
            raise UploadError(
                f"{label}: cannot tell what kind of file this is; give content_type= "
                f"(a {kind} may be {', '.join(sorted(set(allowed)))})",
                source=label,
            )
        if found not in allowed:
            wanted = "an image" if kind == "photo" else "an audio file"
            raise UploadError(
                f"{label} is {found}, not {wanted} ({', '.join(sorted(set(allowed)))})",
                source=label,
            )
        if not os.path.splitext(name)[1]:
            name += allowed[found]
        return cls(data=data, filename=name, content_type=found, kind=kind, source=label)


def _read(source: UploadSource, label: str) -> tuple[bytes, str | None]:
    """The bytes of a path, a bytes-like object or a file object, and a file name if known."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    if isinstance(source, (str, os.PathLike)):
        path = Path(os.path.expanduser(os.fspath(source)))
        try:
            return path.read_bytes(), path.name
        except FileNotFoundError:
            raise UploadError(f"{label}: no such file", source=label) from None
        except IsADirectoryError:
            raise UploadError(f"{label} is a directory, not a file", source=label) from None
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            raise UploadError(f"{label} cannot be read: {reason}", source=label) from None
    read = getattr(source, "read", None)
    if not callable(read):
        raise UploadError(
            f"cannot upload a {type(source).__name__}: give a path, bytes or a binary file object",
            source=label,
        )
    try:
        data = read()
    except OSError as exc:
        raise UploadError(
            f"{label} cannot be read: {exc.strerror or type(exc).__name__}", source=label
        ) from None
    if isinstance(data, str):
        raise UploadError(
            f"{label} is open in text mode; open it with 'rb' to upload it", source=label
        )
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise UploadError(f"{label}: read() did not return bytes", source=label)
    name = getattr(source, "name", None)
    raw = data.tobytes() if isinstance(data, memoryview) else bytes(data)
    return raw, os.path.basename(name) if isinstance(name, str) else None


# --- results ------------------------------------------------------------------------------------

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@attrs.frozen
class UploadResult(Generic[T_co]):
    """What became of one file of an upload.

    Attributes:
        index: the file's position in the list given (0 for the first).
        source: the file as given (a path, or a short description).
        kind: ``"photo"`` or ``"sound"``.
        record: the server's record on success (in dry-run: one built from what would have
            been sent); ``None`` when the file failed.
        error: why it failed: an :class:`UploadError` (found before sending), an
            :class:`~inatsdk.errors.APIError` (the server refused it: ``status``, ``message``)
            or a :class:`~inatsdk.errors.TransportError` (no answer); ``None`` on success.
        sent: whether the file may have reached the server (False for files refused before
            sending, or requests that provably never left this machine).
        dry_run: the upload was only rehearsed (nothing was sent).
    """

    index: int
    source: str
    kind: MediaKind
    record: T_co | None = None
    error: iNatError | None = None
    sent: bool = False
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when the file was uploaded (or, in dry-run, would have been)."""
        return self.error is None

    def unwrap(self) -> T_co:
        """The record; raises the error when the file failed."""
        if self.error is not None:
            raise self.error
        assert self.record is not None
        return self.record

    def __repr__(self) -> str:
        if self.error is not None:
            return f"<UploadResult #{self.index} {self.source} failed: {self.error}>"
        dry = " (dry run)" if self.dry_run else ""
        return f"<UploadResult #{self.index} {self.source} ok{dry}: {self.record!r}>"


@attrs.frozen
class UploadResults(Sequence[UploadResult[T_co]]):
    """The per-file results of an upload, in the order the files were given.

    A sequence of :class:`UploadResult`; ``results.ok`` tells whether every file made it,
    ``results.failed`` lists those that did not (each with its ``error``), ``results.records``
    the server's records of those that did. :meth:`raise_for_failures` turns failures into one
    exception.

    Example::

        results = client.observation_photos.upload(obs, ["a.jpg", "missing.jpg", "c.jpg"])
        for failure in results.failed:
            print(failure.source, failure.error)
    """

    results: tuple[UploadResult[T_co], ...] = ()

    @overload
    def __getitem__(self, index: int) -> UploadResult[T_co]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[UploadResult[T_co]]: ...
    def __getitem__(self, index: int | slice) -> UploadResult[T_co] | Sequence[UploadResult[T_co]]:
        return self.results[index]

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[UploadResult[T_co]]:
        return iter(self.results)

    @property
    def ok(self) -> bool:
        """True when every file was uploaded (also for no files at all)."""
        return all(r.ok for r in self.results)

    @property
    def succeeded(self) -> list[UploadResult[T_co]]:
        return [r for r in self.results if r.ok]

    @property
    def failed(self) -> list[UploadResult[T_co]]:
        return [r for r in self.results if not r.ok]

    @property
    def records(self) -> list[T_co]:
        """The records of the files uploaded, in order."""
        return [r.record for r in self.results if r.ok and r.record is not None]

    def raise_for_failures(self) -> None:
        """Raise :class:`PartialUploadError` when any file failed."""
        if not self.ok:
            raise PartialUploadError(self)

    def __add__(self, other: UploadResults[T_co]) -> UploadResults[T_co]:
        """The results of two uploads, one after the other."""
        return UploadResults((*self.results, *other.results))

    def __repr__(self) -> str:
        failed = len(self.failed)
        return f"<UploadResults {len(self) - failed} ok, {failed} failed>"


class PartialUploadError(iNatError):
    """Some files of an upload failed (the others were uploaded).

    Attributes:
        results: every file's :class:`UploadResult`.
        observation: for ``client.observations.create(..., photos=...)``, the observation that
            was created (with the media that made it), else ``None``.
    """

    def __init__(
        self, results: UploadResults[object], observation: Observation | None = None
    ) -> None:
        failed = results.failed
        lines = "; ".join(f"{r.source}: {r.error}" for r in failed[:5])
        more = f" (and {len(failed) - 5} more)" if len(failed) > 5 else ""
        made = f" (observation {observation.id} was created)" if observation is not None else ""
        super().__init__(
            f"{len(failed)} of {len(results)} files failed to upload{made}: {lines}{more}"
        )
        self.results = results
        self.observation = observation


# --- sending, one file at a time ------------------------------------------------------------


def upload_each(
    sources: Sequence[UploadSource],
    kind: MediaKind,
    send: Callable[[UploadFile], tuple[T, bool]],
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    start: int = 0,
) -> UploadResults[T]:
    """Load and send each file in turn, one failure never stopping the others.

    ``send`` uploads one loaded file and returns ``(record, dry_run)``. A file that cannot be
    loaded is not sent; an error answer, or no answer, is recorded and the next file goes.
    Missing credentials stop nothing either, but every file then fails with the same
    :class:`~inatsdk.errors.AuthenticationError` (nothing is sent).
    """
    results: list[UploadResult[T]] = []
    for offset, source in enumerate(sources):
        index = start + offset
        label = describe_source(source, index)
        try:
            upload = UploadFile.load(source, kind, max_bytes=max_bytes, index=index)
        except UploadError as exc:
            results.append(UploadResult(index=index, source=label, kind=kind, error=exc))
            continue
        try:
            record, dry = send(upload)
        except AuthenticationError as exc:
            sent = getattr(exc, "sent", True) is not False
            results.append(UploadResult(index=index, source=label, kind=kind, error=exc, sent=sent))
            continue
        except (APIError, TransportError) as exc:
            results.append(UploadResult(index=index, source=label, kind=kind, error=exc, sent=True))
            continue
        results.append(
            UploadResult(
                index=index, source=label, kind=kind, record=record, sent=not dry, dry_run=dry
            )
        )
    return UploadResults(tuple(results))
