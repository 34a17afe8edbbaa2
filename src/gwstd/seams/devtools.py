"""One headless browser printing several pages at once, driven over its DevTools pipe.

``--print-to-pdf`` prints one page per browser start. A long book printed as one page is slow (the browser's
print time grows faster than the page), and as many pages it would start the browser once for each. Here the
browser starts once, with ``--remote-debugging-pipe`` (the DevTools protocol as NUL-separated JSON on file
descriptors 3 and 4, the way Playwright and Puppeteer drive it: no network port is opened), and prints its
pages in as many tabs at once as the computer has cores, each tab in a browser context of its own so that each
lays out in a process of its own.

POSIX only: on Windows the pipe needs handles Python's subprocess cannot pass, and the book is printed whole
(gwstd.seams.browser.print_to_pdf).
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import tempfile
import threading
import time

try:
    import fcntl
except ImportError:  # Windows: no pipe to the browser (AVAILABLE is False)
    fcntl = None  # type: ignore[assignment]
from concurrent.futures import Future
from pathlib import Path
from urllib.parse import quote

from gwstd.seams.browser import PrintFailed, browser_flags, stop_browser
from gwstd.seams.files import os_reason

AVAILABLE = os.name == "posix" and fcntl is not None
READ_CHUNK = 4 << 20  # bytes of PDF asked for at a time when reading it back


class _Closed(Exception):
    pass


class NotDrivable(Exception):
    """The browser ended before it answered on its pipe (too old, or not a Chromium): print the book whole."""


class DevTools:
    """A browser started with its DevTools pipe; ``call`` sends a command and waits for its answer."""

    def __init__(self, browser: str, profile: Path):
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def on_fds() -> None:  # in the child: the pipe's ends on the descriptors the browser reads and writes
            # first out of the way (either may be 3 or 4 already), then onto 3 and 4: dup2 onto another number
            # leaves the copy open across exec
            high_r = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            high_w = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        command = [browser, *browser_flags(profile), "--remote-debugging-pipe", "about:blank"]
        try:
            # close_fds=False: every descriptor Python opened is close-on-exec already; 3 and 4, made by dup2 in
            # the child, are the ones the browser is meant to have
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                            stderr=subprocess.DEVNULL, close_fds=False, preexec_fn=on_fds,
                                            start_new_session=True)
        except OSError as exc:
            for fd in (to_browser_r, self._to_browser, self._from_browser, from_browser_w):
                os.close(fd)
            raise PrintFailed(f"无法启动浏览器 {browser}({os_reason(exc)})", file=browser) from None
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._fds = (self._to_browser, self._from_browser)
        self.browser = browser
        self._lock = threading.Lock()
        self._next_id = 0
        self._waiting: dict[int, queue.Queue] = {}
        self._events: dict[tuple[str, str], queue.Queue] = {}
        self._closed = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # -- the protocol --------------------------------------------------------------------------------

    def _read(self) -> None:
        pending = b""
        while True:
            try:
                data = os.read(self._from_browser, 1 << 16)
            except OSError:
                data = b""
            if not data:
                break
            pending += data
            *messages, pending = pending.split(b"\0")
            for raw in messages:
                try:
                    message = json.loads(raw)
                except ValueError:
                    continue
                self._dispatch(message)
        with self._lock:
            self._closed = True
            waiting = list(self._waiting.values()) + list(self._events.values())
        for q in waiting:
            q.put(_Closed())

    def _dispatch(self, message: dict) -> None:
        with self._lock:
            if "id" in message:
                q = self._waiting.pop(message["id"], None)
            else:
                q = self._events.get((message.get("sessionId", ""), message.get("method", "")))
        if q is not None:
            q.put(message)

    def call(self, method: str, params: dict | None = None, *, session: str = "", timeout: float = 60) -> dict:
        with self._lock:
            if self._closed:
                raise _Closed()
            self._next_id += 1
            number = self._next_id
            q: queue.Queue = queue.Queue()
            self._waiting[number] = q
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        except OSError:
            raise _Closed() from None
        answer = self._get(q, timeout)
        if "error" in answer:
            raise PrintFailed(f"浏览器 {self.browser} 拒绝了 {method}:{answer['error'].get('message', '')}",
                              file=self.browser)
        return answer.get("result", {})

    def expect(self, session: str, method: str) -> queue.Queue:
        """Start listening for ``method`` events of ``session`` (before the command that causes them)."""
        q: queue.Queue = queue.Queue()
        with self._lock:
            self._events[(session, method)] = q
        return q

    def _get(self, q: queue.Queue, timeout: float) -> dict:
        try:
            answer = q.get(timeout=max(timeout, 0.01))
        except queue.Empty:
            raise TimeoutError from None
        if isinstance(answer, _Closed):
            raise answer
        return answer

    # -- printing ------------------------------------------------------------------------------------

    def open_tab(self, deadline: float, *, first: bool = False) -> tuple[str, str]:
        """A tab in a browser context of its own (its own renderer process): (context, session). ``first``: the
        tab the browser opened at its start, whose process is already running ("" for its context)."""
        if first:
            pages = [t for t in self.call("Target.getTargets", timeout=_left(deadline))["targetInfos"]
                     if t.get("type") == "page"]
            if pages:
                session = self.call("Target.attachToTarget", {"targetId": pages[0]["targetId"], "flatten": True},
                                    timeout=_left(deadline))["sessionId"]
                self.call("Page.enable", session=session, timeout=_left(deadline))
                return "", session
        context = self.call("Target.createBrowserContext", {"disposeOnDetach": True},
                            timeout=_left(deadline))["browserContextId"]
        target = self.call("Target.createTarget", {"url": "about:blank", "browserContextId": context},
                           timeout=_left(deadline))["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True},
                            timeout=_left(deadline))["sessionId"]
        self.call("Page.enable", session=session, timeout=_left(deadline))
        return context, session

    def close_tab(self, context: str) -> None:
        if not context:
            return
        try:
            self.call("Target.disposeBrowserContext", {"browserContextId": context}, timeout=10)
        except (_Closed, TimeoutError, PrintFailed):
            pass

    def load(self, session: str, page: Path | str, *, deadline: float) -> None:
        """Load ``page`` (a file, or a URL) in the tab ``session`` and wait for its load event."""
        loaded = self.expect(session, "Page.loadEventFired")
        url = page if isinstance(page, str) else page.resolve().as_uri()
        self.call("Page.navigate", {"url": url}, session=session, timeout=_left(deadline))
        self._get(loaded, _left(deadline))

    def print_page(self, session: str, page: Path, *, deadline: float) -> bytes:
        """Load ``page`` (a file) in the tab ``session``, print it, and give the PDF's bytes."""
        self.load(session, page, deadline=deadline)
        printed = self.call("Page.printToPDF", {
            "preferCSSPageSize": True, "printBackground": False, "displayHeaderFooter": False,
            "generateTaggedPDF": False, "generateDocumentOutline": False, "transferMode": "ReturnAsStream",
        }, session=session, timeout=_left(deadline))
        chunks = []
        while True:
            read = self.call("IO.read", {"handle": printed["stream"], "size": READ_CHUNK}, session=session,
                             timeout=_left(deadline))
            data = read.get("data", "")
            chunks.append(base64.b64decode(data) if read.get("base64Encoded") else data.encode("latin-1"))
            if read.get("eof"):
                break
        self.call("IO.close", {"handle": printed["stream"]}, session=session, timeout=_left(deadline))
        return b"".join(chunks)

    def exit_code(self) -> int | None:
        try:
            return self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        """Stop the browser and close the pipe (once its reader is done). Killed rather than asked to quit: its
        profile is thrown away, and quitting takes it a third of a second more."""
        stop_browser(self.process)  # its helper processes too, in the session it was started in
        self._reader.join(timeout=5)
        fds, self._fds = self._fds, ()
        for fd in fds:
            try:
                os.close(fd)
            except OSError:
                pass


