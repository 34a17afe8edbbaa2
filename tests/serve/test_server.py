"""The preview's web server, in this process on a free loopback port: what it answers, and what it never does."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time

import pytest

from gwstd.serve.server import Hub, PortInUse, PreviewServer, is_loopback, live_page
from gwstd.serve.session import Problem, Snapshot

BOOK = "<!DOCTYPE html><html><head></head><body><table><tr id=\"a1\" class=\"item\"><td>1</td></tr></table></body></html>"
HOSTILE = "</script><script>window.pwned=1</script><!--"


def _snapshot(version: int = 1, book: int = 1, html: str = BOOK, message: str = "部门 x 不存在") -> Snapshot:
    problem = Problem(severity="error", label="错误", code="GW203", file="catalog/a.yaml", line=12, column=7,
                      message=message, hint="改为 jiaoyu", item="a1")
    return Snapshot(version=version, book=book, html=html, title="示例县政务公开事项标准目录", problems=(problem,),
                    built_at=time.time(), items=1)


def _running(host: str, **options):
    """A preview server on a free port of ``host``, serving one snapshot, until the test ends."""
    hub = Hub()
    hub.publish(_snapshot())
    server = PreviewServer(host, 0, hub, **options)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    hub.close()
    server.shutdown()
    server.server_close()


@pytest.fixture
def served():
    yield from _running("127.0.0.1")


def _request(server, path: str, *, method: str = "GET", host: str | None = None, body: bytes | None = None):
    """The raw request, the path sent exactly as written (no client-side normalising of dots)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    connection.putheader("Host", host if host is not None else f"127.0.0.1:{server.port}")
    if body is not None:
        connection.putheader("Content-Length", str(len(body)))
    connection.endheaders(body)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def test_the_page_is_the_book_with_the_live_script_and_its_state(served):
    response, data = _request(served, "/")
    assert response.status == 200 and response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-store"
    assert "default-src 'none'" in response.getheader("Content-Security-Policy")
    page = data.decode("utf-8")
    assert page.index('id="a1"') < page.index('id="gwstd-live-script"') < page.index("</body>")
    assert _request(served, "/index.html?q=%E5%AD%A6%E6%A0%A1")[1] == data


def test_problems_in_the_page_cannot_end_its_script():
    page = live_page(_snapshot(message=HOSTILE), {"problems": [{"message": HOSTILE}]}).decode("utf-8")
    assert HOSTILE not in page and "window.pwned" in page
    state = page.split('<script id="gwstd-live-state" type="application/json">')[1].split("</script>")[0]
    assert json.loads(state)["problems"][0]["message"] == HOSTILE


@pytest.mark.parametrize("path", [
    "/../catalog.yaml", "/%2e%2e/catalog.yaml", "/%2E%2E%2Fcatalog.yaml", "/..%2fcatalog.yaml", "/..%5ccatalog.yaml",
    "/index.html/../catalog.yaml", "//etc/passwd", "/catalog.yaml", "/yiwu-jiaoyu.yaml", "/html/", "/html/index.html",
    "/.git/config", "/templates/book.js", "/__gwstd/", "/__gwstd", "/%00", "/%ff%fe", "/index.html%00.yaml",
    "/" + "a" * 5000, "http://example.com/", "*", "/index.html/", "/.",
])
def test_only_the_book_is_served(served, path):
    response, data = _request(served, path)
    assert response.status in (404, 414), (path, response.status)
    assert b"<html" not in data.lower() and b"catalog" not in data.lower().replace(b"catalog.yaml", b"")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
@pytest.mark.parametrize("path", ["/", "/__gwstd/events", "/__gwstd/state"])
def test_nothing_is_accepted_but_reading(served, method, path):
    response, data = _request(served, path, method=method, body=b'{"reload": true}')
    assert response.status == 405 and response.getheader("Allow") == "GET, HEAD"
    assert "不接受任何命令" in data.decode("utf-8")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "", "localhost:1"])
