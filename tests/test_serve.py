"""jxlint serve as an officer and an attacker meet it: the real command started on loopback in its
own process, real HTTP requests (http.client), and the page driven in headless Chromium."""
import base64
import html
import http.client
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from conftest import ROOT, run_cli

SAMPLES = ROOT / "samples"
WORKBOOK = SAMPLES / "xlsx" / "campus-security-2022-draft.xlsx"   # made from a seed table
LIMIT = 50 * 1024 * 1024                                           # README: 单个文件大小 50 MB
HOSTILE = ("绩效目标表\n（2023年度）\n项目名称\t培训项目\n实施单位\t单位&lt;img src=x onerror=window.__xss=1&gt;\n"
           "一级指标\t二级指标\t三级指标\t年度指标值\n产出指标\t质量指标\t&lt;script&gt;window.__xss=2&lt;/script&gt;\t有效\n")
SCRIPT_CELL = "<script>window.__xss=2</script>"


class Server:
    """``jxlint serve --no-browser`` in its own process, its temporary files under ``temp``."""

    def __init__(self, temp: Path, *args, token=None):
        self.temp = temp
        self.log = temp.parent / f"{temp.name}.log"
        # A rule cache of its own, compiled fresh at start-up: each request then loads the rules quickly.
        env = dict(os.environ, TMPDIR=str(temp), PYTHONUNBUFFERED="1", XDG_CACHE_HOME=str(temp.parent / "cache"))
        env.pop("JXLINT_NO_CACHE", None)
        self.process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve", "--no-browser", *args,
                                         *(["--token", token] if token else [])],
                                        cwd=temp, env=env, stdout=subprocess.PIPE, stderr=self.log.open("w"),
                                        text=True)
        line = self.process.stdout.readline()
        assert "http://127.0.0.1:" in line, line + self.log.read_text()
        self.url = line.split("打开 ", 1)[1].strip()
        self.port = int(self.url.split(":")[2].split("/")[0])
        self.host = f"127.0.0.1:{self.port}"
        page = self.request("GET", "/", headers={"X-Jxlint-Token": token} if token else {})[2]
        self.csrf = page.split('name="jxlint-csrf" content="')[1].split('"')[0]

    def request(self, method, path, body=None, headers=None, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def upload(self, name, data, **headers):
        sent = {"Origin": f"http://{self.host}", "X-Jxlint-CSRF": self.csrf, "X-Jxlint-Name": quote(name)}
        sent.update(headers)
        status, _, body = self.request("POST", "/api/check", data, {k: v for k, v in sent.items() if v is not None})
        return status, json.loads(body)

    def uploads_left(self):
        """What is in the server's private temporary folder (jxlint-serve-*): nothing between requests."""
        [root] = self.temp.glob("jxlint-serve-*")
        return list(root.iterdir())

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=20)
        self.process.stdout.close()


def quote(name):
    from urllib.parse import quote as url_quote

    return url_quote(name)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    temp = tmp_path_factory.mktemp("serve-tmp")
    running = Server(temp)
    yield running
    running.stop()
    assert running.process.returncode == 0
    assert not list(temp.iterdir()), "the server left temporary files behind"


def test_page_is_offline_chinese_and_locked_down(server):
    status, headers, page = server.request("GET", "/")
    assert status == 200 and '<html lang="zh-CN">' in page and "把文件拖到这里" in page
    assets = [server.request("GET", f"/static/{name}")[2] for name in ("app.js", "app.css")]
    for text in [page] + assets:
        assert "http://" not in text and "https://" not in text and "@import" not in text and "url(" not in text
    policy = headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert server.request("GET", "/static/../cli.py")[0] == 404


def test_a_foreign_host_is_refused(server):
    for host in ("evil.example", f"evil.example:{server.port}", f"127.0.0.1.evil.example:{server.port}"):
        status, _, body = server.request("GET", "/", headers={"Host": host})
        assert status == 400 and "不是本服务的地址" in json.loads(body)["error"]
    status, _ = server.upload("a.xlsx", WORKBOOK.read_bytes(), Host="evil.example")
    assert status == 400


