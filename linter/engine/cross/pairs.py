"""The pairing file (``--pairs FILE``): pairs of tables that matching cannot decide, in YAML::

    pairs:
      - target: 2022/目标表.xlsx              # a 自评表 and its approved target table
        self-evaluation: 2022/自评表.xlsx
      - earlier: {file: 2021.txt, project: 内涵建设经费}   # the same project in two years
        later: {file: 2022.txt, project: 内涵建设经费}

Paths are relative to the pairing file. A file that holds several tables needs ``project:``. The
file is read and checked before any output (a bad one stops the run with one line, exit 2); a
table it names that the run did not read becomes a note (``problems``), not a pair.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from ...util import yamlsafe
from ...util.errors import JxlintError
from ...util.paths import schema_path
from .match import APPROVED, FROM_FILE, PREVIOUS_YEAR, Pair, Sheet
from .names import project_key

SIDES = {APPROVED: ("self-evaluation", "target"), PREVIOUS_YEAR: ("later", "earlier")}  # (this, other)


@dataclass(frozen=True)
class Named:
    """One table named in the file: its file, its project (or None), and where it is written."""

    path: str
    project: Optional[str]
    where: str


@dataclass(frozen=True)
class Entry:
    relation: str
    this: Named
    other: Named


class PairsFile:
    def __init__(self, entries: List[Entry], name: str):
        self.entries, self.name = entries, name

    @classmethod
    def load(cls, name: str) -> "PairsFile":
        from jsonschema import Draft202012Validator

        path = Path(name)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            raise JxlintError(f"{name}: 无法读取配对文件：{error.strerror or error}") from None
        except UnicodeDecodeError:
            raise JxlintError(f"{name}: 配对文件必须是 UTF-8 编码") from None
        tree, data = yamlsafe.load(text, name)
        validator = Draft202012Validator(json.loads(schema_path("pairs.schema.json").read_text(encoding="utf-8")))
        error = yamlsafe.schema_error(validator, data)
        if error:
            keys, message, at_value = error
            raise JxlintError(f"{yamlsafe.where(name, tree, keys, at_value)}: 配对文件无效：{message}")
        entries = []
        for i, item in enumerate(data["pairs"]):
            relation = APPROVED if "target" in item else PREVIOUS_YEAR
            this, other = (cls._named(item[side], path.parent, yamlsafe.where(name, tree, ("pairs", i, side), True))
                           for side in SIDES[relation])
            entries.append(Entry(relation, this, other))
        return cls(entries, name)

    @staticmethod
    def _named(spec, base: Path, where: str) -> Named:
        file, project = (spec, None) if isinstance(spec, str) else (spec["file"], spec.get("project"))
        path = base / file
        if not path.is_file():
            raise JxlintError(f"{where}: 配对文件里的“{file}”不存在（路径相对于配对文件）")
        return Named(os.path.realpath(path), project, where)

    def resolve(self, sheets: List[Sheet]) -> Tuple[List[Pair], List[str]]:
        """The pairs the file names, among the tables of the run, and a note for each it could not make."""
        by_file = {}
        for sheet in sheets:
            by_file.setdefault(os.path.realpath(sheet.path), []).append(sheet)
        pairs, problems = [], []
        for entry in self.entries:
            found = [self._find(named, by_file.get(named.path, [])) for named in (entry.this, entry.other)]
            missing = [text for text in found if isinstance(text, str)]
            if missing:
                problems.extend(missing)
            else:
                pairs.append(Pair(entry.relation, found[0], found[1], FROM_FILE))
        return pairs, problems

    @staticmethod
    def _find(named: Named, sheets: List[Sheet]):
        """The sheet named, or why there is none (a note)."""
        if named.project is not None:
            sheets = [s for s in sheets if s.key == project_key(named.project)]
        if len(sheets) == 1:
            return sheets[0]
        shown = f"“{named.project}”" if named.project else "表"
        if not sheets:
            return f"{named.where}: 本次检查没有读到{shown}（文件未检查、读取失败或项目名称不符），此对未比对"
        return f"{named.where}: 文件里有 {len(sheets)} 张{shown}，请用 project: 写明是哪一张，此对未比对"
