"""Inputs that are not ordinary files: endless devices, FIFOs (alone or inside a catalogue folder), links that
loop or lead nowhere, and outputs onto devices. Each is refused with a Chinese message naming it, and never
waited on."""

from __future__ import annotations

import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from gwstd.seams.files import InputTooLarge, NotRegularFile, os_reason, read_capped

ROOT = Path(__file__).resolve().parents[2]
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")


@pytest.fixture
def catalogue(tmp_path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", target)
    return target


def _unblock(fifo: Path, after: float = 10.0) -> threading.Timer:
    """Open the writing end of ``fifo`` after ``after`` seconds, so that a reader that blocked (the bug) gets an
    end of file and the test fails on its assertions instead of hanging the suite."""
    def release():
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            os.close(fd)
        except OSError:
            pass

    timer = threading.Timer(after, release)
    timer.daemon = True
    timer.start()
    return timer


def test_read_capped_reads_a_regular_file_and_stops_at_the_limit(tmp_path):
    small = tmp_path / "a.yaml"
    small.write_bytes(b"x" * 100)
    assert read_capped(small, 100) == b"x" * 100
    with pytest.raises(InputTooLarge) as caught:
        read_capped(small, 99)
    assert caught.value.size == 100


@needs_dev_zero
def test_read_capped_refuses_a_device_without_reading_it():
    with pytest.raises(NotRegularFile) as caught:
        read_capped("/dev/zero", 1 << 30)
    assert caught.value.kind == "字符设备"


@needs_fifo
def test_read_capped_refuses_a_fifo_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    timer = _unblock(fifo)
    with pytest.raises(NotRegularFile) as caught:
        read_capped(fifo, 1000)
    timer.cancel()
    assert caught.value.kind == "命名管道(FIFO)"


def test_os_errors_are_told_in_chinese():
    import errno

    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links")).startswith("符号链接循环")
    assert "No space" not in os_reason(OSError(errno.ENOSPC, "No space left on device"))
    assert os_reason(OSError(999, "Weird")) == "系统错误 999(Weird)"  # unknown: the number to look up


@needs_dev_zero
@pytest.mark.parametrize("args", [("validate", "/dev/zero"), ("validate", "{cat}", "--baseline", "/dev/zero"),
                                  ("build", "{cat}", "--baseline", "/dev/zero", "-o", "{out}")])
def test_an_endless_device_is_refused_as_not_a_regular_file(gwstd, catalogue, tmp_path, args):
    run = gwstd(*(a.format(cat=catalogue, out=tmp_path / "out") for a in args), "-f" if args[0] == "validate" else "--jobs",
                "json" if args[0] == "validate" else "1")
    assert run.code == 2
    assert "/dev/zero 不是普通文件(是字符设备)" in run.err + run.out
    assert not (tmp_path / "out").exists()


@needs_fifo
@pytest.mark.parametrize("command", ["validate", "build", "stats", "coverage"])
def test_a_fifo_inside_a_catalogue_folder_is_refused_not_waited_on(gwstd, catalogue, tmp_path, command):
    fifo = catalogue / "管道.yaml"
    os.mkfifo(fifo)
    timer = _unblock(fifo)
    args = [command, catalogue] + (["-o", tmp_path / "out"] if command == "build" else [])
    run = gwstd(*args)
    timer.cancel()
    assert run.code == 2
    said = (run.out + run.err).replace("\n", "")  # (a narrow table may wrap the message)
    assert "管道.yaml" in said and "不是普通文件(是命名管道(FIFO))" in said
    assert not (tmp_path / "out").exists()


@needs_fifo
def test_a_fifo_named_on_the_command_line_is_refused(gwstd, tmp_path):
    fifo = tmp_path / "f.yaml"
    os.mkfifo(fifo)
    timer = _unblock(fifo)
    run = gwstd("validate", fifo, "-f", "json")
    timer.cancel()
    assert run.code == 2 and "GW019" in run.out


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need privileges on Windows")
def test_links_that_loop_or_lead_nowhere_say_so(gwstd, tmp_path, catalogue):
    loop, broken = tmp_path / "loop.yaml", tmp_path / "broken.yaml"
    loop.symlink_to(loop.name)
    broken.symlink_to("nothing-here.yaml")
    run = gwstd("validate", loop, broken)
    assert run.code == 2
    assert "loop.yaml" in run.out and "符号链接循环" in run.out
    assert "broken.yaml" in run.out and "符号链接指向的文件不存在" in run.out
    assert "路径不存在" not in run.out
    (catalogue / "环.yaml").symlink_to("环.yaml")  # inside a catalogue folder: the same words
    run = gwstd("validate", catalogue)
    assert run.code == 2 and "环.yaml" in run.out and "符号链接循环" in run.out


def _device(tmp_path: Path) -> Path | None:
    """A character device node to write onto: made with mknod (root), or /dev/null itself otherwise."""
    node = tmp_path / "device"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
        return node
    except (OSError, AttributeError):
        return Path("/dev/null") if os.path.exists("/dev/null") else None


@pytest.mark.parametrize("command", ["validate", "stats", "coverage"])
def test_a_report_is_not_written_onto_a_device(gwstd, catalogue, tmp_path, command):
    device = _device(tmp_path)
    if device is None:
        pytest.skip("no character device to write onto")
    before = os.stat(device)
    run = gwstd(command, catalogue, "-o", device)
    assert run.code == 2
    assert f"无法写入 {device}:它不是普通文件(是字符设备)" in run.err
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev  # the node is still the device


def test_dash_still_means_standard_output(gwstd, catalogue):
    run = gwstd("validate", catalogue, "-f", "json", "-o", "-")
    assert run.code == 0 and run.out.lstrip().startswith("{")


@needs_fifo
@pytest.mark.parametrize("name", ["index.html", "book.css"])
def test_a_template_that_is_not_a_regular_file_is_an_error_not_a_hang(gwstd, catalogue, tmp_path, name):
    templates = tmp_path / "templates"
    templates.mkdir()
    os.mkfifo(templates / name)
    timer = _unblock(templates / name)
    run = gwstd("build", catalogue, "-o", tmp_path / "out", "--only", "html", "--templates", templates)
    timer.cancel()
    assert run.code == 2
    assert f"模板 {templates / name} 不是普通文件(是命名管道(FIFO)),没有读取" in run.err
    assert not (tmp_path / "out" / "html").exists()


def test_a_huge_template_is_not_read(gwstd, catalogue, tmp_path):
    from gwstd.books.html import TEMPLATE_LIMIT

    templates = tmp_path / "templates"
    templates.mkdir()
    with open(templates / "book.css", "wb") as big:
        big.truncate(TEMPLATE_LIMIT + 1)  # sparse: no disk used
    run = gwstd("build", catalogue, "-o", tmp_path / "out", "--only", "html", "--templates", templates)
    assert run.code == 2 and "book.css 超过 4 MB,没有读取" in run.err


@pytest.mark.skipif(not hasattr(__import__("socket"), "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_is_named_for_what_it_is(gwstd, tmp_path):
    import socket

    listener = socket.socket(socket.AF_UNIX)
    path = tmp_path / "s.yaml"
    try:
        listener.bind(str(path))
    except OSError:
        pytest.skip("cannot bind a Unix socket here")
    try:
        run = gwstd("validate", path)
        assert run.code == 2 and "s.yaml 不是普通文件(是套接字)" in run.out
        run = gwstd("stats", path)  # stats names the file too
        assert run.code == 2 and "s.yaml" in run.err
    finally:
        listener.close()


def test_an_endless_standard_input_is_cut_at_the_limit(gwstd, monkeypatch):
    import io
    import sys

    class Endless(io.RawIOBase):
        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            return len(buffer)

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(Endless())))
    run = gwstd("validate", "-")
    assert run.code == 2 and "文件大小超过上限 32.0 MB" in run.out


@pytest.mark.skipif(shutil.which("git") is None, reason="no git here")
def test_an_edition_in_git_is_read_no_further_than_the_files_on_disk(gwstd, tmp_path, monkeypatch):
    import subprocess

    from gwstd.load.read import MAX_FILE_BYTES

    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "catalog", repo / "catalog")
    (repo / "catalog" / "huge.yaml").write_bytes(b"# x\n" * (MAX_FILE_BYTES // 4 + 1))
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "edition"]):
        subprocess.run(["git", *args], cwd=repo, check=True, env=env)
    (repo / "catalog" / "huge.yaml").unlink()
    monkeypatch.chdir(repo)
    run = gwstd("diff", "HEAD", "catalog")
    said = run.out + run.err
    assert "HEAD:catalog/huge.yaml" in said and "超过上限 32.0 MB" in said
    run = gwstd("diff", "no-such-revision", "catalog")
    assert run.code == 2 and "既不是目录文件夹,也不是 git 仓库中的版本" in run.err
