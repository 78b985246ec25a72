"""Group commit: threads of one process that want to write at the same moment share one statement and one commit.

The first thread to arrive leads: it takes everything waiting, writes it with one call of `write` on its own
database connection, and hands each waiting thread its own outcome. Threads that arrive while it writes wait,
and the first of them leads the next round. A thread is answered only after the statement that wrote its item
has returned, which outside a transaction means after the commit, so nothing is acknowledged early. Under no
load a thread leads a batch of one and waits for nobody.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

_LEAD = object()  # the outcome that tells a waiting thread to lead the next round
WAIT_SECONDS = 60.0


class _Slot:
    __slots__ = ("item", "outcome", "ready")

    def __init__(self, item: Any) -> None:
        self.item = item
        self.outcome: Any = None
        self.ready = threading.Event()


class GroupCommit:
    """`run(item)` returns what `write` returned for that item, or raises what `write` raised for its batch.

    `write(items)` gets a list and returns one outcome per item, in order."""

    def __init__(self, write: Callable[[Sequence[Any]], Sequence[Any]], max_batch: int = 64) -> None:
        self.write = write
        self.max_batch = max_batch
        self.lock = threading.Lock()
        self.waiting: list[_Slot] = []
        self.leading = False

    def run(self, item: Any) -> Any:
        slot = _Slot(item)
        with self.lock:
            self.waiting.append(slot)
            lead = not self.leading
            self.leading = True
        if not lead:
            if not slot.ready.wait(WAIT_SECONDS):
                with self.lock:
                    gave_up = not slot.ready.is_set()
                    if gave_up and slot in self.waiting:
                        self.waiting.remove(slot)  # never led, never written
                if gave_up:
                    raise TimeoutError(
                        "The database did not answer in time; the response may not have been saved."
                    )
            if slot.outcome is not _LEAD:
                return self._result(slot)
        return self._lead(slot)

    def _lead(self, mine: _Slot) -> Any:
        try:
            while not mine.ready.is_set() or mine.outcome is _LEAD:
                mine.ready.clear()
                with self.lock:
                    batch, self.waiting = self.waiting[: self.max_batch], self.waiting[self.max_batch :]
                try:
                    outcomes = list(self.write([slot.item for slot in batch]))
                    if len(outcomes) != len(batch):
                        raise RuntimeError("write() must return one outcome per item")
                except BaseException as exc:  # every thread of the batch hears of it, the leader included
                    outcomes = [exc] * len(batch)
                for slot, outcome in zip(batch, outcomes, strict=True):
                    slot.outcome = outcome
                    slot.ready.set()
        finally:
            with self.lock:
                if self.waiting:
                    following = self.waiting[0]
                    following.outcome = _LEAD
                    following.ready.set()
                else:
                    self.leading = False
        return self._result(mine)

    @staticmethod
    def _result(slot: _Slot) -> Any:
        if isinstance(slot.outcome, BaseException):
            raise slot.outcome
        return slot.outcome
