"""Watching the catalogue: a look at the files' signatures every ``interval`` seconds, a refresh when one changed.

A county's catalogue is a dozen files, so a look (listing the folder and a stat of each file) takes well under a
millisecond: polling costs nothing measurable, needs no extra dependency, and behaves the same on every system
and file system (network drives and editors that save by renaming included), where change notifications do not.
The pages are told by the server's event stream, never by polling.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from gwstd.serve.server import Hub
from gwstd.serve.session import Session, Snapshot

INTERVAL = 0.1  # seconds between looks: on average a save is seen 50 ms after it
SETTLE = 0.03  # an editor may write a file in pieces: wait this long after a change is seen, then read it


def watch(session: Session, hub: Hub, *, stop: threading.Event, told: Callable[[Snapshot], None],
          failed: Callable[[BaseException], None], interval: float = INTERVAL) -> None:
    """Until ``stop`` is set: refresh ``session`` when its files change, publish the snapshot and tell ``told``.
    A failure inside a refresh (a bug) is told to ``failed`` and the last page stays up."""
    last_failure = ""
    while not stop.wait(interval):
        try:
            if not session.pending():
                continue
            time.sleep(SETTLE)
            snapshot = session.refresh()
        except Exception as exc:  # noqa: BLE001 - the preview stays up with the last page; the console says why
            if repr(exc) != last_failure:  # (told once, not at each retry)
                failed(exc)
            last_failure = repr(exc)
            stop.wait(1.0)  # (not a storm of the same failure)
            continue
        last_failure = ""
        hub.publish(snapshot)
        told(snapshot)
        try:
            written = session.write_workbook()  # (after the page is out: the workbook takes longer)
        except Exception as exc:  # noqa: BLE001
            failed(exc)
            continue
        if written is not None:
            hub.publish(written)
            told(written)
