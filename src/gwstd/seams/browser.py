"""The local browser that prints the PDF book: found on this computer, run headless, stopped when it hangs.

gwstd bundles no browser. It uses the one an office already has: Microsoft Edge (on every Windows PC), Google
Chrome or Chromium. Each runs with a throwaway profile, so that it never touches the user's own browser, its
tabs or its settings, and never hands the job to a browser window that is already open.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from gwstd.diagnostics.errors import GwstdError
from gwstd.seams.files import os_reason

BROWSER_ENV = "GWSTD_BROWSER"
NO_BROWSER = "none"  # GWSTD_BROWSER=none: make no PDF (a machine that should not start a browser)

# Program names on PATH, the browser an office is most likely to have first.
PROGRAM_NAMES = ("msedge", "microsoft-edge", "microsoft-edge-stable", "google-chrome", "google-chrome-stable",
                 "chrome", "chromium", "chromium-browser")
# Where the installers put them when they are not on PATH.
_WINDOWS_PROGRAMS = (r"Microsoft\Edge\Application\msedge.exe", r"Google\Chrome\Application\chrome.exe",
                     r"Chromium\Application\chrome.exe")
_WINDOWS_ROOTS = ("PROGRAMFILES(X86)", "PROGRAMFILES", "LOCALAPPDATA")
_MAC_PROGRAMS = ("/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
                 "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                 "/Applications/Chromium.app/Contents/MacOS/Chromium")

# How long a print may take before the browser counts as hung: a base, and more for each item (bench/run.py
# --suite pdf, 2 cores: 4 s for 167 items and 53 s for 10,000 in pieces, but minutes for 10,000 printed whole,
# as on Windows). A county's catalogue (a few hundred items) gets a few minutes.
PRINT_TIMEOUT = 120.0
PRINT_SECONDS_PER_ITEM = 0.25

HOW_TO_GET_IT = ("要生成 PDF 目录,请安装 Microsoft Edge、Google Chrome 或 Chromium(任选其一),"
                 f"或用 --browser 指明浏览器程序的位置(也可以设置环境变量 {BROWSER_ENV}),再运行 gwstd build")


class BrowserMissing(GwstdError):
    """No browser to print the PDF book with (GW504): the other books are still built.

    ``turned_off``: the user said so (GWSTD_BROWSER=none), so a build that wrote other books need not say it.
    """

    code = "GW504"
    turned_off = False


class PrintFailed(GwstdError):
    """The browser was found but printed no PDF (GW505)."""

    code = "GW505"


def find_browser(explicit: str | None = None) -> str:
    """The browser program to print with: ``explicit`` (--browser), then GWSTD_BROWSER, then the usual places.

    A browser the user names must exist (PrintFailed says so); none found at all is BrowserMissing.
    """
    named = explicit or os.environ.get(BROWSER_ENV, "").strip()
    if named.lower() == NO_BROWSER:
        missing = BrowserMissing(f"未生成 PDF 目录:{BROWSER_ENV}={named} 表示不生成 PDF")
        missing.turned_off = True
        raise missing
    if named:
        found = shutil.which(named) or (named if Path(named).is_file() else None)
        if found is None:
            raise PrintFailed(f"找不到浏览器程序 {named}", file=named)
        return found
    for name in PROGRAM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    for candidate in _installed_places():
        if Path(candidate).is_file():
            return candidate
    raise BrowserMissing(f"未生成 PDF 目录:本机没有找到 Microsoft Edge、Google Chrome 或 Chromium。{HOW_TO_GET_IT}。")


def _installed_places() -> list[str]:
    if sys.platform == "win32":
        roots = [os.environ[r] for r in _WINDOWS_ROOTS if os.environ.get(r)]
        return [os.path.join(root, program) for root in roots for program in _WINDOWS_PROGRAMS]
    if sys.platform == "darwin":
        return list(_MAC_PROGRAMS)
    return []


def browser_flags(profile: Path) -> list[str]:
    """How gwstd runs a browser: headless, in the throwaway profile ``profile``, with nothing of its own to do."""
    flags = [
        "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--mute-audio", f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root with its sandbox
        flags.insert(0, "--no-sandbox")
    return flags


def print_command(browser: str, page: Path, target: Path, profile: Path) -> list[str]:
    """The headless print of ``page`` into ``target``: A4 as the page's CSS asks, outline from its headings."""
    return [
        browser, *browser_flags(profile),
        # the browser's own header and footer (date, file path) stay off: the page prints its own page numbers
        "--no-pdf-header-footer", "--print-to-pdf-no-header",
        "--generate-pdf-document-outline",  # bookmarks from the book's headings (Chromium 125 and later)
        f"--print-to-pdf={target}", page.resolve().as_uri(),
    ]


def print_to_pdf(browser: str, page: Path, target: Path, *, timeout: float | None = None) -> bytes:
    """Print ``page`` (a file) with ``browser`` and give the PDF's bytes; PrintFailed when none comes."""
    timeout = PRINT_TIMEOUT if timeout is None else timeout
    with tempfile.TemporaryDirectory(prefix="gwstd-browser-") as profile:
        command = print_command(browser, page, target, Path(profile))
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, start_new_session=os.name == "posix")
        except OSError as exc:
            raise PrintFailed(f"无法启动浏览器 {browser}({os_reason(exc)})", file=browser) from None
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_browser(process)
            raise PrintFailed(f"浏览器 {browser} 在 {timeout:.0f} 秒内没有打印完", file=browser) from None
        except BaseException:  # Ctrl+C: the browser goes too
            stop_browser(process)
            raise
    data = target.read_bytes() if target.is_file() else b""
    if not data.startswith(b"%PDF"):
        detail = _last_error_line(err)
        raise PrintFailed(f"浏览器 {browser} 没有打印出 PDF(退出码 {process.returncode}"
                          + (f";{detail}" if detail else "") + "),可以用 --browser 换一个浏览器", file=browser)
    return data


def stop_browser(process: subprocess.Popen) -> None:
    """Kill the browser and its helper processes (it was started in a session of its own on POSIX)."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)  # the browser's helper processes with it
        else:
            process.kill()
    except OSError:
        pass
    process.wait()


def _last_error_line(err: bytes) -> str:
    """The browser's last message worth showing (its routine complaints about D-Bus and the GPU are not)."""
    lines = [line.strip() for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
    useful = [line for line in lines if "dbus" not in line.lower() and "gpu" not in line.lower()]
    text = (useful or [""])[-1]
    return "".join(ch for ch in text if ch.isprintable())[:200]
