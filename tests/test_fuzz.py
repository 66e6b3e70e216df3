"""Property tests: whatever text arrives, the reader and the rules never raise, and every
position they report lies inside the file."""
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.engine import ruleset
from linter.engine.evaluate import Engine
from linter.readers import text

from conftest import SEEDS

PACK = ruleset.load(use_cache=False)
ENGINE = Engine(PACK)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces real tables are made of, so random text reaches deep into the reader.
WORDS = ["财政项目支出绩效目标表", "财政项目支出绩效自评表", "(2022 年度)", "项目名称", "主管部门", "实施单位",
         "计划开始日期", "计划完成日期", "2022. 1. 1", "项目资金 (万元)", "项目资金 (元)", "项目资金总额", "年度资金申请总额",
         "其中：财政资金", "其中：当年财政拨款", "上年结转资金", "其他资金", "年初预算数", "全年预算数", "全年执行数",
         "年度总体目标", "项目总目标", "预算目标", "实际完成情况", "绩效指标", "一级指标", "二级指标", "三级指标",
         "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", "总分", "产出指标", "数量指标", "质量指标",
         "时效指标", "成本指标", "效益指标", "社会效益指标", "可持续影响指标", "满意度指标", "服务对象满意度指标",
         "产出目标", "满意度目标", "影响力目标", "有效", "及时", "≥90%", "100", "2160人", "较2021年减少", "0", "—",
         "9511. 19", "23,035,714.51", "<p>", "</p>", '<input checked="" type="checkbox"/>', "&amp;", "\u3000", " ", "",
         "2022年12月底前", "满意", "$\\geq 15\\%$", "\r", "\x00", "\ufeff", "指标", "目标"]

cells = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
lines = st.lists(cells, max_size=10).map("\t".join)
documents = st.lists(lines, max_size=60).map("\n".join)


def check_positions(source: str, tables) -> None:
    count = source.count("\n") + 1
    for table in tables:
        assert 1 <= table.loc.line <= table.loc.end_line <= count
        cells = [*table.header.values(), *table.funds.values(), table.title, table.year,
                 table.total_weight, table.total_score]
        cells += [cell for row in table.rows for cell in row]
        for cell in cells:
            if cell.loc.line:
                assert 1 <= cell.loc.line <= cell.loc.end_line <= count, cell
                assert cell.loc.column >= 1 and cell.loc.end_column >= 1


def lint(source: str):
    tables = text.parse(source, "fuzz.txt")
    check_positions(source, tables)
    for index, table in enumerate(tables):
        for finding in ENGINE.check(table, index):
            assert finding.rule in PACK.by_id and finding.severity in ("error", "warning", "info")
            assert finding.line >= 1 and finding.message


@SETTINGS
@given(documents)
def test_table_shaped_noise(source):
    lint(source)


@SETTINGS
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_arbitrary_text(source):
    lint(source)


def _mutate(source: str, rng: random.Random) -> str:
    lines = source.split("\n")
    for _ in range(rng.randint(1, 8)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        action = rng.choice(["drop", "duplicate", "swap", "split", "shift", "blank", "truncate"])
        if action == "drop":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap" and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "split":
            cut = rng.randrange(len(lines[i]) + 1)
            lines[i:i + 1] = [lines[i][:cut], lines[i][cut:]]
        elif action == "shift":
            lines[i] = "\t" * rng.randint(1, 3) + lines[i]
        elif action == "blank":
            lines.insert(i, "")
        else:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
    return "\n".join(lines)


@SETTINGS
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_mutated_seed_tables(seed):
    rng = random.Random(seed)
    paths = sorted(SEEDS.glob("*.txt"))
    if not paths:
        pytest.skip(f"seed tables not found at {SEEDS} (shared/ must sit beside the repository)")
    source = rng.choice(paths).read_text(encoding="utf-8")
    start = rng.randrange(max(1, len(source) - 3000))
    lint(_mutate(source[start:start + 6000], rng))


# ---- mutated Office packages --------------------------------------------------------
import functools  # noqa: E402
from pathlib import Path  # noqa: E402
import tempfile  # noqa: E402
import zipfile  # noqa: E402

from linter.readers import examples  # noqa: E402
from linter.run.runner import lint_file  # noqa: E402
from writers import write_docx, write_xlsx  # noqa: E402


@functools.lru_cache(maxsize=None)
def _office() -> Path:
    """A folder with a sound .xlsx and .docx to damage, made the first time a test needs it."""
    folder = Path(tempfile.mkdtemp(prefix="jxlint-fuzz-"))
    table = examples.table({"project": "校园安保服务", "year": 2023, "rows": [
        {"level1": "产出指标", "level2": "质量指标", "name": "服务规范性", "value": "规范"}]})
    write_xlsx(table, folder / "good.xlsx")
    write_docx(table, folder / "good.docx")
    return folder


PACKAGE_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                               HealthCheck.function_scoped_fixture])


def _mutated_package(kind: str, data: st.DataObject) -> bytes:
    office = _office()
    original = (office / f"good.{kind}").read_bytes()
    how = data.draw(st.sampled_from(["truncate", "flip", "member"]))
    if how == "truncate":
        return original[: data.draw(st.integers(0, len(original) - 1))]
    if how == "flip":
        mutated = bytearray(original)
        for _ in range(data.draw(st.integers(1, 20))):
            mutated[data.draw(st.integers(0, len(mutated) - 1))] ^= data.draw(st.integers(1, 255))
        return bytes(mutated)
    target = office / f"member-{kind}"
    with zipfile.ZipFile(office / f"good.{kind}") as old, zipfile.ZipFile(target, "w") as new:
        names = [info.filename for info in old.infolist()]
        victim = data.draw(st.sampled_from(names))
        replacement = data.draw(st.sampled_from([b"", b"<not-xml", b'<?xml version="1.0"?><Types/>',
                                                 b"\x00\xff" * 40]))
        for info in old.infolist():
            new.writestr(info, replacement if info.filename == victim else old.read(info))
    return target.read_bytes()


@PACKAGE_SETTINGS
@given(st.sampled_from(["xlsx", "docx"]), st.data())
def test_mutated_office_files_fail_cleanly(kind, data):
    """A damaged workbook or document is either still read, or fails with the readers' own
    explanation: never a library's exception surfacing as an internal error."""
    path = _office() / f"mutated.{kind}"
    path.write_bytes(_mutated_package(kind, data))
    result = lint_file(path, ENGINE)
    if result.status == "checked":
        assert result.tables  # still read: its tables were checked
    else:
        assert result.error and "内部错误" not in result.error, result.error
