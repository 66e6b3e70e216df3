"""A folder of broken and hostile files, checked as a new user would: one clear line per file,
every file accounted for, a summary that adds up, exit code 2, and no traceback."""
import json

from linter.readers import examples

from conftest import alias_bomb_draft, run_cli
from pdf_csv_writers import write_pdf
from writers import write_xlsx

TABLE = examples.table({"project": "校园安保服务", "year": 2023, "rows": [
    {"level1": "产出指标", "level2": "质量指标", "name": "服务规范性", "value": "规范"}]})
GRID = "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t质量指标\t验收合格率\t有效\n"


def broken_folder(folder):
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "gbk.txt").write_bytes(GRID.encode("gbk"))
    (folder / "utf16.txt").write_bytes(GRID.encode("utf-16"))
    write_xlsx(TABLE, folder / "whole.xlsx")
    data = (folder / "whole.xlsx").read_bytes()
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    (folder / "whole.xlsx").unlink()
    write_pdf([TABLE], folder / "encrypted.pdf", password="secret")
    (folder / "bomb.yaml").write_text(alias_bomb_draft(), encoding="utf-8")
    (folder / "huge-cell.txt").write_text("项目名称\t" + "长" * 2_000_000 + "\n" + GRID, encoding="utf-8")
    (folder / "notes.md").write_text("# 说明", encoding="utf-8")
    return folder


EXPECTED = {  # file: (status, words its one line must contain)
    "empty.txt": ("failed", "文件为空"),
    "binary.txt": ("failed", "不是文本文件"),
    "gbk.txt": ("checked", ""),
    "utf16.txt": ("checked", ""),
    "truncated.xlsx": ("failed", "损坏"),
    "encrypted.pdf": ("failed", "密码"),
    "bomb.yaml": ("failed", "别名"),
    "huge-cell.txt": ("checked", ""),
    "notes.md": ("skipped", "不支持的文件类型"),
}


def test_folder_of_broken_files_as_a_new_user_sees_it(tmp_path):
    folder = broken_folder(tmp_path / "inbox")
    result = run_cli("check", folder)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().split("\n")
    for name, (status, words) in EXPECTED.items():
        if status == "checked":
            assert not any(name in line for line in lines), name
            continue
        (line,) = [line for line in lines if f"/{name}:" in line]
        assert words in line, line
    assert len(lines) == sum(status != "checked" for status, _ in EXPECTED.values())
    assert "共 9 个文件（检查 3，跳过 1，失败 5）" in result.stdout


def test_the_json_account_matches(tmp_path):
    folder = broken_folder(tmp_path / "inbox")
    data = json.loads(run_cli("check", folder, "--format", "json").stdout)
    got = {entry["path"].rsplit("/", 1)[1]: entry["status"] for entry in data["files"]}
    assert got == {name: status for name, (status, _) in EXPECTED.items()}
    assert data["summary"]["files"] == len(EXPECTED)
    huge = next(entry for entry in data["files"] if entry["path"].endswith("huge-cell.txt"))
    assert any(f["rule"] == "vague-value" for f in huge["findings"])
