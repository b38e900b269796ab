"""What the sentence encoder adds to the app's memory (issue 11's budget: <= 150 MB).

    .venv/bin/python -m tests.bench.bench_encoder_memory

Measured in a fresh process that has already imported torch and run one op (the app has: it
runs Whisper), so only the encoder's own cost is counted: its weights and tokenizer, then the
first encode of a batch (activations and the allocator's pools). Prints RSS growth after
loading and after encoding, and the process's peak RSS growth.
"""

from __future__ import annotations

import resource
import sys


def _peak_mb() -> float:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 2**20


def main() -> int:
    import psutil
    import safetensors  # noqa: F401  (the encoder's own libraries are part of its cost,
    import tokenizers  # noqa: F401    but imported first they would hide nothing either)
    import torch

    torch.zeros(1) + 1
    proc = psutil.Process()
    base, base_peak = proc.memory_info().rss / 2**20, _peak_mb()
    from interviewer.meaning.loading import load_encoder
    from interviewer.paths import AppPaths

    encoder = load_encoder(AppPaths.default().models_dir)
    loaded = proc.memory_info().rss / 2**20
    encoder.encode(["Dropout switches off random units during training, so the network "
                    "cannot rely on any single neuron."] * 32)
    after = proc.memory_info().rss / 2**20
    print(f"sentence encoder: +{loaded - base:.0f} MB after loading, +{after - base:.0f} MB "
          f"after the first encode, peak +{_peak_mb() - base_peak:.0f} MB (budget 150 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
