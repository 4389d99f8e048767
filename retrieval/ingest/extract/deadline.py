"""Run an extraction in a daemon thread and abandon it past a deadline."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from retrieval.errors import ExtractionError

log = logging.getLogger(__name__)

T = TypeVar("T")

# Runaway extractions cannot be killed, only abandoned; this caps how many can pile up.
MAX_CONCURRENT_EXTRACTIONS = 4
_slots = threading.BoundedSemaphore(MAX_CONCURRENT_EXTRACTIONS)


def with_deadline(work: Callable[[], T], timeout_s: float, message: str) -> T:
    """Run work in a daemon thread and give up (raising ExtractionError) after timeout_s."""
    if not _slots.acquire(timeout=timeout_s):
        raise ExtractionError(message)
    future: Future[T] = Future()

    def run() -> None:
        try:
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(work())
                except BaseException as error:  # noqa: BLE001 - handed to the caller below
                    future.set_exception(error)
        finally:
            _slots.release()

    # A daemon thread: a parse that never ends must not keep the process from exiting.
    threading.Thread(target=run, name="articlebot-extract", daemon=True).start()
    try:
        return future.result(timeout=timeout_s)
    except FutureTimeout:
        future.cancel()
        log.warning("extraction abandoned after %.1f s", timeout_s)
        raise ExtractionError(message) from None
