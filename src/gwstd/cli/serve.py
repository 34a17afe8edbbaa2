"""gwstd serve: the HTML book on a local web server, rebuilt and reloaded on every save, problems on the page."""

# No `from __future__ import annotations`: typer reads the command's annotations at start-up.
from pathlib import Path
from typing import Annotated, Optional

import typer

from gwstd.cli.options import BaselineOption, EncodingOption, check_encoding

NAME, SHORT_HELP = "serve", "实时预览网页目录:保存文件后自动更新,问题显示在网页上。"
SHOWN_PER_REFRESH = 5  # problems the console lists after a save; the page lists them all


def command(
    path: Annotated[Optional[str], typer.Argument(
        help="目录文件夹,默认 ./catalog(一个县的目录)。", show_default=False, metavar="[目录]")] = None,
    port: Annotated[int, typer.Option("--port", "-p", min=0, max=65535, metavar="端口",
                                      help="端口,默认 8000;0 表示自动选择空闲端口。")] = 8000,
    host: Annotated[str, typer.Option(
        "--host", metavar="地址",
        help="监听地址,默认 127.0.0.1(只有本机能打开)。如 0.0.0.0 让内网中的其他计算机(如办事大厅的屏幕)也能打开。")
    ] = "127.0.0.1",
    allow_host: Annotated[Optional[list[str]], typer.Option(
        "--allow-host", metavar="域名",
        help="与 --host 一起使用:内网中用这个域名打开预览(可重复)。默认只接受本机的 IP 地址和计算机名。")] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="启动后用默认浏览器打开预览。")] = False,
    excel: Annotated[bool, typer.Option("--excel", help="每次保存后也重新生成 Excel 目录(写入 -o 文件夹)。")] = False,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="文件夹",
                                      help="--excel 时 Excel 目录写入的文件夹(不能在目录文件夹中)。")] = Path("dist"),
    templates: Annotated[Optional[Path], typer.Option(
        "--templates", metavar="文件夹", help="自定义模板文件夹(同 gwstd build);其中的文件改动后也自动更新。")] = None,
    baseline: BaselineOption = None,
    encoding: EncodingOption = None,
) -> None:
    """实时预览:生成网页目录并在本机提供(http://127.0.0.1:8000/),监视目录文件,保存后只重新读取改动的文件,打开的网页自动刷新。
    目录有错误或文件无法读取时,网页底部列出问题(文件、行、说明和建议),有问题的事项在表中标出;无法读取时保留上一次的目录。
    不写入目录文件夹;按 Ctrl+C 停止。"""
    import signal
    import threading

    from gwstd.cli.output import fail
    from gwstd.serve.server import Hub, PortInUse, PreviewServer
    from gwstd.serve.session import NotOneCatalogue, ServeOptions, Session
    from gwstd.serve.watch import watch
    from gwstd.validate.pipeline import ValidateOptions

    check_encoding(encoding)
    if templates is not None and not templates.is_dir():
        fail(f"--templates 指定的{'不是文件夹' if templates.exists() else '模板文件夹不存在'}:{templates}")
    where = path or "catalog"
    options = ServeOptions(templates=templates, excel=out if excel else None,
                           validate=ValidateOptions(encoding=encoding, baseline_file=baseline))
    try:
        session = Session(where, options)
    except NotOneCatalogue as exc:
        fail(str(exc))
    root = session.group.root
    if excel and root is not None and _inside(out, root):
        fail(f"-o {out} 在目录文件夹 {session.group.root_name} 中:预览不写入目录文件夹,请换一个文件夹,"
             f"如 -o {root.resolve().parent / 'dist'}")
    if excel:
        _check_writable(out)
    hub = Hub()
    try:
        server = PreviewServer(host, port, hub, workbook=excel, allowed_hosts=tuple(allow_host or ()),
                               again=f"gwstd serve {_quoted(where)} --port {{port}}")
    except PortInUse as exc:
        fail(str(exc))
    stop = threading.Event()

    def terminated(signum, frame) -> None:  # noqa: ANN001 - SIGTERM ends the preview as Ctrl+C does
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    serving = False
    try:
        snapshot = session.refresh()
        written = session.write_workbook()  # (the first time, before the page is served)
        hub.publish(written or snapshot)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, name="gwstd-serve",
                         daemon=True).start()
        serving = True
        url = _announce(server, host, session.group.root_name, snapshot)
        _told(snapshot, first=True)
        if written is not None:
            _told(written)
        if open_browser:
            import webbrowser

            def show() -> None:
                if not webbrowser.open(url):
                    typer.echo(f"gwstd:未能打开浏览器,请手动打开 {url}", err=True)

            threading.Thread(target=show, daemon=True).start()
        watch(session, hub, stop=stop, told=_told, failed=_failed)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        hub.close()
        if serving:
            server.shutdown()  # (waits for serve_forever to end: it never ends if it never started)
        server.server_close()
        signal.signal(signal.SIGTERM, previous)
    typer.echo("已停止预览。")


