"""The bench's corpora, all derived deterministically from the seed tables (../shared/seeds):

  unique   variant n of every seed file: the seed's own text with place names put before the
           project, units, goals and indicator names, target/actual numbers shifted and amounts
           scaled (rates stay right), so that no memo cache meets a table twice
  copies   the seed files themselves, hard-linked over and over (what the caches like best)
  mixed    unique variants written as .xlsx, .docx and .csv by the test suite's writers

Only the seed text's cells change; its layout, labels and qualitative words stay, so the findings
are those of the seeds, about other projects.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT))

FIRST, SECOND, THIRD = "东南西北中上下前后新大金银青红白黄绿云河", "湖山桥塘园林湾港岗坪坝溪岭川洲滩塔浦沟泉", "苑庄营集铺店台寨堡屯"
VARIANTS = len(FIRST) * len(SECOND) * len(THIRD)  # 4,000 place names: 268,000 unique tables
NAMED = ("project", "department", "unit", "overall_goal", "annual_goal")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.]*%)")
_AMOUNT = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_YEAR = re.compile(r"(?:19|20)\d\d")


def place(n: int) -> str:
    n %= VARIANTS
    return FIRST[n % len(FIRST)] + SECOND[n // len(FIRST) % len(SECOND)] + THIRD[n // (len(FIRST) * len(SECOND))]


@lru_cache(maxsize=None)
def seed_files() -> Tuple[Tuple[str, str, tuple], ...]:
    """(name, text, tables) of every seed file, read once."""
    from linter.readers import text

    return tuple((p.name, p.read_text(encoding="utf-8"), tuple(text.read(p))) for p in sorted(SEEDS.glob("*.txt")))


def seed_tables() -> int:
    return sum(len(tables) for _, _, tables in seed_files())


def _shifted(text: str, step: int) -> str:
    """Counts in a target or result moved by ``step``; percentages and years kept (a rate stays
    a rate, a deadline a deadline)."""
    return _NUMBER.sub(lambda m: m[0] if _YEAR.fullmatch(m[0]) else _add(m[0], step), text)


def _add(number: str, step: int) -> str:
    whole, dot, decimals = number.partition(".")
    return f"{int(whole) + step}{dot}{decimals}"


def _scaled(text: str, factor: int) -> str:
    """An amount times ``factor``, written as it was (grouping commas, decimals)."""
    if not _AMOUNT.fullmatch(text):
        return text
    decimals = len(text.partition(".")[2])
    value = Decimal(text.replace(",", "")) * factor
    return f"{value:{',' if ',' in text else ''}.{decimals}f}"


def _changes(table, n: int) -> Dict[int, Dict[str, str]]:
    """{line: {old cell text: new text}} for variant ``n`` of a table."""
    prefix, step, factor = place(n), 1 + n % 9, 2 + n % 5
    changes: Dict[int, Dict[str, str]] = {}

    def change(cell, new: str) -> None:
        if cell.raw and cell.loc.line and new != cell.raw:  # a cell over several lines: its first line
            changes.setdefault(cell.loc.line, {})[cell.raw.split("\n")[0]] = new.split("\n")[0]

    for key in NAMED:
        cell = table.header.get(key)
        if cell:
            change(cell, prefix + cell.raw)
    for key, cell in table.funds.items():
        if key.endswith(("budget", "executed", "total", "appropriation", "carryover", "fiscal", "other")):
            change(cell, _scaled(cell.raw, factor))
    for row in table.rows:
        change(row.name, prefix + row.name.raw)
        points = {row.weight.raw, row.score.raw}  # a value that reads as this row's weight would change it too
        for cell in (row.value, row.actual):
            if cell.raw not in points:
                change(cell, _shifted(cell.raw, step))
    return changes


def variant(text: str, tables, n: int) -> str:
    """Variant ``n`` of a seed file's text: each changed cell replaced on its own line."""
    lines = text.split("\n")
    for table in tables:
        for line, mapping in _changes(table, n).items():
            if line <= len(lines):
                lines[line - 1] = "\t".join(_replaced(c, mapping) for c in lines[line - 1].split("\t"))
    return "\n".join(lines)


def _replaced(cell: str, mapping: Dict[str, str]) -> str:
    """The cell's new text; a quoted cell that goes on over the next lines keeps its quote."""
    bare = cell.strip()
    if bare in mapping:
        return mapping[bare]
    if bare.startswith('"') and bare[1:] in mapping:
        return '"' + mapping[bare[1:]]
    return cell


def _folder(directory: Path, n: int) -> Path:
    sub = directory / f"unit{n // 100:03d}"
    sub.mkdir(parents=True, exist_ok=True)
    return sub


def _rounds(tables: int) -> int:
    return max(1, -(-tables // seed_tables()))


def build_unique(directory: Path, tables: int, first: int = 0) -> int:
    """Variants ``first``… of every seed file until there are ``tables`` tables; returns the count."""
    rounds = _rounds(tables)
    for n in range(first, first + rounds):
        sub = _folder(directory, n - first)
        for name, text, seeded in seed_files():
            (sub / f"{n:05d}-{name}").write_text(variant(text, seeded, n), encoding="utf-8")
    return rounds * seed_tables()


def build_copies(directory: Path, tables: int) -> int:
    """The seed files themselves (hard links where possible) until there are ``tables`` tables."""
    rounds = _rounds(tables)
    for n in range(rounds):
        sub = _folder(directory, n)
        for seed in sorted(SEEDS.glob("*.txt")):
            target = sub / f"{n:05d}-{seed.name}"
            try:
                os.link(seed, target)
            except OSError:
                shutil.copy(seed, target)
    return rounds * seed_tables()


def variant_tables(tables: int, first: int) -> Iterator:
    """Model tables of variants ``first``…, read back from their text, ``tables`` of them."""
    from linter.readers import text as text_reader

    made, n = 0, first
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"jxlint-bench-variant-{os.getpid()}.txt"
    try:
        while made < tables:
            for _, text, seeded in seed_files():
                scratch.write_text(variant(text, seeded, n), encoding="utf-8")
                for table in text_reader.read(scratch):
                    if made == tables:
                        return
                    made += 1
                    yield table
            n += 1
    finally:
        scratch.unlink(missing_ok=True)


def build_mixed(directory: Path, tables: int, first: int = VARIANTS - 300) -> Dict[str, int]:
    """``tables`` unique tables in each of DIR/xlsx, DIR/docx (one table a file, as officers send
    them) and DIR/csv (a spreadsheet's export, 20 tables a file); returns {suffix: tables}."""
    sys.path.insert(0, str(ROOT / "tests"))
    import pdf_csv_writers  # noqa: E402  (the test suite's writers: real openpyxl, python-docx, csv)
    import writers  # noqa: E402

    counts: Dict[str, int] = {}
    for suffix in ("xlsx", "docx", "csv"):
        (directory / suffix).mkdir(parents=True, exist_ok=True)
    for offset, (suffix, write) in enumerate((("xlsx", writers.write_xlsx), ("docx", writers.write_docx))):
        for i, table in enumerate(variant_tables(tables, first + offset * 100)):
            write(table, directory / suffix / f"{i:05d}.{suffix}")
            counts[suffix] = i + 1
    batch: List = []
    for i, table in enumerate(variant_tables(tables, first + 200)):
        batch.append(table)
        if len(batch) == 20 or i == tables - 1:
            pdf_csv_writers.write_csv(batch, directory / "csv" / f"{i:05d}.csv")
            batch = []
        counts["csv"] = i + 1
    return counts
