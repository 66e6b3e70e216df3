"""Baselines: today's findings recorded by content, so a re-run shows only what is new."""
import json
import shutil

import yaml

from conftest import ROOT, run_cli

SECURITY = ROOT / "samples" / "text" / "security-2023-draft.txt"
EDITED = "003_b8de17d7b47ea05c.part1.txt"


def findings(result):
    data = json.loads(result.stdout)
    return [(f["path"].replace("\\", "/").split("/")[-1], f["line"], f["rule"], f["value"])
            for file in data["files"] for f in file["findings"]]


def test_seed_baseline_hides_todays_findings_and_shows_a_new_one(tmp_path, seeds):
    drafts = tmp_path / "drafts"
    shutil.copytree(seeds, drafts)
    today = len(findings(run_cli("check", "drafts", "--format", "json", cwd=tmp_path)))
    written = run_cli("check", "drafts", "--baseline", "write", "base.json", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    assert f"已写入 base.json：已把 {today} 个问题写入基线" in written.stderr and today > 400
    stored = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert sum(e["count"] for e in stored["findings"]) == today
    assert all(e["path"].startswith("drafts/") and "line" not in e for e in stored["findings"])

    again = run_cli("check", "drafts", "--baseline", "base.json", "--format", "json", cwd=tmp_path)
    assert again.returncode == 0 and findings(again) == []
    assert json.loads(again.stdout)["summary"]["tables"] == 67

    edited = drafts / EDITED
    lines = edited.read_text(encoding="utf-8").split("\n")
    assert lines[88].endswith("\t≥9000人")  # 民办幼儿园小区生补贴人数
    lines[88] = lines[88][: -len("≥9000人")] + "有效"
    edited.write_text("\n".join(lines), encoding="utf-8")
    new = run_cli("check", "drafts", "--baseline", "base.json", "--format", "json", cwd=tmp_path)
    assert new.returncode == 1
    assert findings(new) == [(EDITED, 89, "vague-value", "有效")]


def test_moved_rows_keep_the_baseline_and_duplicates_are_counted(tmp_path):
    converted = run_cli("convert", SECURITY, "--to", "yaml")
    draft = yaml.safe_load(converted.stdout)
    (tmp_path / "draft.yaml").write_text(converted.stdout, encoding="utf-8")
    written = run_cli("check", "draft.yaml", "--select", "vague-value", "--write-baseline", "base.json", cwd=tmp_path)
    assert written.returncode == 0 and "已把 3 个问题写入基线" in written.stderr

    rows = draft["tables"][0]["indicators"]
    rows.reverse()  # every row moves
    vague = next(r for r in rows if r["value"] == "规范")
    rows.append(dict(vague))  # the same problem a second time is new
    (tmp_path / "draft.yaml").write_text("# 移动了行\n\n" + yaml.safe_dump(draft, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    result = run_cli("check", "draft.yaml", "--select", "vague-value", "--baseline", "base.json", "--format", "json",
                     cwd=tmp_path)
    assert [(rule, value) for _, _, rule, value in findings(result)] == [("vague-value", "规范")]


def test_bad_baseline_files_are_one_line_errors(tmp_path):
    (tmp_path / "other.json").write_text('{"files": []}', encoding="utf-8")
    for name, message in (("missing.json", "missing.json: 基线文件不存在"),
                          ("other.json", "other.json: 不是 jxlint 基线文件")):
        result = run_cli("check", SECURITY, "--baseline", name, cwd=tmp_path)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and message in result.stderr
    both = run_cli("check", SECURITY, "--baseline", "a.json", "--baseline", "write", "b.json", cwd=tmp_path)
    assert both.returncode == 2 and "不能同时使用" in both.stderr
