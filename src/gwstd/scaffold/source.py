"""Where a catalogue repository's automation gets gwstd from: `gwstd init --source SPEC`, kept in the
repository as `.gwstd/source` (one line) so that `gwstd init --update` and the CI files agree.

Three kinds of SPEC:
- a version on the package index (the default: ``gwstd==<the version that scaffolded it>``, or a bare
  version such as ``0.1.0``): pip installs it from the index pip is configured for (PyPI or an intranet
  mirror); pre-commit installs it the same way, into the hook's own environment;
- a git URL with a revision, ``git+https://host/gwstd.git@v0.1.0`` (``git+file:///path@rev`` for a local
  clone): pip installs from that URL; pre-commit uses that repository's own hook at that revision;
- a folder (or one wheel in it) inside the repository, such as ``vendor/``, holding gwstd's wheel and those
  of its dependencies (prepared with `pip download`): pip installs with ``--no-index --find-links`` there,
  so no internet is needed (government intranets).
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass
from enum import Enum

SOURCE_FILE = ".gwstd/source"

# The hook, as this repository's .pre-commit-hooks.yaml defines it (a test keeps the two equal): written out
# in a county's config when pre-commit cannot clone gwstd's repository (index and folder sources).
HOOK = {
    "id": "gwstd-validate",
    "name": "gwstd validate(政务公开目录检查)",
    "entry": "gwstd validate --whole-catalogue",
    "language": "python",
    "files": r"(^|/)catalog/.*\.ya?ml$",
    "require_serial": True,
}


class Kind(str, Enum):
    index = "index"
    git = "git"
    folder = "folder"


class SourceError(ValueError):
    """A SPEC gwstd cannot use; the message is for users (Chinese)."""


@dataclass(frozen=True, slots=True)
class Source:
    spec: str  # as kept in .gwstd/source
    kind: Kind
    requirement: str  # what pip is asked for: gwstd==0.1.0, git+…@rev
    find_links: str = ""  # the folder of wheels, relative to the repository (folder sources)
    repo: str = ""  # git sources: the repository pre-commit clones, and the revision
    rev: str = ""

    @property
    def pip_args(self) -> str:
        """The arguments of `python -m pip install`, quoted for a shell."""
        args = ["--no-index", "--find-links", self.find_links] if self.kind is Kind.folder else []
        return " ".join(shlex.quote(a) for a in [*args, self.requirement])


_VERSION = re.compile(r"^\d+(\.\d+)*([a-z]+\d*)?(\.post\d+)?(\.dev\d+)?$")
_WHEEL = re.compile(r"^gwstd-(?P<version>[^-]+)-.+\.whl$")


def parse(spec: str | None, *, version: str) -> Source:
    """The source a SPEC names (None or blank: the index, at ``version``)."""
    spec = (spec or "").strip() or f"gwstd=={version}"
    if spec.startswith("git+"):
        url, at, rev = spec.rpartition("@")
        if not at or not rev or "/" in rev or url.endswith(("git+https:", "git+ssh:", "git+file:")) or "://" not in url:
            raise SourceError(f"git 来源要写明版本(标签或提交),如 git+https://example.gov.cn/gwstd.git@v{version},"
                              f"而不是「{spec}」")
        repo = url[len("git+"):]
        if repo.startswith("file://"):
            repo = repo[len("file://"):]  # pre-commit takes a local repository by its path
        # the bare URL rather than "gwstd @ URL": pip before 23.3 refuses a file: URL in that form
        return Source(spec, Kind.git, spec, repo=repo, rev=rev)
    if spec.startswith("gwstd==") or _VERSION.match(spec):
        pinned = spec[len("gwstd=="):] if spec.startswith("gwstd==") else spec
        if not _VERSION.match(pinned):
            raise SourceError(f"「{spec}」不是有效的版本号(应如 gwstd=={version})")
        return Source(f"gwstd=={pinned}", Kind.index, f"gwstd=={pinned}")
    path = spec.replace("\\", "/")
    if "://" in path or path.startswith("/") or re.match(r"^[A-Za-z]:", path) or ".." in path.split("/"):
        raise SourceError(f"「{spec}」不是可用的来源:可写版本号(gwstd=={version})、带版本的 git 地址"
                          "(git+https://…@v…)或本仓库中存放安装包的文件夹(如 vendor/)")
    path = posixpath.normpath(path)
    wheel = _WHEEL.match(posixpath.basename(path))
    if path.endswith(".whl"):
        if wheel is None:
            raise SourceError(f"「{spec}」不是 gwstd 的安装包(文件名应如 gwstd-{version}-….whl)")
        folder, pinned = posixpath.dirname(path) or ".", wheel["version"]
    else:
        folder, pinned = path, version
    return Source(spec, Kind.folder, f"gwstd=={pinned}", find_links=folder)


def pre_commit_config(source: Source) -> str:
    """The county's .pre-commit-config.yaml for ``source``."""
    head = ("# 每次提交前检查目录文件:每个改动的文件所属的整个目录都检查。\n"
            "# 安装:pip install pre-commit && pre-commit install(gwstd 由 pre-commit 装在它自己的环境中)。\n"
            f"# gwstd 的来源见 {SOURCE_FILE};修改后运行 gwstd init --update . 更新本文件和 CI 配置。\n")
    if source.kind is Kind.git:
        return head + (f"repos:\n  - repo: {_quote(source.repo)}\n    rev: {_quote(source.rev)}\n"
                       f"    hooks:\n      - id: {HOOK['id']}\n")
    note = ""
    if source.kind is Kind.folder:
        note = ("# 内网(不联网)使用:pre-commit 安装 gwstd 时要让 pip 从本仓库的安装包文件夹安装,每台电脑设置一次\n"
                f"#   PIP_NO_INDEX=1 和 PIP_FIND_LINKS=<本仓库的完整路径>/{source.find_links}(见 README)。\n")
    lines = [f"      - id: {HOOK['id']}",
             f"        name: {HOOK['name']}",
             f"        entry: {HOOK['entry']}",
             f"        language: {HOOK['language']}",
             f"        additional_dependencies: [{_quote(source.requirement, always=True)}]",
             f"        files: {_quote(HOOK['files'], always=True)}",
             "        require_serial: true"]
    return head + note + "repos:\n  - repo: local\n    hooks:\n" + "\n".join(lines) + "\n"


def _quote(text: str, *, always: bool = False) -> str:
    """``text`` as a YAML scalar: single-quoted when it could be read as something else."""
    if always or not re.match(r"^[\w./~+-][\w./~+@:=-]*$", text):
        return "'" + text.replace("'", "''") + "'"
    return text
