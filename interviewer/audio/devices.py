"""Sound devices: list inputs and outputs with their defaults, choose by name, re-scan.

PortAudio scans devices once, when it is initialised; :func:`rescan` re-initialises it. Re-scan
only while no stream is open (re-initialising PortAudio closes every open stream) and never from
a GUI thread that must stay responsive (it takes about 0.1 s).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from interviewer.audio.backend import SoundBackend
from interviewer.audio.errors import NoInputDeviceError, NoOutputDeviceError


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    hostapi: str
    max_input_channels: int
    max_output_channels: int
    default_samplerate: float
    is_default_input: bool = False
    is_default_output: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DeviceList:
    inputs: list[Device] = field(default_factory=list)
    outputs: list[Device] = field(default_factory=list)
    default_input: Device | None = None
    default_output: Device | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": [d.to_dict() for d in self.inputs],
            "outputs": [d.to_dict() for d in self.outputs],
            "default_input": self.default_input.name if self.default_input else None,
            "default_output": self.default_output.name if self.default_output else None,
        }


@dataclass(frozen=True)
class DeviceChoice:
    """The device to open. ``index`` None means the system default. ``fell_back`` is True when
    the person's chosen device was missing; ``message`` then says so in one sentence."""

    index: int | None
    name: str
    fell_back: bool = False
    message: str = ""


@dataclass(frozen=True)
class DeviceChanges:
    added: list[str]
    removed: list[str]
    devices: DeviceList


def list_devices(backend: SoundBackend | None = None) -> DeviceList:
    backend = backend or SoundBackend()
    raw = backend.query_devices()
    in_idx, out_idx = backend.default_indices()
    hostapis: list[str] = []
    try:
        hostapis = [str(h["name"]) for h in backend.sd.query_hostapis()]
    except Exception:
        hostapis = []
    inputs: list[Device] = []
    outputs: list[Device] = []
    for d in raw:
        i = int(d["index"])
        api = int(d.get("hostapi", 0))
        dev = Device(
            index=i, name=str(d["name"]),
            hostapi=hostapis[api] if 0 <= api < len(hostapis) else "",
            max_input_channels=int(d.get("max_input_channels", 0)),
            max_output_channels=int(d.get("max_output_channels", 0)),
            default_samplerate=float(d.get("default_samplerate", 0.0)),
            is_default_input=i == in_idx, is_default_output=i == out_idx,
        )
        if dev.max_input_channels > 0:
            inputs.append(dev)
        if dev.max_output_channels > 0:
            outputs.append(dev)
    return DeviceList(
        inputs=inputs, outputs=outputs,
        default_input=next((d for d in inputs if d.is_default_input), None),
        default_output=next((d for d in outputs if d.is_default_output), None),
    )


def _match(devices: list[Device], name: str) -> Device | None:
    for d in devices:
        if d.name == name:
            return d
    low = name.lower()
    for d in devices:
        if low in d.name.lower():
            return d
    return None


def find_input(name: str, backend: SoundBackend | None = None) -> Device:
    """The input device called ``name`` (exact, else case-insensitive part of the name)."""
    found = _match(list_devices(backend).inputs, name)
    if found is None:
        raise NoInputDeviceError(
            f"The microphone '{name}' is not connected; connect it or choose another one in "
            "Settings (`interviewer devices` lists them)."
        )
    return found


def find_output(name: str, backend: SoundBackend | None = None) -> Device:
    found = _match(list_devices(backend).outputs, name)
    if found is None:
        raise NoOutputDeviceError(
            f"The speaker '{name}' is not connected; connect it or choose another one in "
            "Settings (`interviewer devices` lists them)."
        )
    return found


def _resolve(devs: list[Device], default: Device | None, name: str, kind: str) -> DeviceChoice:
    if name:
        found = _match(devs, name)
        if found is not None:
            return DeviceChoice(found.index, found.name)
    if default is None:
        if kind == "microphone":
            raise NoInputDeviceError()
        raise NoOutputDeviceError()
    if not name:
        return DeviceChoice(None, default.name)
    return DeviceChoice(
        None, default.name, fell_back=True,
        message=f"The {kind} '{name}' is not connected; using the default '{default.name}' "
        "instead.",
    )


def resolve_input(name: str = "", backend: SoundBackend | None = None) -> DeviceChoice:
    """The chosen microphone, else the default (saying so); NoInputDeviceError if none."""
    dl = list_devices(backend)
    return _resolve(dl.inputs, dl.default_input, name, "microphone")


def resolve_output(name: str = "", backend: SoundBackend | None = None) -> DeviceChoice:
    dl = list_devices(backend)
    return _resolve(dl.outputs, dl.default_output, name, "speaker")


class DeviceWatcher:
    """Notices devices that appear or vanish between re-scans."""

    def __init__(self, backend: SoundBackend | None = None) -> None:
        self._backend = backend or SoundBackend()
        self._names = self._current_names(list_devices(self._backend))

    @staticmethod
    def _current_names(dl: DeviceList) -> set[str]:
        return {d.name for d in (*dl.inputs, *dl.outputs)}

    def rescan(self) -> DeviceChanges:
        """Re-initialise PortAudio (no stream may be open) and report what changed."""
        self._backend.reinitialise()
        dl = list_devices(self._backend)
        names = self._current_names(dl)
        changes = DeviceChanges(sorted(names - self._names), sorted(self._names - names), dl)
        self._names = names
        return changes


def rescan(backend: SoundBackend | None = None) -> DeviceList:
    """Re-initialise PortAudio and list devices again (no stream may be open)."""
    backend = backend or SoundBackend()
    backend.reinitialise()
    return list_devices(backend)
