"""The desktop app: PySide6 widgets over the Qt-free services.

Composition: :mod:`interviewer.gui.application` is the only place that builds services
(settings, the attempt store, question banks, the Whisper engine, recorder, player, speaker);
it passes one :class:`~interviewer.gui.services.Services` into :class:`MainWindow`, which hands
it on to the views. Views and widgets hold no scoring or storage logic: they call services and
render results.

Thread rules (every module in this package keeps them):

1. The GUI thread owns every widget and the :class:`AttemptStore` (SQLite). Nothing else reads
   or writes the store; workers return results through signals and the GUI thread saves them.
2. Anything that can take more than ~20 ms runs in a worker (:mod:`interviewer.gui.workers`):
   a ``QObject`` moved to its own ``QThread`` with ``progress`` / ``finished`` / ``error``
   signals. Model loading, transcription and finalising, text-to-speech synthesis, re-scoring
   and export are workers. torch and whisper are imported only inside workers.
3. Worker signals are re-emitted in the GUI thread by a :class:`TaskHandle` that lives there;
   views connect to the handle, never to the worker (tests wait on the handle too).
4. Workers never raise past their boundary: an exception is logged with its traceback and
   turned into one plain sentence on the ``error`` signal.
5. Threads are never terminated: a task is asked to stop (``TaskContext.cancelled``) and waited
   for; the window waits for running tasks when it closes.
6. Audio callbacks (recorder listeners) run on the audio layer's worker thread and only feed
   Qt-free objects (``IncrementalTranscriber.feed``). The GUI pulls levels, elapsed time and
   partial text with ``QTimer`` s in the GUI thread.
"""

from __future__ import annotations
