"""textlint on the same .txt files, with one rule (bench/textlint/rules/vague-words.js) that reports
every vague word of rules/wordlists/vague.yaml. Installed by `npm ci` in
bench/textlint (node and npm needed); when it is not there the bench says so and carries on."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent / "textlint"


def missing() -> str:
    """Why textlint cannot run here, or "" when it can."""
    if not shutil.which("node"):
        return "node not found (install Node.js and npm, then `npm ci` in bench/textlint)"
    if not (HERE / "node_modules" / ".bin" / "textlint").exists():
        return "run `npm ci` in bench/textlint"
    return ""


def command(corpus: Path) -> list:
    return [HERE / "node_modules" / ".bin" / "textlint", "--no-textlintrc", "--rulesdir", HERE / "rules",
            "--format", "unix", f"{corpus}/**/*.txt"]


def findings(corpus: Path) -> int:
    out = subprocess.run(list(map(str, command(corpus))), capture_output=True, text=True)
    return sum(1 for line in out.stdout.splitlines() if "含糊的词" in line)


def compare(sheet, corpus: Path, tables: int, ours: dict) -> None:
    """textlint's tables/s on ``corpus`` beside jxlint's ({what: {"wall": tables/s, "cpu": tables/CPU-s}})."""
    from bench import timed  # the bench's probe

    why = missing()
    if why:
        print(f"textlint not installed: {why}", flush=True)
        sheet.add("textlint, one word-list rule", "not installed", note=why)
        return
    found = findings(corpus)
    theirs = sheet.rate("textlint, one word-list rule", tables, timed(command(corpus)), note=f"{found:,} findings")
    for what, rates in ours.items():
        target = "faster than textlint" if what == "full pack" else ""
        wall, cpu = (rates[key] / theirs[key] for key in ("wall", "cpu"))
        sheet.add(f"jxlint {what} / textlint", f"×{wall:.2f}", target, wall > 1 if target else None,
                  f"tables/s over tables/s on the same .txt files; ×{cpu:.2f} per CPU-second")
