"""Sound in and out: crash-safe recording, playback, devices and levels. Knows no Qt.

- :mod:`~interviewer.audio.recorder`: ``Recorder`` (16 kHz mono listeners, WAV on disk as it goes)
- :mod:`~interviewer.audio.player`: ``Player`` (play/pause/seek/stop, position)
- :mod:`~interviewer.audio.wavfile`: ``WavWriter``, ``repair_wav``
- :mod:`~interviewer.audio.devices`: list, resolve by name, re-scan
- :mod:`~interviewer.audio.backend`: ``SoundBackend`` (sounddevice, imported lazily)
- :mod:`~interviewer.audio.errors`: ``AudioError`` and its subclasses

Importing this package imports nothing heavy.
"""
