"""Read a CTranslate2 ``model.bin`` (the format of the offline Whisper packs).

Layout (little-endian): u32 binary_version; for version >= 2 a string spec name and a u32 spec
revision; u32 variable count; per variable: name string, u8 rank, u32 dims[rank], u8 dtype id,
u32 byte count, raw C-order data; then u32 alias count and (alias, target) string pairs. A string
is a u16 length counting a trailing NUL, then the bytes. Before version 4 the dtype byte is an
item size and the count is in elements.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from interviewer.core.errors import InputError

if TYPE_CHECKING:
    import numpy as np

# dtype id -> numpy dtype name
_DTYPES = {0: "float32", 1: "int8", 2: "int16", 3: "int32", 4: "float16", 5: "bfloat16"}
_ITEMSIZE_DTYPES = {4: "float32", 1: "int8", 2: "float16"}  # binary_version < 4 (item size)


class ModelFileError(InputError):
    """A model.bin that cannot be read as a CTranslate2 model."""


@dataclass
class Ct2Model:
    version: int
    spec: str
    revision: int
    variables: dict[str, np.ndarray] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> np.ndarray:
        """A variable by name, following aliases."""
        if name in self.variables:
            return self.variables[name]
        if name in self.aliases:
            return self.variables[self.aliases[name]]
        raise KeyError(name)

    def scalar(self, name: str) -> int:
        return int(self.get(name).reshape(-1)[0])


class _ChainReader:
    """A file-like reader over several files read one after another (split packs)."""

    def __init__(self, paths: Iterable[object], on_bytes: Callable[[int], None] | None) -> None:
        self._paths = list(paths)
        self._fh: IO[bytes] | None = None
        self._on_bytes = on_bytes

    def _next(self) -> bool:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        if not self._paths:
            return False
        self._fh = Path(str(self._paths.pop(0))).open("rb")  # noqa: SIM115
        return True

    def read(self, n: int) -> bytes:
        chunks: list[bytes] = []
        while n > 0:
            if self._fh is None and not self._next():
                break
            fh = self._fh
            if fh is None:
                break
            data = fh.read(n)
            if not data:
                if not self._next():
                    break
                continue
            chunks.append(data)
            n -= len(data)
            if self._on_bytes is not None:
                self._on_bytes(len(data))
        return b"".join(chunks)

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
        self._paths = []


def read_model(parts: list[object], on_bytes: Callable[[int], None] | None = None) -> Ct2Model:
    """Read a model.bin given as one path or as split parts to be concatenated in order."""
    import numpy as np

    reader = _ChainReader(parts, on_bytes)

    def take(n: int) -> bytes:
        data = reader.read(n)
        if len(data) != n:
            raise ModelFileError(
                "The model file ends early; reinstall the model pack and try again.")
        return data

    def u8() -> int:
        return int(take(1)[0])

    def u16() -> int:
        return int(struct.unpack("<H", take(2))[0])

    def u32() -> int:
        return int(struct.unpack("<I", take(4))[0])

    def string() -> str:
        n = u16()
        return take(n).rstrip(b"\0").decode("utf-8")

    try:
        version = u32()
        if version < 1 or version > 6:
            raise ModelFileError(
                f"This model file has an unknown format version ({version}); "
                "use an offline pack this app knows.")
        spec, revision = "", 1
        if version >= 2:
            spec = string()
            revision = u32()
        model = Ct2Model(version, spec, revision)
        for _ in range(u32()):
            name = string()
            rank = u8()
            dims = [u32() for _ in range(rank)]
            code = u8()
            count = u32()
            if version >= 4:
                dtype_name = _DTYPES.get(code)
                nbytes = count
            else:
                dtype_name = _ITEMSIZE_DTYPES.get(code)
                nbytes = count * code
            if dtype_name is None or dtype_name == "bfloat16":
                raise ModelFileError(
                    f"The model file uses a data type this app cannot read (variable {name}).")
            raw = take(nbytes)
            arr = np.frombuffer(raw, dtype=np.dtype(dtype_name).newbyteorder("<"))
            model.variables[name] = arr.reshape(dims) if dims else arr.reshape(())
        if version >= 3:
            for _ in range(u32()):
                alias = string()
                model.aliases[alias] = string()
        return model
    finally:
        reader.close()
