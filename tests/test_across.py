"""Across documents, on seed tables: the seeds' own year-over-year pairs are matched, and copies of a
seed table, altered as a unit would alter them (a target lowered, an indicator dropped, an approved
value changed in the 自评表), make each cross-table finding fire at the right cell of the right file,
citing the right cell of the other file. The seeds themselves are never written."""
import json
from pathlib import Path

import pytest
import yaml

from conftest import run_cli
from linter import readers
from linter.engine.cross import CrossRun, PairsFile
from linter.engine.cross.match import APPROVED, PREVIOUS_YEAR
from linter.engine.cross.names import project_key
from linter.engine.evaluate import Engine
from linter.util.errors import JxlintError
from linter.run.runner import lint_file
from linter.outputs.tabledata import table_data
from linter.engine.targets import differs, looser

TRANSPORT = ("000_87dde8d8f991aaf0.txt", "交通工具购置及更新")        # a 2022 自评表
INNER = ("002_9530c0701030a5c4.txt", "内涵建设经费")                  # a 2020 自评表


def seed_table(seeds, spec):
    name, project = spec
    return next(t for t in readers.read(seeds / name) if t.project == project)


def seed_text(seeds, spec) -> str:
    """The seed lines of one table, as a file of its own."""
    table = seed_table(seeds, spec)
    lines = (seeds / spec[0]).read_text(encoding="utf-8").split("\n")
    return "\n".join(lines[table.loc.line - 1: table.loc.end_line]) + "\n"


def altered(text: str, *changes) -> str:
    for old, new in changes:
        assert text.count(old) == 1, old  # each change hits exactly one place of the copy
        text = text.replace(old, new)
    return text


def target_draft(table, drop=()) -> str:
    """The seed 自评表 as the target table it was scored against: same header, indicators and
    weights, no results."""
    data = table_data(table, positions=False)
    data.update(kind="target", title="项目支出绩效目标表", funds={})
    data.pop("total_weight", None), data.pop("total_score", None)
    data["indicators"] = [{k: v for k, v in row.items() if k in ("level1", "level2", "name", "value", "weight")}
                          for row in data["indicators"] if row["name"] not in drop]
    return yaml.safe_dump({"tables": [data]}, allow_unicode=True, sort_keys=False)


def run(pack, paths, pairs=None):
    engine = Engine(pack)
    cross = CrossRun(lambda path: engine, pairs)
    results = list(cross.stream(lint_file(Path(p), engine) for p in paths))
    found = [f for r in results if r.cross for f in r.findings]
    return cross, found