def test_a_page_elsewhere_cannot_reach_the_preview_through_its_name(served, host):
    response, _ = _request(served, "/", host=host)
    assert response.status == 403


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST", "127.0.0.2", "[::ffff:127.0.0.1]", "[::1]"])
def test_the_loopback_names_are_served(served, name):
    assert _request(served, "/", host=f"{name}:{served.port}")[0].status == 200


def test_the_state_is_json(served):
    response, data = _request(served, "/__gwstd/state")
    state = json.loads(data)
    assert response.status == 200 and state["counts"]["error"] == 1 and state["server"] == served.hub.token
    assert state["problems"][0] == {"severity": "error", "label": "错误", "code": "GW203", "file": "catalog/a.yaml",
                                    "line": 12, "column": 7, "message": "部门 x 不存在", "hint": "改为 jiaoyu",
                                    "item": "a1"}


def _events(server):
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    sock.sendall(f"GET /__gwstd/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
    reader = sock.makefile("rb")
    head = []
    while (line := reader.readline()) not in (b"\r\n", b""):
        head.append(line.decode())
    return sock, reader, head


def _next_event(reader) -> dict:
    data = None
    while (line := reader.readline()) != b"":
        if line.startswith(b"data: "):
            data = json.loads(line[6:])
        elif line == b"\n" and data is not None:
            return data
    raise AssertionError("the stream ended")


def test_the_event_stream_sends_the_state_now_and_each_new_one(served):
    sock, reader, head = _events(served)
    try:
        assert head[0].startswith("HTTP/1.0 200") and "Content-Type: text/event-stream; charset=utf-8\r\n" in head
        assert _next_event(reader)["version"] == 1
        served.hub.publish(_snapshot(version=2, book=2))
        started = time.monotonic()
        second = _next_event(reader)
        assert second["version"] == 2 and second["book"] == 2 and time.monotonic() - started < 1
    finally:
        sock.close()


def test_the_event_stream_ends_when_the_server_closes(served):
    sock, reader, _ = _events(served)
    try:
        _next_event(reader)
        served.hub.close()
        started = time.monotonic()
        assert reader.read() == b"" and time.monotonic() - started < 2
    finally:
        sock.close()


def test_a_port_in_use_is_said_in_chinese_with_what_to_do():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        with pytest.raises(PortInUse) as caught:
            PreviewServer("127.0.0.1", port, Hub())
    finally:
        taken.close()
    assert f"端口 {port} 已被占用" in str(caught.value) and f"--port {port + 1}" in str(caught.value)
    assert "--port 0" in str(caught.value)


def test_an_address_the_machine_does_not_have_is_said_in_chinese():
    with pytest.raises(PortInUse, match="本机没有这个地址"):
        PreviewServer("192.0.2.1", 0, Hub())  # TEST-NET-1: never a local address


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("::ffff:127.0.0.1", True),
    ("localhost", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("example.org", False)])
def test_loopback_is_any_loopback_address(host, loopback):
    assert is_loopback(host) is loopback


@pytest.fixture
def exposed():
    """A preview as --host 0.0.0.0 --allow-host gwstd.county.example gives it."""
    yield from _running("0.0.0.0", allowed_hosts=("GWSTD.county.example",))


def test_exposed_the_preview_answers_its_addresses_and_names_not_any_name(exposed):
    port = exposed.port
    own = socket.gethostname().lower()
    for host in (f"192.168.1.5:{port}", f"127.0.0.1:{port}", f"localhost:{port}", f"{own}:{port}",
                 f"gwstd.county.example:{port}", f"[fe80::1]:{port}"):
        assert _request(exposed, "/", host=host)[0].status == 200, host
    for host in (f"evil.example:{port}", "192.168.1.5:1", f"gwstd.county.example.evil.example:{port}", ""):
        response, data = _request(exposed, "/", host=host)
        assert response.status == 403 and "--allow-host" in data.decode("utf-8"), host


def test_a_head_of_the_event_stream_is_answered_without_a_stream(served):
    response, data = _request(served, "/__gwstd/events", method="HEAD")
    assert response.status == 200 and response.getheader("Content-Type").startswith("text/event-stream")
    assert data == b""
