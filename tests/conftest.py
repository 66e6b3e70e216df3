import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Rule packs are compiled fresh in tests: a stale cache must never hide a broken rule file.
os.environ.setdefault("JXLINT_NO_CACHE", "1")


def pytest_make_parametrize_id(config, val, argname):
    """A rule's example case is known by its name, as written (pytest would escape the Chinese of an ids= list)."""
    from linter.run.cases import Named

    return val.id if isinstance(val, Named) else None


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed tables not found at {SEEDS} (shared/ must sit beside the repository)")
    return SEEDS


@pytest.fixture(scope="session")
def pack():
    from linter.engine import ruleset

    return ruleset.load(use_cache=False)


def write(root, files):
    """Files under ``root`` from {relative path: text}, the text dedented."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def alias_bomb_draft() -> str:
    """A YAML draft whose aliases expand to 10**9 values: a billion-laughs attack."""
    levels = ["a: &a [有效, 有效, 有效, 有效, 有效, 有效, 有效, 有效, 有效, 有效]"]
    levels += [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]" for i in range(8)]
    return "\n".join(levels) + "\ntables: [*i]\n"


def run_cli(*args, cwd=ROOT, env=None):
    """Run jxlint as a user does, in its own process: python cli.py ARGS."""
    full_env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium through selenium; its downloads land in ``browser.downloads``."""
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install '.[test]')")
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        reason = "chromium/chromedriver not found: install Debian's chromium and chromium-driver (.ci/run does)"
        print(f"SKIPPED: {reason}")
        pytest.skip(reason)
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    profile, downloads = tempfile.mkdtemp(prefix="jxlint-chromium-"), tempfile.mkdtemp(prefix="jxlint-downloads-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={profile}", "--window-size=1366,900"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": downloads,
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))  # no Selenium Manager download
    driver.downloads = Path(downloads)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(downloads, ignore_errors=True)
