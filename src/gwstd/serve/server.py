"""The local web server of `gwstd serve`: the book, its live-reload channel, and nothing else.

Every address it answers is in ``Routes``; anything else is 404, so no path of the request ever reaches the
file system (no traversal, encoded or not, and no listings). The page is the session's last good book with the
live script and its state put in before ``</body>``; the script listens on ``/__gwstd/events``, a server-sent
events stream that only sends (the channel reads nothing from the page), and reloads the page when a new book
is out, or shows the problems over it when there is none. Requests must name the server in their Host header
(an address of it, localhost, this machine's name, or a name given with --allow-host), so a web page elsewhere
cannot reach the preview through a rebound DNS name.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import secrets
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from gwstd.serve.session import Snapshot

EVENTS = "/__gwstd/events"
STATE = "/__gwstd/state"
PAGES = ("/", "/index.html")
HEARTBEAT_SECONDS = 5.0  # a comment line keeps the stream alive, and finds a closed page within seconds
MAX_STREAMS = 64  # open live-reload streams (tabs); more are refused rather than holding threads
SOCKET_TIMEOUT = 10.0  # seconds a connection may sit without sending its request (or reading a stream)
# The replies http.server writes itself, in Chinese
ERRORS = {400: "请求格式不正确", 404: "未找到", 405: "不支持这种请求", 408: "请求超时", 414: "网址太长",
          431: "请求头太大", 501: "不支持这种请求:预览只读,不接受任何命令", 505: "不支持这个 HTTP 版本"}
def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """``name`` as an IP address (an IPv6 zone dropped), or None when it is a name."""
    try:
        return ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return None


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address, IPv6 with or without brackets) is this machine's loopback:
    127.0.0.0/8, ::1 and ::ffff:127.x included."""
    host = host.strip().strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    address = _address(host)
    mapped = getattr(address, "ipv4_mapped", None)
    return address is not None and (address.is_loopback or (mapped is not None and mapped.is_loopback))


def url_host(host: str) -> str:
    """``host`` as it stands in a URL: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host

# Only inline code and data: URIs, as in the offline book; the page may talk only to this server.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                               "script-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; "
                               "base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class PortInUse(Exception):
    """The port asked for is taken (or may not be used): the message says what to do, in Chinese."""


class Hub:
    """The latest snapshot, and the streams waiting for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.snapshot: Snapshot | None = None
        self.closed = False
        self.streams = 0
        self.counting = threading.Lock()
        self.token = secrets.token_hex(8)  # this run of the server: a page from an earlier run reloads

    def publish(self, snapshot: Snapshot) -> None:
        with self._changed:
            self.snapshot = snapshot
            self._changed.notify_all()

    def next_after(self, version: int, timeout: float) -> Snapshot | None:
        """The snapshot newer than ``version``, waiting at most ``timeout`` seconds; None when there is none
        yet (or the server is closing)."""
        with self._changed:
            self._changed.wait_for(lambda: self.closed or (self.snapshot is not None
                                                           and self.snapshot.version > version), timeout)
            if self.closed or self.snapshot is None or self.snapshot.version <= version:
                return None
            return self.snapshot

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()


def _script_json(value: Any) -> str:
    """JSON that can sit inside a <script> element: no "<", ">" or "&" that could end it or open a comment."""
    text = json.dumps(value, ensure_ascii=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _live_assets() -> tuple[str, str]:
    from gwstd.seams.resources import folder

    templates = folder("templates")
    return (templates.joinpath("serve.css").read_text(encoding="utf-8"),
            templates.joinpath("serve.js").read_text(encoding="utf-8"))


def _placeholder(snapshot: Snapshot) -> str:
    """The page before any book could be made (a file that does not load when serve starts)."""
    from html import escape

    return ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
            'content="width=device-width, initial-scale=1"><title>' + escape(snapshot.title) + "(预览)</title>"
            '</head><body><main style="font-family: sans-serif; padding: 2rem"><h1>'
            + escape(snapshot.title) + "</h1><p>目录还不能生成:请按下方列出的问题修改文件,保存后这里会自动更新。"
            "</p></main></body></html>")


