"""The category vocabulary of rules/categories.yaml: which cells are 一级/二级 labels and
which dimension (quantity, timeliness, satisfaction…) a row measures."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Optional

from ..util import cache, memo
from ..util.normalize import compact, unbracketed
from ..util.paths import default_rules_dir


@dataclass(frozen=True)
class Categories:
    level1: dict          # label -> level-1 group key
    level2: dict          # label -> dimension key
    parents: dict         # dimension -> tuple of level-1 group keys
    hints: tuple          # ((dimension, (hint, ...)), ...) in priority order
    captions: frozenset
    names: dict           # dimension -> display label
    level1_names: dict    # level-1 group -> its first spelling, for a label the table never printed
    # what a cell's text was found to be, by text: readers ask for every cell of every table
    memo1: dict = field(default_factory=dict, compare=False, repr=False)
    memo2: dict = field(default_factory=dict, compare=False, repr=False)

    def level1_group(self, text: str) -> Optional[str]:
        return _lookup(self.level1, text, self.memo1)

    def dimension_of_label(self, text: str) -> Optional[str]:
        return _lookup(self.level2, text, self.memo2)

    def label_kind(self, text: str) -> Optional[str]:
        """"level1", "level2" or None, by wording alone: a label that can be either (成本指标)
        is taken as 二级, the role it has in most tables."""
        if self.dimension_of_label(text):
            return "level2"
        return "level1" if self.level1_group(text) else None

    def dimension_of_level1(self, text: str) -> Optional[str]:
        """The dimension a 一级 label implies when only one dimension sits under it (满意度指标,
        成本指标 as a 一级 category)."""
        group = self.level1_group(text)
        under = [dimension for dimension, groups in self.parents.items() if group in groups]
        return under[0] if group and len(under) == 1 else None

    def is_caption(self, text: str) -> bool:
        return compact(text) in self.captions

    def dimension_from_name(self, name: str) -> Optional[str]:
        found = self.hint_pattern.match(name)
        return found.lastgroup if found else None

    @cached_property
    def hint_pattern(self) -> "re.Pattern":
        """The name hints as one search: the first dimension, in priority order, with a hint anywhere
        in the name (each branch looks ahead over the whole name; the first that holds matches)."""
        branches = "|".join(f"(?=.*?(?:{'|'.join(map(re.escape, words))}))(?P<{dimension}>)"
                            for dimension, words in self.hints)
        return re.compile(f"(?:{branches})", re.DOTALL)


@lru_cache(maxsize=None)
def load(path: Optional[str] = None) -> Categories:
    source = Path(path) if path else default_rules_dir() / "categories.yaml"
    data = cache.bundled("categories", source)
    level1 = {compact(label): group for group, labels in data["level1"].items() for label in labels}
    level2, parents, hints, names = {}, {}, [], {}
    for dimension, spec in data["dimensions"].items():
        names[dimension] = spec["label"]
        parents[dimension] = tuple(spec["level1"])
        for label in spec["level2"]:
            level2[compact(label)] = dimension
        if spec.get("name_hints"):
            hints.append((dimension, tuple(spec["name_hints"])))
    level1_names = {group: labels[0] for group, labels in data["level1"].items()}
    return Categories(level1, level2, parents, tuple(hints),
                      frozenset(compact(c) for c in data["grid_captions"]), names, level1_names)


def _lookup(labels: dict, text: str, known: dict) -> Optional[str]:
    if text in known:
        return known[text]
    key = compact(text)
    found = labels.get(key)
    if found is None and "(" in key:
        found = labels.get(unbracketed(key))
    if len(known) < memo.SIZE:
        known[text] = found
    return found
