"""Which tables of a run belong together.

- approved: a 自评表 and the 绩效目标表 approved for the same project, the same year and the same
  unit (units that differ only slightly count as one).
- previous-year: the same project in consecutive years. Each year is represented by its target
  table where the run holds one (the approved targets), else by its 自评表 (whose 年度指标值 are
  that year's targets). The unit decides where the name leaves a choice; where the run holds the
  project under one other unit only in the year before, the two are paired and the pair is
  marked ``units_differ`` (the seeds' 市级统筹引导实施的教育项目 moves between units from year to year).

Names are compared by ``names.project_key`` and, for what is left, by the fuzzy measure. Both
tables of a pair must name the same 主管部门 where both name one. Pairs from a pairing file
(``--pairs``) come first; their tables are not matched again for that relation.
"""
from __future__ import annotations

from collections import defaultdict
import pickle
import sys
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, NamedTuple, Optional, Set, Tuple

from ...model.table import SELF_EVALUATION, TARGET, Table
from .names import NAME_THRESHOLD, UNIT_THRESHOLD, Groups, Index, alike, project_key, similarity, unit_key

APPROVED, PREVIOUS_YEAR = "approved", "previous-year"
Slot = Tuple[Optional[int], str]  # (year, kind): the tables a table could pair with share one of its partner slots
RELATIONS = {APPROVED: "自评表 ↔ 批复的绩效目标表", PREVIOUS_YEAR: "本年度 ↔ 上年度"}
FROM_FILE = "配对文件"


class Sheet(NamedTuple):
    """A table of the run as matching sees it: where it is, what it is, and the names matching
    compares (worked out once). The table itself waits in the cross stage's spill, at ``spot``:
    a run keeps only this much of each table in memory (the texts that recur are interned: one copy)."""

    path: str
    index: int                   # of the table in its file
    project: str                 # the 项目名称 as read
    kind: str
    printed_year: str            # the 年度 as printed
    year: Optional[int]
    key: str                     # names.project_key of the 项目名称
    unit: str                    # the 实施单位 as printed, spacing collapsed
    department: str              # names.unit_key of the 主管部门
    printed_department: str
    spot: int = -1

    @classmethod
    def of(cls, table: Table, index: int, spot: int = -1) -> "Sheet":
        unit, department = " ".join(table.field("unit").text.split()), table.field("department").text
        return cls(table.path, index, table.project, table.kind, sys.intern(table.year.text), table.year_number,
                   project_key(table.project), sys.intern(unit), sys.intern(unit_key(department)), sys.intern(department),
                   spot)


class Kept(NamedTuple):
    """A table kept for the cross stage as it travels from the process that checked it: its Sheet
    (worked out there) and the table pickled once, which the spill stores as it is."""

    sheet: Sheet
    table: bytes

    @classmethod
    def of(cls, table: Table, index: int) -> "Kept":
        return cls(Sheet.of(table, index), pickle.dumps(table, pickle.HIGHEST_PROTOCOL))


@dataclass(frozen=True)
class Pair:
    relation: str
    this: Sheet       # the 自评表, or the later year's table: its findings land here
    other: Sheet      # the approved target table, or the year before's
    basis: str        # how the two were matched, in words
    units_differ: bool = False


@dataclass
class Matching:
    pairs: List[Pair]
    unmatched: List[Sheet]
    unit_variants: List[Tuple[str, ...]] = field(default_factory=list)  # spellings of one unit
    apart: List[Pair] = field(default_factory=list)  # alike in name only: other unit, no indicator in common


def match(sheets: Iterable[Sheet], explicit: Iterable[Pair] = ()) -> Matching:
    sheets = list(sheets)
    pairs = list(explicit)
    units = _unit_groups(sheets)
    clusters = _name_clusters([s for s in sheets if s.key])
    for relation, pairer in ((APPROVED, _approved), (PREVIOUS_YEAR, _previous_year)):
        fixed = [p for p in pairs if p.relation == relation]
        this_taken = {id(p.this) for p in fixed}
        other_taken = {id(p.other) for p in fixed}
        for cluster in clusters:
            pairs.extend(pairer(cluster, units, this_taken, other_taken))
    paired = {id(s) for p in pairs for s in (p.this, p.other)}
    return Matching(pairs, [s for s in sheets if id(s) not in paired], _variants(sheets, units))


def basis(this: Sheet, other: Sheet) -> str:
    if this.project == other.project:
        return "项目名称相同"
    if this.key == other.key:
        return "项目名称去掉空格、括号和年份后相同"
    return f"项目名称相近（相似度 {similarity(this.key, other.key):.0f}）"


def _name_clusters(sheets: List[Sheet]) -> List[List[Sheet]]:
    """Sheets whose names are the same key, or close keys of tables that could pair (the same year
    and another kind, or a year apart): the fuzzy measure runs only where a pair is possible, so a
    run of one year's target tables costs no fuzzy comparison at all."""
    by_key: Dict[str, List[Sheet]] = defaultdict(list)
    slots: Dict[Slot, Set[str]] = defaultdict(set)
    for sheet in sheets:
        by_key[sheet.key].append(sheet)
        slots[sheet.year, sheet.kind].add(sheet.key)
    partners = {slot: [p for p in _partner_slots(slot) if p in slots] for slot in slots}
    head: Dict[str, str] = {}
    if any(partners.values()):
        _join_close_keys(by_key, slots, partners, head)

    clusters: Dict[str, List[Sheet]] = defaultdict(list)
    for key, members in by_key.items():
        clusters[_root(head, key)].extend(members)
    return [cluster for cluster in clusters.values() if len(cluster) > 1]


