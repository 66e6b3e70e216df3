"""Pre-submission hooks in real git repositories: `jxlint install-hook` and the pre-commit framework
both refuse a commit that adds a vague indicator, show the finding, and accept the fixed commit."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from linter.outputs.formatters.text import display_width
from linter.readers import READERS

from conftest import ROOT, run_cli

HEAD = "一级指标\t二级指标\t三级指标\t年度指标值\n"
VAGUE = HEAD + "产出指标\t质量指标\t验收合格率\t有效\n"
FIXED = HEAD + "产出指标\t质量指标\t验收合格率\t≥95%\n"
FINDING = "drafts/a.txt:2:17: 错误[vague-value] 年度指标值“有效”没有设定可衡量的目标（指标“验收合格率”）"


def git_env(home: Path) -> dict:
    """A git with no global or system configuration (no stray core.hooksPath) and a fixed author."""
    return dict(os.environ, HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull,
                GIT_AUTHOR_NAME="测试", GIT_AUTHOR_EMAIL="t@example.invalid",
                GIT_COMMITTER_NAME="测试", GIT_COMMITTER_EMAIL="t@example.invalid")


def git(repo: Path, *args, check=True, timeout=60):
    done = subprocess.run(["git", *args], cwd=repo, env=git_env(repo.parent), capture_output=True, text=True,
                          timeout=timeout)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def new_repo(path: Path) -> Path:
    path.mkdir()
    git(path, "init", "-q", "-b", "main")
    return path


def commits(repo: Path) -> int:
    done = git(repo, "rev-list", "--count", "HEAD", check=False)
    return int(done.stdout) if done.returncode == 0 else 0


def stage(repo: Path, text: str) -> None:
    (repo / "drafts").mkdir(exist_ok=True)
    (repo / "drafts" / "a.txt").write_text(text, encoding="utf-8")
    git(repo, "add", "drafts/a.txt")


def test_hook_file_declares_every_supported_format():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "jxlint")
    assert hook["entry"] == "jxlint check --staged" and hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    for suffix in READERS:
        assert files.search(f"drafts/表{suffix}") and files.search(f"drafts/表{suffix.upper()}"), suffix
    assert not files.search("README.md") and not files.search("a.txt.bak")
    assert exclude.search(".pre-commit-config.yaml") and exclude.search("sub/.jxlint.yaml")
    assert not exclude.search("drafts/2023.yaml")


def test_installed_hook_refuses_a_vague_commit_and_accepts_the_fix(tmp_path):
    repo = new_repo(tmp_path / "repo")
    installed = run_cli("install-hook", cwd=repo, env=git_env(tmp_path))
    assert installed.returncode == 0, installed.stderr
    hook = repo / ".git" / "hooks" / "pre-commit"
    assert os.access(hook, os.X_OK) and "jxlint-hook" in hook.read_text(encoding="utf-8")

    stage(repo, VAGUE)
    refused = git(repo, "commit", "-m", "草稿", check=False)
    assert refused.returncode == 1 and commits(repo) == 0
    assert FINDING in (refused.stdout + refused.stderr).splitlines()  # git shows a hook's output on stderr

    (repo / "drafts" / "a.txt").write_text(FIXED, encoding="utf-8")  # fixed, but not staged
    assert git(repo, "commit", "-m", "草稿", check=False).returncode == 1 and commits(repo) == 0

    git(repo, "add", "drafts/a.txt")
    (repo / "drafts" / "a.txt").write_text(VAGUE, encoding="utf-8")  # the work tree may differ from the index
    accepted = git(repo, "commit", "-m", "草稿")
    assert commits(repo) == 1 and "vague-value" not in accepted.stdout + accepted.stderr


def test_install_hook_keeps_someone_elses_hook_unless_forced(tmp_path):
    repo = new_repo(tmp_path / "repo")
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    refused = run_cli("install-hook", cwd=repo, env=git_env(tmp_path))
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1 and "--force" in refused.stderr
    assert hook.read_text(encoding="utf-8") == "#!/bin/sh\nexit 0\n"
    assert run_cli("install-hook", "--force", cwd=repo, env=git_env(tmp_path)).returncode == 0
    assert run_cli("install-hook", cwd=repo, env=git_env(tmp_path)).returncode == 0  # ours: updated in place
    outside = run_cli("install-hook", cwd=tmp_path, env=git_env(tmp_path))
    assert outside.returncode == 2 and "不在 git 仓库里" in outside.stderr


def test_staged_checks_the_index_and_skips_what_is_not_a_table(tmp_path):
    repo = new_repo(tmp_path / "repo")
    stage(repo, VAGUE)
    (repo / "notes.yaml").write_text("owner: 预算科\n", encoding="utf-8")
    (repo / "README.md").write_text("# drafts\n", encoding="utf-8")
    git(repo, "add", "notes.yaml", "README.md")
    (repo / "drafts" / "a.txt").write_text(FIXED, encoding="utf-8")
    result = run_cli("check", "--staged", "--format", "json", cwd=repo, env=git_env(tmp_path))
    assert result.returncode == 1
    files = {f["path"]: (f["status"], [x["value"] for x in f["findings"] if x["rule"] == "vague-value"])
             for f in json.loads(result.stdout)["files"]}
    assert files == {"drafts/a.txt": ("checked", ["有效"]), "notes.yaml": ("skipped", [])}
    named = run_cli("check", "--staged", "drafts/a.txt", "untracked.txt", cwd=repo, env=git_env(tmp_path))
    assert FINDING in named.stdout and "untracked.txt: 跳过：不在 git 暂存区" in named.stderr


def _clone_with_working_tree(target: Path) -> str:
    """A clone of this repository that also holds its uncommitted files, committed: what pre-commit
    would fetch once they are committed. Returns the commit."""
    git(target.parent, "clone", "-q", "--no-hardlinks", str(ROOT), str(target))
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
        elif not source.exists() and (target / name).exists():
            (target / name).unlink()
    git(target, "add", "-A")
    git(target, "commit", "-q", "--allow-empty", "-m", "working tree")
    return git(target, "rev-parse", "HEAD").stdout.strip()


def test_pre_commit_framework_runs_the_hook_from_a_clone(tmp_path):
    if shutil.which("pre-commit") is None and subprocess.run([sys.executable, "-m", "pre_commit", "--version"],
                                                             capture_output=True).returncode:
        pytest.skip("pre-commit is not installed (pip install pre-commit, or pip install '.[test]')")
    clone = tmp_path / "jxlint"
    rev = _clone_with_working_tree(clone)
    repo = new_repo(tmp_path / "repo")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {clone.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: jxlint\n", encoding="utf-8")
    env = dict(git_env(tmp_path), PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    pre_commit = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pre_commit, "install"], cwd=repo, env=env, check=True, capture_output=True, timeout=60)
    git(repo, "add", ".pre-commit-config.yaml")
    stage(repo, VAGUE)

    refused = subprocess.run(["git", "commit", "-m", "草稿"], cwd=repo, env=env, capture_output=True, text=True,
                             timeout=600)
    output = refused.stdout + refused.stderr
    if refused.returncode and "An unexpected error has occurred" in output and "pip" in output:
        pytest.skip(f"pre-commit could not build the hook environment (no package index?): {output[-300:]}")
    assert refused.returncode == 1 and commits(repo) == 0, output
    assert "jxlint（绩效目标表、自评表检查）" in output and FINDING in output.splitlines()

    tried = subprocess.run([*pre_commit, "try-repo", str(clone), "jxlint", "--files", "drafts/a.txt"], cwd=repo,
                           env=env, capture_output=True, text=True, timeout=600)
    assert tried.returncode == 1 and FINDING in tried.stdout.splitlines(), tried.stdout + tried.stderr

    stage(repo, FIXED)
    accepted = subprocess.run(["git", "commit", "-m", "草稿"], cwd=repo, env=env, capture_output=True, text=True,
                              timeout=600)
    assert accepted.returncode == 0 and commits(repo) == 1, accepted.stdout + accepted.stderr
    assert re.search(r"jxlint（绩效目标表、自评表检查）\.+Passed", accepted.stdout + accepted.stderr)


def test_staged_excerpt_quotes_the_staged_line_not_the_work_tree(tmp_path):
    """The excerpt under a finding is the line that was checked (the index's), with the caret under
    its cell, even when the work tree's line has been edited since ``git add``."""
    repo = new_repo(tmp_path / "repo")
    stage(repo, HEAD + "产出指标\t质量指标\t采购规范性\t规范\n")
    (repo / "drafts" / "a.txt").write_text(HEAD + "产出指标\t质量指标\t政府采购流程规范性\t≥95%\n", encoding="utf-8")
    result = run_cli("check", "--staged", "--no-color", cwd=repo, env=git_env(tmp_path))
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("drafts/a.txt:2:") and "“规范”" in line)
    excerpt, caret = lines[head + 1], lines[head + 2]
    assert excerpt.lstrip().startswith("2 │ ") and excerpt.endswith("采购规范性 │ 规范"), excerpt
    assert "≥95%" not in excerpt
    bar = excerpt.index("│") + 2
    assert caret[bar:] == " " * display_width("产出指标 │ 质量指标 │ 采购规范性 │ ") + "^" * display_width("规范"), caret
