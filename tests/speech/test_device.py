"""Device choice with torch's CUDA / MPS availability faked."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from interviewer.core.errors import InputError
from interviewer.speech.device import choose_device


def fake_torch(cuda: bool, cuda_build: bool = True, mps: bool = False, mps_ok: bool = True):

    class Tensor:
        def __mul__(self, k):
            return self

        def sum(self):
            return self

        def cpu(self):
            return 8.0

    def ones_real(n, device):
        if not mps_ok:
            raise RuntimeError("MPS backend out of order")
        return Tensor()

    return SimpleNamespace(
        cuda=SimpleNamespace(is_available=lambda: cuda, get_device_name=lambda i: "NVIDIA H100"),
        version=SimpleNamespace(cuda="12.4" if cuda_build else None),
        backends=SimpleNamespace(mps=SimpleNamespace(is_available=lambda: mps)),
        ones=ones_real,
    )


def test_auto_picks_cuda_fp16_when_available():
    c = choose_device("auto", fake_torch(cuda=True))
    assert (c.device, c.fp16, c.reason) == ("cuda", True, "CUDA: NVIDIA H100")


def test_auto_on_cpu_only_torch_says_why():
    c = choose_device("auto", fake_torch(cuda=False, cuda_build=False))
    assert (c.device, c.fp16, c.reason) == ("cpu", False, "CPU: torch has no CUDA")


def test_auto_with_cuda_build_but_no_gpu():
    c = choose_device("auto", fake_torch(cuda=False, cuda_build=True))
    assert c.device == "cpu" and c.reason == "CPU: no CUDA GPU found"


def test_forced_cpu_even_with_cuda():
    c = choose_device("cpu", fake_torch(cuda=True))
    assert (c.device, c.fp16, c.reason) == ("cpu", False, "CPU: forced in settings")


def test_cuda_requested_without_cuda_falls_back_with_reason():
    c = choose_device("cuda", fake_torch(cuda=False, cuda_build=False))
    assert c.device == "cpu" and not c.fp16
    assert c.reason == "CPU: CUDA requested but torch has no CUDA"


def test_mps_only_if_it_really_works():
    assert choose_device("auto", fake_torch(cuda=False, mps=True)).device == "mps"
    broken = choose_device("auto", fake_torch(cuda=False, cuda_build=False, mps=True,
                                              mps_ok=False))
    assert broken.device == "cpu" and broken.reason == "CPU: torch has no CUDA"


def test_unknown_device_is_input_error():
    with pytest.raises(InputError, match="auto, cpu, cuda"):
        choose_device("tpu", fake_torch(cuda=False))


def test_real_torch_monkeypatched(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda i=0: "NVIDIA Fake")
    assert choose_device("auto").reason == "CUDA: NVIDIA Fake"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert choose_device("auto").device in ("cpu", "mps")


def test_cuda_turns_off_cudnn_attention_and_tolerates_old_torch():
    from interviewer.speech.engine import avoid_per_shape_attention_plans

    calls: list[bool] = []
    avoid_per_shape_attention_plans(
        SimpleNamespace(backends=SimpleNamespace(cuda=SimpleNamespace(enable_cudnn_sdp=calls.append))))
    assert calls == [False]
    # a torch without the switch (older releases) is left alone
    avoid_per_shape_attention_plans(SimpleNamespace(backends=SimpleNamespace(cuda=SimpleNamespace())))
    avoid_per_shape_attention_plans(SimpleNamespace(backends=SimpleNamespace()))


def test_the_real_torch_has_the_switch():
    import torch

    assert callable(torch.backends.cuda.enable_cudnn_sdp)
