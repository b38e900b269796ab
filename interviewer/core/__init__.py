"""Pure, deterministic core: question banks, transcripts and scoring.

Nothing here imports Qt, torch, whisper or audio libraries (checked by import-linter and a test).
"""