def live_page(snapshot: Snapshot, state: dict[str, Any]) -> bytes:
    """The page the browser gets: the book (or a placeholder) with the live script and its first ``state``."""
    css, js = _live_assets()
    css, js = css.replace("</", ""), js.replace("</", "<\\/")  # (neither may end its element early)
    live = (f'<style id="gwstd-live-style">{css}</style>'
            f'<script id="gwstd-live-state" type="application/json">{_script_json(state)}</script>'
            f'<script id="gwstd-live-script">{js}</script>')
    html = snapshot.html or _placeholder(snapshot)
    start = max(0, len(html) - 65536)  # (the body ends near the page's end: a 5 MB page is not scanned whole)
    found = html[start:].lower().rfind("</body>")
    end = start + found if found >= 0 else html.lower().rfind("</body>")
    page = html[:end] + live + html[end:] if end >= 0 else html + live
    return page.encode("utf-8")


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # a stream left open never keeps the process from ending
    block_on_close = False
    # On Windows, SO_REUSEADDR lets a second server take a port in use; elsewhere it only skips TIME_WAIT.
    allow_reuse_address = socket.SO_REUSEADDR is not None and not hasattr(socket, "SO_EXCLUSIVEADDRUSE")

    def __init__(self, host: str, port: int, hub: Hub, *, workbook: bool = False,
                 again: str = "gwstd serve --port {port}", allowed_hosts: tuple[str, ...] = ()) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.hub = hub
        self.workbook = workbook
        self.loopback = is_loopback(host)
        # The names a request may give in Host, beside addresses: on loopback only localhost (a DNS name that
        # resolves to 127.0.0.1 is how a rebinding page gets in); exposed, also this machine's own names
        names = {"localhost"} | {h.strip().lower().rstrip(".") for h in allowed_hosts if h.strip()}
        if not self.loopback:
            names |= _own_names()
        self.names = frozenset(names)
        self._page: tuple[Snapshot, bytes] | None = None
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise PortInUse(_bind_problem(exc, host, port, again)) from None

    @property
    def port(self) -> int:
        return self.server_address[1]

    def allowed_host(self, header: str | None) -> bool:
        """Whether a request's Host header names this server: on loopback, a loopback address or localhost;
        exposed with --host, any address (a rebinding page has only a DNS name to give), this machine's names
        and those of --allow-host. And this server's port."""
        header = (header or "").strip().lower()
        if header.startswith("["):  # [::1]:8000
            name, _, rest = header[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ("" if not rest else "?")
        else:
            name, _, port = header.partition(":")
        name = name.rstrip(".")
        if not (port == str(self.port) or (not port and self.port == 80)):
            return False
        if _address(name) is not None:
            return is_loopback(name) or not self.loopback
        return name in self.names

    def page(self, snapshot: Snapshot) -> bytes:
        """The live page of ``snapshot``, made once for all the requests of that snapshot."""
        made = self._page
        if made is None or made[0] is not snapshot:
            made = self._page = (snapshot, live_page(snapshot, self.state(snapshot)))
        return made[1]

    def state(self, snapshot: Snapshot) -> dict[str, Any]:
        """What the page is told of ``snapshot``."""
        return dict(snapshot.state(), server=self.hub.token, workbook_url=self.workbook_url(snapshot))

    def workbook_url(self, snapshot: Snapshot | None) -> str:
        if not self.workbook or snapshot is None or not snapshot.workbook:
            return ""
        return "/" + quote(Path(snapshot.workbook).name)


def _bind_problem(exc: OSError, host: str, port: int, again: str) -> str:
    """Why the server cannot listen, and the command to run instead (``again``, with {port} to fill)."""
    if exc.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", -1)):
        return (f"端口 {port} 已被占用(可能另一个 gwstd serve 或其他程序正在使用)。请换一个端口,如 "
                f"{again.format(port=port + 1 if port < 65535 else 8000)},或用 --port 0 自动选择空闲端口。")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"没有权限使用端口 {port}(1024 以下的端口通常需要管理员权限)。请换一个端口,如 --port 8000。"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"无法在地址 {host} 上提供预览:本机没有这个地址。请检查 --host,或不写 --host(只供本机访问)。"
    from gwstd.seams.files import os_reason

    return f"无法在 {host}:{port} 上提供预览:{os_reason(exc)}"


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    timeout = SOCKET_TIMEOUT
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s\n"

    def version_string(self) -> str:
        return "gwstd"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # (http.server's own errors: the status line stays latin-1, the Chinese goes in the body)
        self.close_connection = True
        try:
            self._send(code, f"{code} {ERRORS.get(code, '请求无法处理')}\n".encode("utf-8"), "text/plain; charset=utf-8",
                       head=self.command == "HEAD")
        except OSError:
            pass

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # the console shows what was rebuilt, not every request

    def _send(self, status: int, body: bytes, content_type: str, *, head: bool = False,
              extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _not_found(self, head: bool) -> None:
        self._send(404, "404 未找到:预览只提供目录网页本身(请打开 /)。\n".encode("utf-8"),
                   "text/plain; charset=utf-8", head=head)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _refuse(self) -> None:
        self._send(405, "405 不支持这种请求:预览只读,不接受任何命令。\n".encode("utf-8"), "text/plain; charset=utf-8",
                   extra={"Allow": "GET, HEAD"})

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_CONNECT = do_TRACE = _refuse  # noqa: N815

    def _answer(self, *, head: bool) -> None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1:
            self._send(400, "400 请求格式不正确。\n".encode("utf-8"), "text/plain; charset=utf-8", head=head)
            return
        if not self.server.allowed_host(hosts[0] if hosts else None):
            self._send(403, f"403 拒绝访问:请用 http://127.0.0.1:{self.server.port}/ 打开预览"
                       "(其他计算机上用本机的 IP 地址;用域名打开时,启动时加 --allow-host 域名)。\n".encode("utf-8"),
                       "text/plain; charset=utf-8", head=head)
            return
        # (decoded once, and only compared with the addresses above: "/%2e%2e/x" is "/../x", which is none; a
        # request naming the whole address, http://host:port/, is read for its path)
        target = urlsplit(self.path)
        absolute = target.scheme == "http" and target.netloc.lower() == (hosts[0] if hosts else "").lower()
        path = unquote(target.path, errors="replace") if self.path.startswith("/") or absolute else ""
        hub = self.server.hub
        snapshot = hub.snapshot
        if snapshot is None:
            self._send(503, "503 目录正在生成,请稍后刷新。\n".encode("utf-8"), "text/plain; charset=utf-8", head=head,
                       extra={"Retry-After": "1"})
        elif path in PAGES:
            self._send(200, self.server.page(snapshot), "text/html; charset=utf-8", head=head)
        elif path == STATE:
            self._send(200, json.dumps(self.server.state(snapshot), ensure_ascii=False).encode("utf-8"),
                       "application/json; charset=utf-8", head=head)
        elif path == EVENTS:
            self._stream(head)
        elif self.server.workbook_url(snapshot) and path == unquote(self.server.workbook_url(snapshot)):
            self._workbook(snapshot, head)
        elif path == "/favicon.ico":
            self._send(204, b"", "image/x-icon", head=head)
        else:
            self._not_found(head)

    def _workbook(self, snapshot: Snapshot, head: bool) -> None:
        target = Path(snapshot.workbook)
        try:
            body = target.read_bytes()
        except OSError:
            self._not_found(head)
            return
        self._send(200, body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", head=head,
                   extra={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(target.name)}"})

    def _stream(self, head: bool = False) -> None:
        """Server-sent events: the state now, then each new one, with heartbeats between."""
        hub = self.server.hub
        if head:
            self._send(200, b"", "text/event-stream; charset=utf-8", head=True)
            return
        with hub.counting:
            if hub.streams >= MAX_STREAMS:
                self._send(503, "503 打开的预览页面太多。\n".encode("utf-8"), "text/plain; charset=utf-8")
                return
            hub.streams += 1
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            for name, value in SECURITY_HEADERS.items():
                self.send_header(name, value)
            self.end_headers()
            version = -1
            while not hub.closed:
                snapshot = hub.next_after(version, HEARTBEAT_SECONDS)
                if snapshot is None:
                    if hub.closed:
                        break
                    self.wfile.write(b": \n\n")
                else:
                    version = snapshot.version
                    data = json.dumps(self.server.state(snapshot), ensure_ascii=False)  # (one line: no raw line break)
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError):
            pass  # the page was closed or reloaded
        finally:
            with hub.counting:
                hub.streams -= 1


def _own_names() -> set[str]:
    """This machine's host name and fully qualified name, as a browser on the intranet may give them."""
    names: set[str] = set()
    for find in (socket.gethostname, socket.getfqdn):
        try:
            name = find().strip().lower().rstrip(".")
        except OSError:
            continue
        if name:
            names |= {name, name.split(".")[0]}
    return names
