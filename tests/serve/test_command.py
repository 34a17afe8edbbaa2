"""gwstd serve as a user runs it: a real process, its console, its exit codes and how it stops."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from servekit import command, edit, serving, start

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="signals as POSIX sends them")


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_it_serves_the_book_says_where_and_stops_on_ctrl_c_within_2_seconds(sample_catalog):
    with serving(sample_catalog) as served:
        assert served.url.startswith("http://127.0.0.1:")
        assert f"正在预览 示例县政务公开事项标准目录(167 个事项):{served.url}" in served.out
        assert "按 Ctrl+C 停止" in served.out and "已生成:167 个事项,没有错误和警告" in served.out
        status, page = _get(served.url)
        assert status == 200 and "区域内学校基本情况".encode() in page and b"gwstd-live-script" in page
        assert _get(served.url + "../catalog.yaml")[0] == 404
        seconds = served.stop()
    assert seconds < 2, seconds
    assert served.process.returncode == 0 and "已停止预览。" in served.out
    assert served.err == ""


@pytest.mark.slow
def test_sigterm_stops_it_as_cleanly(sample_catalog):
    with serving(sample_catalog) as served:
        started = time.monotonic()
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(5)
        assert time.monotonic() - started < 2
        served.wait_for_output("已停止预览。")
    assert served.process.returncode == 0


def test_a_save_is_said_on_the_console_and_served(sample_catalog):
    with serving(sample_catalog) as served:
        edit(sample_catalog / "yiwu-jiaoyu.yaml", "区域内学校基本情况", "区域内学校基本情况(预览)")
        served.wait_for_output("已更新(")
        assert f"已更新({sample_catalog / 'yiwu-jiaoyu.yaml'}):167 个事项" in served.out
        assert "区域内学校基本情况(预览)".encode() in _get(served.url)[1]
        edit(sample_catalog / "yiwu-jiaoyu.yaml", "区域内学校基本情况(预览)", "区域内学校基本情况\n  - : [")
        served.wait_for_output("网页保留上一次的目录", stream="err")
        assert f"{sample_catalog / 'yiwu-jiaoyu.yaml'} 第 " in served.err and "行无法读取" in served.err
        assert f"{sample_catalog / 'yiwu-jiaoyu.yaml'}:" in served.err.split("网页保留上一次的目录")[1]
        assert "区域内学校基本情况(预览)".encode() in _get(served.url)[1]  # the last good book


def test_a_port_in_use_gets_the_chinese_message_and_exit_2(sample_catalog):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        run = subprocess.run(command(sample_catalog, "--port", str(port)), capture_output=True, timeout=30)
    finally:
        taken.close()
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2, err
    assert f"端口 {port} 已被占用" in err and f"gwstd serve {sample_catalog} --port {port + 1}" in err
    assert "Traceback" not in err
    assert run.stdout == b""


@pytest.mark.slow
@pytest.mark.parametrize("make, args, message", [
    (lambda tmp, cat: tmp / "missing", (), "没有找到可预览的目录"),
    (lambda tmp, cat: _province(tmp, cat), (), "一次预览一个县"),
    (lambda tmp, cat: cat, ("--excel", "-o", "{cat}/dist"), "预览不写入目录文件夹"),
    (lambda tmp, cat: cat, ("--templates", "{tmp}/nothing"), "模板文件夹不存在"),
    (lambda tmp, cat: cat, ("--port", "70000"), "用法错误"),
    (lambda tmp, cat: cat, ("--excel", "-o", "{cat}/catalog.yaml/sub"), "-o {cat}/catalog.yaml/sub"),
    (lambda tmp, cat: _text_file(tmp), (), "不是目录文件夹,也不是目录中的 YAML 文件"),
    (lambda tmp, cat: cat, ("--encoding", "no-such-codec"), "不存在"),
])
def test_what_it_cannot_serve_gets_a_message_and_exit_2(tmp_path, sample_catalog, make, args, message):
    folder = make(tmp_path, sample_catalog)
    args = [a.format(cat=sample_catalog, tmp=tmp_path) for a in args]
    message = message.format(cat=sample_catalog, tmp=tmp_path)
    run = subprocess.run(command(folder, "--port", "0", *args), capture_output=True, timeout=30)
    err = run.stderr.decode("utf-8")
    assert run.returncode == 2 and message in err and "Traceback" not in err, err
    assert not (sample_catalog / "dist").exists()


def _text_file(tmp_path):
    (tmp_path / "notes.txt").write_text("说明", encoding="utf-8")
    return tmp_path / "notes.txt"


def _province(tmp_path, catalogue):
    for county in ("a", "b"):
        shutil.copytree(catalogue, tmp_path / "province" / county)
    return tmp_path / "province"


@pytest.mark.slow
def test_another_host_is_served_with_a_warning(sample_catalog):
    with serving(sample_catalog, "--host", "0.0.0.0", "--allow-host", "gwstd.county.intranet") as served:
        served.wait_for_output("--host 0.0.0.0 让网络中的其他计算机也能打开这个预览", stream="err")
        assert "其他计算机上打开:http://" in served.out or not _has_lan_address()
        assert served.url.startswith("http://127.0.0.1:")
        port = served.url.rstrip("/").rsplit(":", 1)[1]
        # the hall's screen opens it by an address of the machine, or by the intranet name it was given
        for host in (f"192.0.2.7:{port}", f"gwstd.county.intranet:{port}"):
            request = urllib.request.Request(served.url, headers={"Host": host})
            with urllib.request.urlopen(request, timeout=5) as response:
                assert response.status == 200
        # and not by any other name (a rebinding page's)
        request = urllib.request.Request(served.url, headers={"Host": f"county-screen.evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 403


@pytest.mark.slow
def test_excel_rewrites_the_workbook_into_the_output_folder(sample_catalog, tmp_path):
    out = tmp_path / "out"
    with serving(sample_catalog, "--excel", "-o", str(out)) as served:
        workbook = next(out.glob("*.xlsx"))
        assert f"已写入 {workbook}" in served.out
        before = workbook.stat().st_mtime_ns
        edit(sample_catalog / "yiwu-jiaoyu.yaml", "区域内学校基本情况", "区域内学校基本情况(表)")
        served.wait_for_output("已更新(")
        written = f"已写入 {workbook}(用时"
        deadline = time.monotonic() + 10
        while served.out.split("已更新(")[1].count(written) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert written in served.out.split("已更新(")[1]  # after the page's line: the workbook takes longer
        assert workbook.stat().st_mtime_ns != before
        from urllib.parse import quote

        status, data = _get(served.url + quote(workbook.name))
        assert status == 200 and data == workbook.read_bytes()
    assert sorted(p.name for p in out.iterdir()) == [workbook.name]  # no temporary file left


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["gbk", "cp936"])
def test_a_chinese_console(sample_catalog, encoding):
    with serving(sample_catalog, env={"PYTHONIOENCODING": encoding}) as served:
        assert "正在预览 示例县政务公开事项标准目录" in served.out
    assert served.process.returncode == 0 and "已停止预览。" in served.out


@pytest.mark.slow
def test_it_never_writes_into_the_catalogue_folder(sample_catalog):
    with serving(sample_catalog) as served:
        edit(sample_catalog / "yiwu-jiaoyu.yaml", "区域内学校基本情况", "区域内学校基本情况(四)")
        served.wait_for_output("已更新(")
        listing = sorted(p.name for p in sample_catalog.rglob("*"))
    assert listing == sorted(p.name for p in sample_catalog.rglob("*"))
    assert not [name for name in listing if name.startswith(".") or name.endswith((".html", ".tmp", ".xlsx"))]


@pytest.mark.slow
def test_two_previews_of_the_same_port_the_second_refused(sample_catalog):
    with serving(sample_catalog) as first:
        port = first.url.rsplit(":", 1)[1].strip("/")
        second = start(sample_catalog, "--port", port)
        assert second.process.wait(30) == 2
        assert f"端口 {port} 已被占用" in second.err


def _has_lan_address() -> bool:
    try:
        return any(not info[4][0].startswith("127.") for info in
                   socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET))
    except OSError:
        return False


@pytest.mark.slow
def test_a_file_that_does_not_load_at_start_is_said_as_such(sample_catalog):
    domain = sample_catalog / "yiwu-jiaoyu.yaml"
    domain.write_text(domain.read_text(encoding="utf-8") + "  - name: [坏\n", encoding="utf-8")
    with serving(sample_catalog) as served:
        assert "(目录还不能生成,见下面的问题)" in served.out
        served.wait_for_output("目录还不能生成,修正后自动生成。", stream="err")
        assert "网页保留上一次的目录" not in served.err
        edit(domain, "  - name: [坏\n", "")
        served.wait_for_output("已更新(")
        assert "区域内学校基本情况".encode() in _get(served.url)[1]