def _quoted(text: str) -> str:
    """A path as it can be pasted into this system's shell (cmd.exe and PowerShell take double quotes)."""
    import os

    if not any(c in text for c in " '\"$&;|<>()`\\%^"):
        return text
    if os.name == "nt":
        return f'"{text}"'  # (a Windows path cannot hold a double quote)
    import shlex

    return shlex.quote(text)


def _check_writable(folder: Path) -> None:
    """The --excel folder exists or can be made, and a file can be written in it: said now, not at each save."""
    import tempfile

    from gwstd.cli.output import fail
    from gwstd.seams.files import OutputError, ensure_dir, os_reason

    try:
        ensure_dir(folder)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OutputError as exc:
        fail(f"-o {folder}:{exc}")
    except OSError as exc:
        fail(f"-o {folder} 中无法写入 Excel 目录:{os_reason(exc)}")


def _inside(folder: Path, root: Path) -> bool:
    try:
        folder.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


def _announce(server, host: str, where: str, snapshot) -> str:  # noqa: ANN001
    from gwstd.seams.streams import visible
    from gwstd.serve.server import is_loopback, url_host

    everywhere = host in ("0.0.0.0", "::", "")
    shown = ("::1" if ":" in host else "127.0.0.1") if everywhere else host
    url = f"http://{url_host(shown)}:{server.port}/"
    what = f"({snapshot.items} 个事项)" if snapshot.book else "(目录还不能生成,见下面的问题)"
    typer.echo(f"正在预览 {visible(snapshot.title)}{what}:{url}")
    if not is_loopback(host):
        others = _addresses() if everywhere else [host]
        if others:
            typer.echo("其他计算机上打开:" + "、".join(f"http://{url_host(a)}:{server.port}/" for a in others))
        typer.echo(f"gwstd:警告:--host {visible(host)} 让网络中的其他计算机也能打开这个预览(包括尚未发布的内容)。"
                   "只在可信的内网中使用;不需要时请去掉 --host。", err=True)
    typer.echo(f"正在监视 {visible(where)} 中的文件:保存后网页自动更新。按 Ctrl+C 停止。")
    return url


def _addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback (the hall's screen opens one of them)."""
    import socket

    try:
        found = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    except OSError:
        return []
    return sorted(a for a in found if not a.startswith("127."))


def _told(snapshot, *, first: bool = False) -> None:  # noqa: ANN001
    """One line a refresh, then its first errors (the page lists every problem)."""
    import time

    from gwstd.seams.streams import visible

    stamp = time.strftime("%H:%M:%S", time.localtime(snapshot.built_at))
    if snapshot.workbook_only:  # (the workbook, written after the page: the page's line said the rest)
        unwritten = [p for p in snapshot.problems if p.code == "GW501"]
        if snapshot.workbook:
            typer.echo(f"{stamp} 已写入 {visible(snapshot.workbook)}(用时 {snapshot.seconds:.2f} 秒)")
        elif unwritten:
            typer.echo(f"{stamp} 未能写入 Excel 目录:{visible(unwritten[0].message)}", err=True)
        else:
            typer.echo(f"{stamp} 目录有错误,Excel 目录未更新(修正后自动写入)。", err=True)
        return
    counts = snapshot.counts()
    found = "、".join(f"{n} 个{label}" for n, label in ((counts["error"], "错误"), (counts["warning"], "警告"))
                     if n) or "没有错误和警告"
    what = f"({visible('、'.join(snapshot.changed))})" if snapshot.changed and not first else ""
    if snapshot.broken:
        kept = "网页保留上一次的目录,修正后自动更新" if snapshot.book else "目录还不能生成,修正后自动生成"
        typer.echo(f"{stamp} {visible(snapshot.broken)}:{kept}。", err=True)
    else:
        typer.echo(f"{stamp} {'已生成' if first else '已更新'}{what}:{snapshot.items} 个事项,{found}"
                   f"(用时 {snapshot.seconds:.2f} 秒)")
    errors = [p for p in snapshot.problems if p.severity == "error"]
    for p in errors[:SHOWN_PER_REFRESH]:
        place = p.file + (f":{p.line}" if p.line else "") + (f":{p.column}" if p.column else "")
        typer.echo(f"  {visible(place)}:{visible(p.message)}", err=True)
    if len(errors) > SHOWN_PER_REFRESH:
        typer.echo(f"  ……另有 {len(errors) - SHOWN_PER_REFRESH} 个错误,见网页或 gwstd validate。", err=True)


def _failed(exc: BaseException) -> None:
    typer.echo(f"gwstd:更新预览时出现内部错误({type(exc).__name__}: {exc}),网页保留上一次的目录。"
               "这是 gwstd 的缺陷,请报告。", err=True)
