"""Hostile and broken .xlsx/.docx files: one clear Chinese line each, exit 2 for a single file,
and the rest of a multi-file run goes on."""
import json
import shutil
import zipfile

import pytest

from linter.readers import examples

from conftest import run_cli
from writers import write_docx, write_xlsx

TABLE = examples.table({"project": "校园安保服务", "year": 2023, "rows": [
    {"level1": "产出指标", "level2": "质量指标", "name": "服务规范性", "value": "规范"}]})
MAIN_PART = {"xlsx": "xl/worksheets/sheet1.xml", "docx": "word/document.xml"}
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


@pytest.fixture
def good(tmp_path):
    paths = {"xlsx": tmp_path / "good.xlsx", "docx": tmp_path / "good.docx"}
    write_xlsx(TABLE, paths["xlsx"])
    write_docx(TABLE, paths["docx"])
    return paths


def _rewritten(source, target, change):
    """A copy of the package with each member passed through ``change(name, bytes)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, change(info.filename, old.read(info)))
        return target


def corrupt(good, kind, path):
    data = bytearray(good[kind].read_bytes())
    with zipfile.ZipFile(good[kind]) as package:
        info = package.getinfo(MAIN_PART[kind])
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 16
    for k in range(start, start + 64):
        data[k] ^= 0x5A
    path.write_bytes(bytes(data))


def truncated(good, kind, path):
    path.write_bytes(good[kind].read_bytes()[:1500])


def encrypted(good, kind, path):
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool (test extra) encrypts the file")
    with open(good[kind], "rb") as plain, open(path, "wb") as out:
        ooxml.OOXMLFile(plain).encrypt("secret", out)


def text_renamed(good, kind, path):
    path.write_text("项目名称\t校园安保服务\n", encoding="utf-8")


def pdf_renamed(good, kind, path):
    path.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")


def other_office_renamed(good, kind, path):
    shutil.copy(good["docx" if kind == "xlsx" else "xlsx"], path)


def plain_zip(good, kind, path):
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("readme.txt", "不是 Office 文件")


def zip_bomb(good, kind, path):
    with zipfile.ZipFile(good[kind]) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        with new.open("media/padding.bin", "w") as padding:
            zeros = bytes(1 << 20)
            for _ in range(201):
                padding.write(zeros)
    assert path.stat().st_size < 1024 * 1024


def entity_expansion(good, kind, path):
    def change(name, data):
        if name != MAIN_PART[kind]:
            return data
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return LAUGHS + body.replace(b"<t>", b"<t>&lol3;", 1).replace(b"<w:t>", b"<w:t>&lol3;", 1)

    _rewritten(good[kind], path, change)


def empty(good, kind, path):
    path.write_bytes(b"")


CASES = {
    corrupt: "已损坏", truncated: "不完整", encrypted: "密码保护", text_renamed: "改了扩展名",
    pdf_renamed: "这是 PDF 文件", other_office_renamed: "扩展名却是", plain_zip: "没有 Office 文档的主体部分",
    zip_bomb: "压缩炸弹", entity_expansion: "DTD 或实体声明", empty: "文件为空",
}


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
@pytest.mark.parametrize("make", CASES, ids=lambda f: f.__name__)
def test_a_bad_file_gives_one_clear_line_and_exit_2(good, tmp_path, kind, make):
    path = tmp_path / f"bad.{kind}"
    make(good, kind, path)
    result = run_cli("check", path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and CASES[make] in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith(f"jxlint: {path}: 失败：")


def test_another_office_file_is_named_by_what_it_is(good, tmp_path):
    path = tmp_path / "report.xlsx"
    other_office_renamed(good, "xlsx", path)
    assert "这是Word 文档（.docx），扩展名却是“.xlsx”" in run_cli("check", path).stderr


def test_the_rest_of_a_multi_file_run_goes_on(good, tmp_path):
    bad = []
    for make in (corrupt, encrypted, zip_bomb, other_office_renamed):
        path = tmp_path / f"{make.__name__}.xlsx"
        make(good, "xlsx", path)
        bad.append(path)
    result = run_cli("check", good["xlsx"], *bad, good["docx"], "--format", "json")
    assert result.returncode == 2
    files = {f["path"]: f for f in json.loads(result.stdout)["files"]}
    assert [files[str(p)]["status"] for p in (good["xlsx"], good["docx"])] == ["checked", "checked"]
    assert all(files[str(p)]["findings"] for p in (good["xlsx"], good["docx"]))
    assert [files[str(p)]["status"] for p in bad] == ["failed"] * 4


def test_openpyxl_itself_refuses_entities_through_defusedxml(good, tmp_path):
    """The second wall behind the reader's own check: openpyxl parses worksheets with defusedxml
    when it is installed (a declared dependency), so even a caller that skipped the check gets
    no entity expansion."""
    import openpyxl
    from defusedxml import EntitiesForbidden

    path = tmp_path / "entities.xlsx"
    entity_expansion(good, "xlsx", path)
    with pytest.raises(Exception) as raised:
        openpyxl.load_workbook(path)
    chain, error = [], raised.value
    while error is not None:
        chain.append(error)
        error = error.__cause__ or error.__context__
    assert any(isinstance(e, EntitiesForbidden) for e in chain)


def test_a_merged_range_over_the_whole_sheet_is_refused_before_openpyxl(good, tmp_path):
    """openpyxl makes one object per merged cell: A1:XFD1048576 would exhaust memory."""
    import re

    def change(name, data):
        if name != MAIN_PART["xlsx"]:
            return data
        return re.sub(rb'<mergeCells count="(\d+)">',
                      lambda m: b'<mergeCells count="%d"><mergeCell ref="F1:XFD1048576"/>' % (int(m.group(1)) + 1),
                      data, count=1)

    path = _rewritten(good["xlsx"], tmp_path / "merged.xlsx", change)
    result = run_cli("check", path)
    assert result.returncode == 2 and "合并单元格共覆盖" in result.stderr and "大得异常" in result.stderr
