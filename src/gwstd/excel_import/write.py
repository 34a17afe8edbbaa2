"""Writing an imported catalogue as YAML files (catalog.yaml and one file per domain)."""

from __future__ import annotations

from pathlib import Path

from gwstd.catalogue.model import Catalogue, catalogue_to_data, domain_to_data
from gwstd.catalogue.to_yaml import dump
from gwstd.diagnostics import Diagnostic, codes
from gwstd.seams.files import existing_files, write_files

NOTE = "由 gwstd import 从 Excel 目录导入;源表缺少的内容保持缺失,请运行 gwstd validate 查看。"


def catalogue_files(catalogue: Catalogue) -> dict[str, str]:
    """File name → YAML text for every file of the catalogue."""
    files = {"catalog.yaml": dump(catalogue_to_data(catalogue), schema="../schemas/catalog.schema.json",
                                  comments=(NOTE,))}
    for domain in catalogue.domains:
        files[f"{domain.slug}.yaml"] = dump(domain_to_data(domain), schema="../schemas/domain.schema.json",
                                            comments=(NOTE,))
    return files


def write_catalogue(catalogue: Catalogue, out: Path, *, force: bool = False) -> tuple[list[Path], list[Diagnostic]]:
    """Write the files; without ``force`` nothing is written when any of them exists already."""
    files = catalogue_files(catalogue)
    existing = [out / name for name in existing_files(out, files, force=force)]
    if existing:
        return [], [codes.make("GW407", file=str(p), target=str(p)) for p in existing]
    targets = {out / name: text.encode("utf-8") for name, text in files.items()}
    write_files(targets)  # all of them or none: a full disk leaves no half a catalogue
    return list(targets), []