def test_a_cross_origin_post_is_refused(server):
    data = WORKBOOK.read_bytes()
    for headers, why in (({"Origin": "http://evil.example"}, "Origin"), ({"Origin": None}, "Origin"),
                         ({"X-Jxlint-CSRF": "guessed"}, "CSRF"), ({"X-Jxlint-CSRF": None}, "CSRF")):
        status, body = server.upload("a.xlsx", data, **headers)
        assert status == 403 and why in body["error"], (headers, body)
    assert server.uploads_left() == []
    assert server.upload("a.txt", HOSTILE.encode(), Origin=f"https://{server.host}")[0] == 200  # behind a TLS proxy


def test_an_upload_is_checked_as_the_cli_checks_it(server):
    status, data = server.upload("申报表.xlsx", WORKBOOK.read_bytes())
    assert status == 200, data
    expected = json.loads(run_cli("check", WORKBOOK, "--format", "json").stdout)["files"][0]
    assert data["status"] == "checked" and data["name"] == "申报表.xlsx"
    assert sum(count for _, _, count in data["rules"]) == len(expected["findings"])
    [table] = data["tables"]
    assert table["project"] == expected["tables"][0]["project"] and table["findings"] == len(expected["findings"])
    for finding in expected["findings"]:
        assert html.escape(finding["suggestion"]) in table["html"]
    files = {d["filename"]: base64.b64decode(d["data"]) for d in data["downloads"]}
    assert set(files) == {"申报表-批注.xlsx", "申报表-审核意见单.docx", "申报表-审核意见单.html"}
    book = load_workbook(io.BytesIO(files["申报表-批注.xlsx"]))
    comments = [c.comment.text for s in book for row in s.iter_rows() for c in row if c.comment]
    assert len(comments) == len({f["ref"] for f in expected["findings"]})
    sheet = docx.Document(io.BytesIO(files["申报表-审核意见单.docx"]))
    cells = " ".join(c.text for t in sheet.tables for row in t.rows for c in row.cells)
    assert all(f["message"] in cells for f in expected["findings"])
    assert server.uploads_left() == []


def test_a_cell_with_a_script_comes_back_escaped(server):
    status, data = server.upload("hostile.txt", HOSTILE.encode())
    assert status == 200 and data["status"] == "checked"
    section = data["tables"][0]["html"]
    assert "<script" not in section and "<img" not in section
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in section


