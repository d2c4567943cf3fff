"""Search indexing off the critical path: a stored meeting's passages are embedded after its results show.

The app saves a meeting with `Store.save(index=False)`, shows the findings at once, and hands the
meeting to an `Indexer`, whose single worker thread chunks and embeds the transcript and commits
the passages (`Store.index_passages`). A meeting whose indexing never ran (the app was stopped
first) stays marked unindexed in the store; `Indexer.catch_up` and `analyzer store check --repair`
index it then.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from .core.models import Transcript
from .store import Store

log = logging.getLogger(__name__)


def index_meeting(store: Store, meeting_id: str, transcript: Transcript | None = None) -> bool:
    """Chunk and embed one stored meeting's transcript into search; False if nothing was left to do."""
    from .chunking import passages

    if transcript is None:
        transcript = store.get_report(meeting_id).transcript
    return store.index_passages(meeting_id, passages(transcript, meeting_id))


class Indexer:
    """One background thread that indexes stored meetings for search, one meeting at a time."""

    def __init__(self, store_for: Callable[[], Store]) -> None:
        self._store_for = store_for  # called per meeting: the store may have been reopened meanwhile
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analyzer-index")
        self._lock = threading.Lock()
        self._queued: dict[str, Future[bool]] = {}
        self.failed: dict[str, str] = {}  # meeting id -> the error, for the user

    def submit(self, meeting_id: str, transcript: Transcript | None = None) -> None:
        """Queue a meeting saved with `index=False` (a meeting already queued is not queued twice)."""
        with self._lock:
            if meeting_id in self._queued and not self._queued[meeting_id].done():
                return
            self.failed.pop(meeting_id, None)
            self._queued[meeting_id] = self._pool.submit(self._run, meeting_id, transcript)

    def catch_up(self) -> list[str]:
        """Queue every meeting the store still marks unindexed (left by a stopped app); their ids."""
        ids = [i for i in self._store_for().unindexed() if i not in self.pending()]
        for meeting_id in ids:
            self.submit(meeting_id)
        return ids

    def pending(self) -> list[str]:
        """Meetings queued or being indexed now."""
        with self._lock:
            return [i for i, future in self._queued.items() if not future.done()]

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the queue is empty (or `timeout` seconds passed); whether it is empty."""
        with self._lock:
            futures = list(self._queued.values())
        return not wait(futures, timeout=timeout).not_done

    def _run(self, meeting_id: str, transcript: Transcript | None, attempts: int = 2) -> bool:
        # A second attempt asks for the store again: the app may have reopened it in between.
        for attempt in range(attempts):
            try:
                return index_meeting(self._store_for(), meeting_id, transcript)
            except Exception as error:  # noqa: BLE001 — kept for the user; the meeting stays unindexed
                log.warning("indexing meeting %s failed (attempt %d): %s", meeting_id, attempt + 1, error)
                if attempt + 1 == attempts:
                    self.failed[meeting_id] = str(error)
        return False