def _join_close_keys(by_key, slots, partners, head: Dict[str, str]) -> None:
    """Link each key (``head``, a union-find forest) to the closest key of a slot it could pair with."""
    indexes: Dict[Slot, Index] = {}  # built for a slot when first searched

    for key in sorted(by_key, key=lambda k: (-len(k), k)):
        for slot in {p for sheet in by_key[key] for p in partners[sheet.year, sheet.kind]}:
            if key in slots[slot]:
                continue  # an exact partner there: the tables already share a cluster
            if slot not in indexes:
                indexes[slot] = Index(slots[slot], NAME_THRESHOLD)
            near = indexes[slot].closest(key)
            if near:
                head[_root(head, key)] = _root(head, near[0])


def _root(head: Dict[str, str], key: str) -> str:
    while head.get(key, key) != key:
        key = head[key]
    return key


def _partner_slots(slot: Slot) -> List[Slot]:
    """The (year, kind) of the tables a table of this (year, kind) could pair with."""
    year, kind = slot
    if not year:
        return []
    other_kind = SELF_EVALUATION if kind == TARGET else TARGET
    return [(year, other_kind)] + [(near, k) for near in (year - 1, year + 1) for k in (TARGET, SELF_EVALUATION)]


def _unit_groups(sheets: List[Sheet]) -> Dict[str, str]:
    """Each unit key → the key that stands for its group (slight variants share one)."""
    groups = Groups(UNIT_THRESHOLD)
    return {key: groups.head(key) for key in sorted({unit_key(s.unit) for s in sheets if s.unit},
                                                    key=lambda k: (-len(k), k))}


def _variants(sheets: List[Sheet], units: Dict[str, str]) -> List[Tuple[str, ...]]:
    spellings: Dict[str, Set[str]] = defaultdict(set)
    for sheet in sheets:
        if sheet.unit:
            spellings[units[unit_key(sheet.unit)]].add(sheet.unit)
    return sorted(tuple(sorted(names)) for names in spellings.values() if len(names) > 1)


def _unit(sheet: Sheet, units: Dict[str, str]) -> str:
    return units.get(unit_key(sheet.unit), "")


def _agree(unit: str, other: str) -> bool:
    """Two unit groups agree when they are one, or one table does not say its unit."""
    return not unit or not other or unit == other


def _approved(cluster: List[Sheet], units, this_taken: Set[int], other_taken: Set[int]) -> List[Pair]:
    pairs = []
    targets = [s for s in cluster if s.kind == TARGET and s.year and id(s) not in other_taken]
    for sheet in cluster:
        if sheet.kind != SELF_EVALUATION or not sheet.year or id(sheet) in this_taken:
            continue
        fitting = [t for t in targets if t.year == sheet.year and alike(sheet.department, t.department, UNIT_THRESHOLD)]
        target = _only(sheet, [(_unit(t, units), t) for t in fitting], _unit(sheet, units))
        if target:
            targets.remove(target)
            pairs.append(Pair(APPROVED, sheet, target, basis(sheet, target)))
    return pairs


def _only(sheet: Sheet, candidates: List[Tuple[str, Sheet]], unit: str) -> Optional[Sheet]:
    """The one candidate (unit group, sheet) of the same unit: the same named unit first, else one
    whose unit is not given; the closest name among several, and none where that leaves a tie."""
    same = [s for u, s in candidates if unit and u == unit] or [s for u, s in candidates if _agree(unit, u)]
    if not same:
        return None
    ranked = sorted(same, key=lambda s: -similarity(sheet.key, s.key))
    if len(ranked) > 1 and similarity(sheet.key, ranked[0].key) == similarity(sheet.key, ranked[1].key):
        return None  # two equally good: matching cannot decide (a pairing file can)
    return ranked[0]


def _previous_year(cluster: List[Sheet], units, this_taken: Set[int], other_taken: Set[int]) -> List[Pair]:
    years: Dict[Tuple[str, int], Sheet] = {}
    for sheet in cluster:
        if sheet.year:
            slot = (_unit(sheet, units), sheet.year)
            if slot not in years or (years[slot].kind != TARGET and sheet.kind == TARGET):
                years[slot] = sheet
    pairs = []
    for (unit, year), sheet in years.items():
        if id(sheet) in this_taken:
            continue
        before = [(u, s) for (u, y), s in years.items() if y == year - 1 and id(s) not in other_taken
                  and alike(sheet.department, s.department, UNIT_THRESHOLD)]
        earlier = _only(sheet, before, unit)
        if earlier:
            pairs.append(Pair(PREVIOUS_YEAR, sheet, earlier, basis(sheet, earlier)))
        elif not any(_agree(unit, u) for u, _ in before) and len(before) == 1 and (before[0][0], year) not in years:
            earlier = before[0][1]
            pairs.append(Pair(PREVIOUS_YEAR, sheet, earlier, basis(sheet, earlier), units_differ=True))
    return pairs