def place(path: Path, needle: str, after: str = ""):
    """(line, column) of ``needle`` in a file, on the first line holding ``after`` or later."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if after in line)
    number = next(i for i in range(start, len(lines)) if needle in lines[i])
    return number + 1, lines[number].index(needle) + 1


def cell_of(path: Path, indicator: str, field: str):
    row = next(r for r in readers.read(path)[0].rows if r.name.text == indicator)
    return getattr(row, field).loc


# ---- the seeds' own pairs ---------------------------------------------------------------
def test_the_seeds_year_over_year_pairs_are_matched(seeds, pack):
    cross, found = run(pack, sorted(seeds.glob("*.txt")))
    matching = cross.matching
    named = {(p.this.project, p.this.year, p.other.year) for p in matching.apart}
    assert named == {("市级统筹引导实施的教育项目", 2022, 2021), ("市级统筹引导实施的教育项目", 2021, 2020),
                     ("内涵建设经费", 2021, 2020), ("教育改革试点和发展引导经费 _代编", 2021, 2020)}
    assert {p.relation for p in matching.apart} == {PREVIOUS_YEAR}
    # each moves to another unit and shares no indicator: a generic name, not one project; not compared
    assert all(p.units_differ for p in matching.apart)
    assert matching.pairs == [] and found == []
    assert ("上海市业余科技学院（上海科学会堂服务中心）", "上海市业余科技学院（上海科学会服务中心）") in matching.unit_variants


def test_names_lose_spacing_brackets_and_year_tokens():
    assert project_key("教育改革试点和发展引导经费 _代编") == project_key("教育改革试点和发展引导经费 -代编")
    assert project_key("标准化考场网上视频巡查系统(2022运维)") == project_key("标准化考场网上视频巡查系统（2023运维）")
    assert project_key("2023年度科协大院日常运行与维护") == project_key("科协大院日常运行与维护")
    assert project_key("闵行区智慧教育示范区两种应用助手项目（第二年）") == project_key("闵行区智慧教育示范区两种应用助手项目（第三年）")
    assert project_key("德育教育经费") != project_key("体育教育经费")


@pytest.mark.parametrize("text,other,loose", [
    ("≥90%", "≥95%", True), ("2000人", "2160人", True), ("≤10次", "≤5次", True), ("不低于90%", "≥95%", True),
    ("90%以上", "≥95%", True), ("≥95%", "≥90%", False), ("≥90%", "2160人", False), ("有效", "≥95%", False),
    ("≥2000人次", "≥2160人", True), ("≤3次", "≥5次", False)])
def test_looser_targets(text, other, loose):
    assert looser(text, other) is loose


@pytest.mark.parametrize("text,other,differ", [
    ("≥90%", "不低于90%", False), ("≥ 90 %", "≥90%", False), ("=100%", "100%", False), ("10", "10.0", False),
    ("≥90%", "≥95%", True), ("有效", "良好", True), ("", "≥90%", False)])
def test_differing_targets(text, other, differ):
    assert differs(text, other) is differ


# ---- a 自评表 against its approved target table -------------------------------------------
@pytest.fixture
def approved_pair(tmp_path, seeds):
    """The seed 自评表 with its satisfaction target cut from 98% to 90%, a weight raised from 20 to 25
    and an indicator left out; beside it the target table it was approved as, which lacks one of the
    indicators the 自评表 scores."""
    table = seed_table(seeds, TRANSPORT)
    evaluation = tmp_path / "2022自评表.txt"
    evaluation.write_text(altered(seed_text(seeds, TRANSPORT),
                                  ("员工满意度\t>=98%", "员工满意度\t>=90%"),
                                  ("预算完成率\t>=99%\t100%\t20", "预算完成率\t>=99%\t100%\t25"),
                                  ("\t\t时效指标\t项目及时完成\t及时完成\t及时完成\t10\t10\t\n", "")), encoding="utf-8")
    target = tmp_path / "2022目标表.yaml"
    target.write_text(target_draft(table, drop=("政府采购是否规范",)), encoding="utf-8")
    return evaluation, target


def test_each_departure_from_the_approved_targets_is_found_on_the_self_evaluation(approved_pair, pack):
    evaluation, target = approved_pair
    cross, found = run(pack, [target, evaluation])
    assert [(p.relation, p.this.path, p.other.path) for p in cross.matching.pairs] == [
        (APPROVED, str(evaluation), str(target))]
    by_rule = {f.rule: f for f in found}
    assert sorted(by_rule) == ["approved-not-scored", "approved-value-changed", "approved-weight-changed",
                               "indicator-not-approved"]
    assert len(found) == 4
    assert all(f.path == str(evaluation) and f.related[0].path == str(target) for f in found)
    assert all(f.related[0].label == "批复的绩效目标表" for f in found)

    changed = by_rule["approved-value-changed"]
    assert (changed.line, changed.column) == place(evaluation, ">=90%")
    assert "“>=90%”" in changed.message and "“>=98%”" in changed.message
    assert changed.related[0][2:4] == cell_of(target, "员工满意度", "value")[:2]

    weight = by_rule["approved-weight-changed"]
    assert (weight.line, weight.column) == place(evaluation, "25", after="预算完成率")
    assert weight.related[0][2:4] == cell_of(target, "预算完成率", "weight")[:2]

    unscored = by_rule["approved-not-scored"]
    assert (unscored.line, unscored.column) == place(evaluation, "交通工具购置及更新")  # the 项目名称 cell
    assert unscored.related[0][2:4] == cell_of(target, "项目及时完成", "name")[:2]

    unapproved = by_rule["indicator-not-approved"]
    assert (unapproved.line, unapproved.column) == place(evaluation, "政府采购是否规范")
    assert unapproved.related[0].line == place(target, "交通工具购置及更新")[0]  # the target's 项目名称


def test_a_self_evaluation_that_keeps_to_its_targets_has_no_cross_finding(tmp_path, seeds, pack):
    evaluation = tmp_path / "自评表.txt"
    evaluation.write_text(seed_text(seeds, TRANSPORT), encoding="utf-8")
    target = tmp_path / "目标表.yaml"
    target.write_text(target_draft(seed_table(seeds, TRANSPORT)), encoding="utf-8")
    cross, found = run(pack, [evaluation, target])
    assert len(cross.matching.pairs) == 1 and found == []


def test_another_units_target_table_is_not_its_approval(tmp_path, seeds, pack):
    evaluation = tmp_path / "自评表.txt"
    evaluation.write_text(seed_text(seeds, TRANSPORT), encoding="utf-8")
    target = tmp_path / "目标表.yaml"
    target.write_text(target_draft(seed_table(seeds, TRANSPORT)).replace("上海市科技艺术教育中心", "上海市电化教育馆"),
                      encoding="utf-8")
    cross, found = run(pack, [evaluation, target])
    assert cross.matching.pairs == [] and found == []


# ---- this year against last year ----------------------------------------------------------
def year_pair(tmp_path, seeds, *changes):
    earlier = tmp_path / "2020" / "内涵建设经费.txt"
    later = tmp_path / "2021" / "内涵建设经费.txt"
    earlier.parent.mkdir(parents=True)
    later.parent.mkdir()
    text = seed_text(seeds, INNER)
    earlier.write_text(text, encoding="utf-8")
    later.write_text(altered(text, ("(2020 年度)", "(2021 年度)"), *changes), encoding="utf-8")
    return earlier, later


def test_a_lowered_target_and_a_dropped_indicator(tmp_path, seeds, pack):
    earlier, later = year_pair(tmp_path, seeds, ("≥600人次", "≥500人次"),
                               ("\t\t可持续影响指标\t外省市优质教师资源\t信息共享\t\t15\t15\t\n", ""))
    cross, found = run(pack, [earlier, later])
    assert [(p.relation, p.this.path, p.other.path, p.units_differ) for p in cross.matching.pairs] == [
        (PREVIOUS_YEAR, str(later), str(earlier), False)]
    assert sorted(f.rule for f in found) == ["indicator-dropped", "target-lowered"]
    lowered, = [f for f in found if f.rule == "target-lowered"]
    assert (lowered.path, lowered.line, lowered.column) == (str(later), *place(later, "≥500人次"))
    assert lowered.related[0][1:4] == (str(earlier), *place(earlier, "≥600人次"))
    assert "“≥600人次”" in lowered.message and "“≥500人次”" in lowered.message
    assert lowered.related[0].label == "2020 年度的表"
    dropped, = [f for f in found if f.rule == "indicator-dropped"]
    assert (dropped.line, dropped.column) == place(later, "内涵建设经费")
    assert dropped.related[0][1:4] == (str(earlier), *place(earlier, "外省市优质教师资源"))


def test_a_table_copied_from_last_year(tmp_path, seeds, pack):
    earlier, later = year_pair(tmp_path, seeds)
    _, found = run(pack, [earlier, later])
    assert [f.rule for f in found] == ["table-copied"]
    assert (found[0].path, found[0].line) == (str(later), place(later, "内涵建设经费")[0])
    assert found[0].related[0][1:3] == (str(earlier), place(earlier, "内涵建设经费")[0])


def test_satisfaction_kept_at_100_percent(tmp_path, seeds, pack):
    earlier, later = year_pair(tmp_path, seeds, ("满意度\t满意", "满意度\t=100%"), ("≥600人次", "≥700人次"))
    earlier.write_text(altered(earlier.read_text(encoding="utf-8"), ("满意度\t满意", "满意度\t100%")),
                       encoding="utf-8")
    _, found = run(pack, [earlier, later])
    assert [f.rule for f in found] == ["satisfaction-kept-at-100"]
    assert (found[0].line, found[0].column) == place(later, "=100%")


def test_a_name_cut_short_still_matches_and_a_different_name_does_not(tmp_path, seeds, pack):
    earlier, later = year_pair(tmp_path, seeds, ("内涵建设经费", "内涵建设经费（2021年）"))
    cross, _ = run(pack, [earlier, later])
    assert [p.basis for p in cross.matching.pairs] == ["项目名称去掉空格、括号和年份后相同"]
    earlier, later = year_pair(tmp_path / "b", seeds, ("内涵建设经费", "内涵建设经"))  # cut by a page break
    cross, _ = run(pack, [earlier, later])
    assert [p.basis for p in cross.matching.pairs] == ["项目名称相近（相似度 91）"]
    earlier, later = year_pair(tmp_path / "c", seeds, ("内涵建设经费", "外延建设经费"))
    cross, _ = run(pack, [earlier, later])
    assert cross.matching.pairs == [] and len(cross.matching.unmatched) == 2


# ---- the pairing file ---------------------------------------------------------------------
def test_a_pairing_file_pairs_what_names_cannot(tmp_path, seeds, pack):
    earlier, later = year_pair(tmp_path, seeds, ("内涵建设经费", "学校内涵发展项目"), ("≥600人次", "≥500人次"))
    assert run(pack, [earlier, later])[0].matching.pairs == []
    pairs = tmp_path / "pairs.yaml"
    pairs.write_text("pairs:\n  - earlier: 2020/内涵建设经费.txt\n    later: {file: 2021/内涵建设经费.txt, project: 学校内涵发展项目}\n",
                     encoding="utf-8")
    cross, found = run(pack, [earlier, later], PairsFile.load(str(pairs)))
    assert [p.basis for p in cross.matching.pairs] == ["配对文件"]
    assert "target-lowered" in {f.rule for f in found}


def test_a_pairing_file_naming_a_table_the_run_did_not_read_is_noted(tmp_path, seeds, pack):
    earlier, later = year_pair(tmp_path, seeds)
    pairs = tmp_path / "pairs.yaml"
    pairs.write_text("pairs:\n  - earlier: {file: 2020/内涵建设经费.txt, project: 别的项目}\n    later: 2021/内涵建设经费.txt\n",
                     encoding="utf-8")
    cross, _ = run(pack, [earlier, later], PairsFile.load(str(pairs)))
    assert len(cross.problems) == 1 and "pairs.yaml:2:" in cross.problems[0] and "别的项目" in cross.problems[0]


@pytest.mark.parametrize("text,message", [
    ("pairs:\n  - earlier: a.txt\n", "pairs.yaml:2:"),
    ("pairs:\n  - earlier: 没有.txt\n    later: a.txt\n", "不存在"),
    ("pairs: [\n", "YAML 语法错误"),
])
def test_a_bad_pairing_file_is_one_line(tmp_path, text, message):
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "pairs.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(JxlintError, match=message) as raised:
        PairsFile.load(str(tmp_path / "pairs.yaml"))
    assert "\n" not in str(raised.value)


# ---- from the command line ------------------------------------------------------------------
def test_check_json_and_sarif_carry_the_second_place(tmp_path, seeds):
    earlier, later = year_pair(tmp_path, seeds, ("≥600人次", "≥500人次"))
    done = run_cli("check", earlier, later, "-f", "json", "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["summary"]["files"] == 2
    cross, = [entry for entry in data["files"] if entry.get("cross")]
    lowered, = [f for f in cross["findings"] if f["rule"] == "target-lowered"]
    assert lowered["related"][0]["path"] == str(earlier)
    assert lowered["related"][0]["line"] == place(earlier, "≥600人次")[0]
    assert "跨表比对：1 对表" in done.stderr

    done = run_cli("check", earlier, later, "-f", "sarif", "--fail-on", "never", cwd=tmp_path)
    result, = [r for r in json.loads(done.stdout)["runs"][0]["results"] if r["ruleId"] == "target-lowered"]
    related, = result["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"] == "2020/%E5%86%85%E6%B6%B5%E5%BB%BA%E8%AE%BE%E7%BB%8F%E8%B4%B9.txt"
    assert related["physicalLocation"]["region"]["startLine"] == place(earlier, "≥600人次")[0]
    assert related["id"] == 1 and "2020 年度的表" in related["message"]["text"]


def test_check_with_a_bad_pairing_file_stops_before_any_output(tmp_path, seeds):
    earlier, later = year_pair(tmp_path, seeds)
    (tmp_path / "pairs.yaml").write_text("pairs:\n  - later: x\n", encoding="utf-8")
    done = run_cli("check", earlier, later, "-f", "json", "--pairs", tmp_path / "pairs.yaml")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "配对文件无效" in done.stderr


def test_tables_without_counterparts_add_nothing(seeds, tmp_path):
    plain = run_cli("check", seeds / "003_b8de17d7b47ea05c.part1.txt", "-f", "json", "--fail-on", "never")
    data = json.loads(plain.stdout)
    assert not [entry for entry in data["files"] if entry.get("cross")]
    assert "跨表比对" not in plain.stderr
    ignored = run_cli("check", seeds / "003_b8de17d7b47ea05c.part1.txt", "-f", "json", "--fail-on", "never",
                      "--ignore", "target-lowered,indicator-dropped,table-copied,satisfaction-kept-at-100,"
                      "indicator-not-approved,approved-not-scored,approved-value-changed,approved-weight-changed")
    assert json.loads(ignored.stdout)["files"] == data["files"]


# ---- the report -------------------------------------------------------------------------------
def test_report_has_a_section_with_the_pairs_the_unpaired_and_the_findings(tmp_path, seeds):
    earlier, later = year_pair(tmp_path, seeds, ("≥600人次", "≥500人次"))
    (tmp_path / "其他.txt").write_text(seed_text(seeds, TRANSPORT), encoding="utf-8")
    done = run_cli("report", tmp_path, "-o", tmp_path / "out" / "r", "--fail-on", "never", "-q")
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "out" / "r.json").read_text(encoding="utf-8"))
    cross = data["cross"]
    assert [(p["relation"], p["this"]["path"], p["other"]["path"]) for p in cross["pairs"]] == [
        ("previous-year", str(later), str(earlier))]
    assert [t["project"] for t in cross["unmatched"]] == ["交通工具购置及更新"]
    lowered, = [f for f in cross["findings"] if f["rule"] == "target-lowered"]
    assert lowered["related"][0]["path"] == str(earlier)
    assert data["summary"]["by_rule"]["target-lowered"] == 1 and data["summary"]["files"] == 3
    page = (tmp_path / "out" / "r.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="cross">'):page.index('<section id="files">')]
    assert "本年度 ↔ 上年度" in section and "未配对的表（1 张）" in section and "≥600人次" in section
    assert "target-lowered" in section
    rows = (tmp_path / "out" / "r.csv").read_text(encoding="utf-8-sig")
    assert rows.count("target-lowered") == 1


def test_report_without_counterparts_has_no_cross_section(tmp_path, seeds):
    done = run_cli("report", seeds / "003_b8de17d7b47ea05c.part1.txt", "-o", tmp_path / "r", "--fail-on", "never", "-q")
    assert done.returncode == 0, done.stderr
    assert "cross" not in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert 'id="cross"' not in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_report_groups_a_unit_spelled_two_ways_and_lists_the_variants(tmp_path, seeds):
    done = run_cli("report", seeds / "004_88f28acf01a6d66d.txt", "-o", tmp_path / "r", "--fail-on", "never", "-q")
    assert done.returncode == 0, done.stderr
    units = [u for d in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["departments"] for u in d["units"]]
    assert [(u["unit"], u["variants"], u["tables"]) for u in units] == [
        ("上海市业余科技学院（上海科学会堂服务中心）", ["上海市业余科技学院（上海科学会服务中心）"], 4)]
    assert "又写作：上海市业余科技学院（上海科学会服务中心）" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_name_index_finds_what_a_search_of_every_name_finds(seeds):
    """Index.closest narrows the search by rare characters; it must never miss what comparing the
    query with every key finds."""
    import random

    from linter.engine.cross.names import Index, closest

    names = sorted({project_key(t.project) for path in seeds.glob("*.txt") for t in readers.read(path) if t.project})
    chance = random.Random(17)
    keys = set(names)
    for name in names:  # variants a page break or a typo makes: a character dropped, changed, added
        for _ in range(3):
            at = chance.randrange(len(name))
            keys |= {name[:at] + name[at + 1:], name[:at] + "新" + name[at + 1:], name[:at] + "之" + name[at:]}
    keys.discard("")
    index = Index(keys, 90)
    for query in sorted(keys)[::3]:
        rest = sorted(keys - {query})
        expected, found = closest(query, rest, 90), Index(rest, 90).closest(query)
        assert (expected and expected[1]) == (found and found[1]), query
    assert index.closest("内涵建设经费") == ("内涵建设经费", 100.0)


def test_check_in_parallel_finds_the_same_across_documents(tmp_path, seeds):
    earlier, later = year_pair(tmp_path, seeds, ("≥600人次", "≥500人次"))
    one, two = (json.loads(run_cli("check", earlier, later, "-f", "json", "--fail-on", "never", "-j", jobs).stdout)
                for jobs in (1, 2))
    assert one == two and [e for e in one["files"] if e.get("cross")]


def test_report_with_a_pairing_file(tmp_path, seeds):
    earlier, later = year_pair(tmp_path, seeds, ("内涵建设经费", "学校内涵发展项目"), ("≥600人次", "≥500人次"))
    pairs = tmp_path / "pairs.yaml"
    pairs.write_text("pairs:\n  - earlier: 2020/内涵建设经费.txt\n    later: 2021/内涵建设经费.txt\n", encoding="utf-8")
    done = run_cli("report", tmp_path / "2020", tmp_path / "2021", "-o", tmp_path / "r", "--pairs", pairs, "-q",
                   "--fail-on", "never")
    assert done.returncode == 0, done.stderr
    cross = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["cross"]
    assert [p["basis"] for p in cross["pairs"]] == ["配对文件"]
    assert [f["rule"] for f in cross["findings"]] == ["target-lowered"]


def test_matching_that_cannot_decide_makes_no_pair():
    from linter.readers import examples
    from linter.engine.cross import Sheet
    from linter.engine.cross.match import match

    def sheet(year, unit, kind="target", path="x"):
        spec = {"project": "内涵建设经费", "year": year, "kind": kind, "rows": [{"name": "培训人次", "value": "≥600人次"}]}
        if unit:
            spec["unit"] = unit
        return Sheet.of(examples.table(spec, f"{path}{year}{unit}{kind}"), 0)

    # this year's table does not say its unit; last year two units used the name
    assert match([sheet(2021, ""), sheet(2020, "甲单位"), sheet(2020, "乙单位")]).pairs == []
    # the unit decides
    pairs = match([sheet(2021, "甲单位"), sheet(2020, "甲单位"), sheet(2020, "乙单位")]).pairs
    assert [(p.this.unit, p.other.unit, p.units_differ) for p in pairs] == [("甲单位", "甲单位", False)]
    # a 自评表 of no stated unit with two target tables of the same name: no approval to pick
    assert [p.relation for p in match([sheet(2021, "", "self-evaluation"), sheet(2021, "甲单位"),
                                       sheet(2021, "乙单位")]).pairs] == []


def test_check_text_quotes_the_line_of_a_cross_table_finding(tmp_path, seeds):
    """Findings across tables come after every file is read; their line is quoted all the same
    (the file's lines travel with its result: the file is not opened again)."""
    earlier, later = year_pair(tmp_path, seeds, ("≥600人次", "≥500人次"))
    names = [str(p.relative_to(tmp_path)) for p in (earlier, later)]
    done = run_cli("check", *names, "--fail-on", "never", "--no-color", cwd=tmp_path)
    lines = done.stdout.splitlines()
    line, column = place(later, "≥500人次")
    head = next(i for i, text in enumerate(lines) if "[target-lowered]" in text)
    assert lines[head].startswith(f"2021/内涵建设经费.txt:{line}:{column}: "), lines[head]
    assert lines[head + 1].lstrip().startswith(f"{line} │ ") and "≥500人次" in lines[head + 1], lines[head + 1]
    for jobs in ("1", "2"):
        concise = run_cli("check", *names, "-j", jobs, "--fail-on", "never", "-f", "concise", cwd=tmp_path)
        assert f"2021/内涵建设经费.txt:{line}:{column}: " in concise.stdout and "│" not in concise.stdout