def _left(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


class Printer:
    """``with Printer(browser, timeout=…) as printer``: one browser start for every print of a book, all within
    ``timeout`` seconds; PrintFailed when the browser fails or runs out of time.

    The tabs (one per core by default) open as soon as the browser has started, and each first shows ``warm``
    (the HTML of a small page in the book's fonts), so that loading the fonts overlaps with whatever the caller
    does before it hands over the pages: reading the catalogue, rendering the HTML book. ``allow`` gives the
    next prints ``timeout`` seconds from now (a browser kept for several books).
    """

    def __init__(self, browser: str, *, timeout: float, tabs: int | None = None, warm: str | None = None):
        self.browser, self.timeout, self.warm = browser, timeout, warm
        self.tabs = tabs or max(1, os.cpu_count() or 1)
        self.deadline = time.monotonic() + timeout
        self._jobs: queue.Queue = queue.Queue()
        self._workers: list[threading.Thread] = []

    def __enter__(self) -> Printer:
        self._profile = tempfile.TemporaryDirectory(prefix="gwstd-browser-", ignore_cleanup_errors=True)
        try:
            self._tools = DevTools(self.browser, Path(self._profile.name))
            try:
                self._tools.call("Browser.getVersion", timeout=_left(self.deadline))
            except _Closed:
                self._tools.close()
                raise NotDrivable() from None
            except TimeoutError:
                self._tools.close()
                raise self._late() from None
        except BaseException:
            self._profile.cleanup()
            raise
        for n in range(self.tabs):
            worker = threading.Thread(target=self._work, args=(n == 0,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc) -> None:
        for _ in self._workers:
            self._jobs.put(None)
        try:
            self._tools.close()  # first: a tab still waiting on the browser stops waiting (Ctrl+C, a failure)
            for worker in self._workers:
                worker.join(timeout=10)
        finally:
            self._profile.cleanup()

    def allow(self, timeout: float) -> None:
        self.timeout, self.deadline = timeout, time.monotonic() + timeout

    def _late(self) -> PrintFailed:
        return PrintFailed(f"浏览器 {self.browser} 在 {self.timeout:.0f} 秒内没有打印完", file=self.browser)

    def _work(self, first: bool) -> None:
        session = context = None
        try:
            context, session = self._tools.open_tab(self.deadline, first=first)
            if self.warm is not None:  # shown, not printed: showing it loads the fonts
                self._tools.load(session, "data:text/html;charset=utf-8," + quote(self.warm),
                                 deadline=self.deadline)
        except BaseException as exc:  # the tab could not open: each job it takes fails with the reason
            failure = exc
        else:
            failure = None
        try:
            while True:
                job = self._jobs.get()
                if job is None:
                    return
                page, future = job
                if not future.set_running_or_notify_cancel():
                    continue
                if failure is not None:
                    future.set_exception(failure)
                    continue
                try:
                    future.set_result(self._tools.print_page(session, page, deadline=self.deadline))
                except BaseException as exc:
                    future.set_exception(exc)
        finally:
            if context is not None:
                self._tools.close_tab(context)

    def print_pages(self, pages: list[Path]) -> list[bytes]:
        """Each of ``pages`` printed, as many at a time as there are tabs, in order. Each tab prints one page
        after another, so that its process, its fonts and its style sheets are made once."""
        futures = []
        for page in pages:
            futures.append(Future())
            self._jobs.put((page, futures[-1]))
        try:
            return [future.result() for future in futures]
        except TimeoutError:
            self._cancel(futures)
            raise self._late() from None
        except _Closed:
            raise PrintFailed(f"浏览器 {self.browser} 在打印时退出了(退出码 {self._tools.exit_code()}),"
                              "可以用 --browser 换一个浏览器", file=self.browser) from None
        except BaseException:
            self._cancel(futures)
            self._tools.close()  # a tab still waiting on the browser then stops waiting (Ctrl+C)
            raise

    @staticmethod
    def _cancel(futures: list[Future]) -> None:
        """The pages not yet started are not printed (another book may use the browser next)."""
        for future in futures:
            future.cancel()