def test_oversized_and_unsupported_uploads_get_one_clear_message(server):
    status, _, body = server.request("POST", "/api/check", headers={
        "Origin": f"http://{server.host}", "X-Jxlint-CSRF": server.csrf, "X-Jxlint-Name": "big.xlsx",
        "Content-Length": str(LIMIT + 1)})  # refused on its declared length, before any byte is read
    assert status == 413 and "文件超过 50 MB" in json.loads(body)["error"]

    def chunks():  # no declared length: counted as it streams
        block = b"\0" * (1 << 20)
        for _ in range(LIMIT // len(block) + 1):
            yield block

    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    connection.request("POST", "/api/check", body=chunks(), encode_chunked=True, headers={
        "Origin": f"http://{server.host}", "X-Jxlint-CSRF": server.csrf, "X-Jxlint-Name": "big.csv"})
    response = connection.getresponse()
    assert response.status == 413 and "文件超过 50 MB" in json.loads(response.read())["error"]
    connection.close()
    status, body = server.upload("旧表.doc", b"\xd0\xcf\x11\xe0")
    assert status == 415 and "另存为 .docx" in body["error"]
    assert server.uploads_left() == []


def test_a_broken_file_fails_with_one_line(server):
    status, data = server.upload("坏文件.xlsx", b"\x00\x01PK\x03\x04" * 50)
    assert status == 200 and data["status"] == "failed" and data["downloads"] == []
    assert data["error"] and "\n" not in data["error"] and "Traceback" not in data["error"]


def test_concurrent_uploads_each_get_their_own_results(server):
    files = [SAMPLES / "xlsx" / "campus-security-2022-draft.xlsx", SAMPLES / "docx" / "self-evaluations-2022.docx",
             SAMPLES / "csv" / "clean-service-platform-2022.csv", SAMPLES / "yaml" / "campus-security-2022-draft.yaml",
             SAMPLES / "text" / "security-2023-draft.txt", SAMPLES / "xlsx" / "district-workbook-2022.xlsx",
             SAMPLES / "pdf" / "campus-security-2022-draft.pdf", SAMPLES / "csv" / "self-evaluations-2022.tsv"]
    expected = {f["path"]: f for f in json.loads(run_cli("check", *files, "--format", "json").stdout)["files"]}
    answers = {}

    def send(path):
        answers[path] = server.upload(path.name, path.read_bytes())

    threads = [threading.Thread(target=send, args=(path,)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for path in files:
        status, data = answers[path]
        want = expected[str(path)]
        assert status == 200 and data["name"] == path.name
        assert [t["project"] for t in data["tables"]] == [t["project"] for t in want["tables"]]
        assert sum(count for _, _, count in data["rules"]) == len(want["findings"])
    log = server.log.read_text(encoding="utf-8")
    assert log.count("POST /api/check 200") >= len(files)
    assert "校区保安经费" not in log and ".xlsx" not in log  # the log has no names and no contents


def test_uploads_beyond_the_queue_are_told_to_wait(tmp_path):
    running = Server(tmp_path, "--jobs", "1", "--queue", "0")
    try:
        held = http.client.HTTPConnection("127.0.0.1", running.port, timeout=60)
        held.putrequest("POST", "/api/check")
        for name, value in (("Origin", f"http://{running.host}"), ("X-Jxlint-CSRF", running.csrf),
                            ("X-Jxlint-Name", "a.txt"), ("Transfer-Encoding", "chunked")):
            held.putheader(name, value)
        held.endheaders()
        body = HOSTILE.encode()
        held.send(b"%x\r\n%s\r\n" % (len(body), body))  # the first upload is in hand, not finished
        busy = _wait(lambda: (lambda answer: answer if answer[0] == 503 else None)(
            running.upload("b.txt", HOSTILE.encode())), seconds=10)
        assert "服务器正忙" in busy[1]["error"]
        held.send(b"0\r\n\r\n")
        first = held.getresponse()
        assert first.status == 200 and json.loads(first.read())["name"] == "a.txt"
        held.close()
        assert running.upload("b.txt", HOSTILE.encode())[0] == 200  # the slot is free again
    finally:
        running.stop()
    assert running.process.returncode == 0


def test_the_browser_is_opened_on_the_page_unless_told_not_to(tmp_path):
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"  # stands in for the officer's browser: webbrowser runs $BROWSER
    browser.write_text(f"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\n", encoding="utf-8")
    env = dict(os.environ, BROWSER=f"{sys.executable} {browser} %s")
    process = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "serve"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = process.stdout.readline().split("打开 ", 1)[1].strip()
        _wait(lambda: opened.is_file() and opened.read_text(), seconds=20)
        assert opened.read_text() == url
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=20)
        process.stdout.close()


def test_a_token_is_required_when_set(tmp_path):
    running = Server(tmp_path, token="s3cret-token")
    try:
        assert running.url.endswith("/?token=s3cret-token")
        assert running.request("GET", "/static/app.js")[0] == 401
        status, headers, _ = running.request("GET", "/?token=s3cret-token")
        assert status == 303 and headers["location"] == "/" and "HttpOnly" in headers["set-cookie"]
        cookie = headers["set-cookie"].split(";")[0]
        assert running.request("GET", "/", headers={"Cookie": cookie})[0] == 200
        assert running.upload("a.txt", HOSTILE.encode())[0] == 401
        assert running.upload("a.txt", HOSTILE.encode(), Cookie=cookie)[0] == 200
        assert running.upload("a.txt", HOSTILE.encode(), **{"X-Jxlint-Token": "wrong"})[0] == 401
    finally:
        running.stop()


def test_an_office_server_always_has_a_token():
    from linter.outputs.web import access_token

    assert access_token("127.0.0.1", None) is None and access_token("::1", None) is None
    assert access_token("127.0.0.1", "given") == "given"
    made = access_token("0.0.0.0", None)
    assert made and len(made) >= 20 and made != access_token("192.0.2.10", None)


# ---- in a real browser ---------------------------------------------------------------------
def _wait(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def test_the_page_in_chromium(browser, server, tmp_path):
    from selenium.webdriver.common.by import By

    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"\x00\x01PK\x03\x04" * 50)
    browser.get(server.url)
    script = browser.execute_script
    picker = browser.find_element(By.ID, "files")
    picker.send_keys(str(WORKBOOK))
    _wait(lambda: script("return document.querySelectorAll('section.file table.grid td.hit').length"))
    expected = json.loads(run_cli("check", WORKBOOK, "--format", "json").stdout)["files"][0]["findings"]
    on_rows = [f for f in expected if f["field"] == "value"]
    hits = script("return [...document.querySelectorAll('table.grid td.hit')].map(td => [td.className, "
                  "td.textContent, getComputedStyle(td).backgroundColor])")
    assert sorted(text for _, text, _ in hits) == sorted(f["value"] for f in on_rows)
    assert all(colour != "rgba(0, 0, 0, 0)" for _, _, colour in hits)
    notes = browser.find_element(By.CSS_SELECTOR, "table.grid").text
    assert on_rows[0]["suggestion"] in notes
    above = script("return [...document.querySelectorAll('ul.table-findings li')].map(li => li.textContent)")
    assert any("本表没有成本指标" in text for text in above)

    links = {a.text: a for a in browser.find_elements(By.CSS_SELECTOR, ".downloads a")}
    links["下载批注副本"].click()
    links["下载审核意见单（Word）"].click()
    annotated = _wait(lambda: _downloaded(browser.downloads, "campus-security-2022-draft-批注.xlsx"))
    sheet = _wait(lambda: _downloaded(browser.downloads, "campus-security-2022-draft-审核意见单.docx"))
    book = load_workbook(annotated)
    assert {c.coordinate for row in book["申报表"].iter_rows() for c in row if c.comment} == {
        f["ref"].split("!")[1] for f in expected}
    words = " ".join(c.text for t in docx.Document(sheet).tables for row in t.rows for c in row.cells)
    assert all(f["message"] in words for f in expected)

    browser.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="error"]').click()
    assert script("return [...document.querySelectorAll('.note.error')].every(n => n.offsetParent === null)")
    assert script("return [...document.querySelectorAll('.note.warning')].some(n => n.offsetParent !== null)")
    browser.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="error"]').click()

    picker.send_keys(str(broken))
    error = _wait(lambda: script("return (document.querySelector('section.file p.error') || {}).textContent"))
    assert error.startswith("无法检查：") and "\n" not in error
    script("""const drop = new DataTransfer();  // dropped onto the page, as from the file manager
              drop.items.add(new File([arguments[0]], 'hostile.txt'));
              document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: drop,
                                                                                   bubbles: true}));""", HOSTILE)
    _wait(lambda: script("return document.querySelectorAll('section.file').length === 3 && "
                         "!document.querySelector('section.file.pending') && "
                         "document.querySelectorAll('details.table-detail').length === 2"))
    assert script("return window.__xss === undefined")
    assert script("return [...document.querySelectorAll('table.grid td')].some(td => td.textContent === arguments[0])",
                  SCRIPT_CELL)
    screenshot = tmp_path / "serve.png"
    browser.save_screenshot(str(screenshot))
    print(f"screenshot: {screenshot}")
    assert server.uploads_left() == []


def _downloaded(folder: Path, name: str):
    path = folder / name
    return path if path.is_file() and not list(folder.glob("*.crdownload")) else None
