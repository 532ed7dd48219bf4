"""Every `$ ` command the README shows runs in examples/ and prints what the README says it prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from conftest import ROOT

PROMPT = "    $ "


def examples() -> list[tuple[int, str, list[str]]]:
    """``(line number, command, expected output lines)`` for each README ``$`` command, in order."""
    lines = (ROOT / "README.rst").read_text().splitlines()
    found: list[tuple[int, str, list[str]]] = []
    current: tuple[int, str, list[str]] | None = None
    for number, line in enumerate(lines, 1):
        if line.startswith(PROMPT):
            current = (number, line[len(PROMPT) :], [])
            found.append(current)
        elif current is not None and (line.startswith("    ") or not line.strip()):
            current[2].append(line[4:])
        else:
            current = None
    return [(n, command, _trim(shown)) for n, command, shown in found]


def _trim(shown: list[str]) -> list[str]:
    while shown and not shown[-1].strip():
        shown.pop()
    return shown


def _matches(actual: list[str], shown: list[str]) -> bool:
    if len(actual) != len(shown):
        return False
    return all(a == s or (s.endswith("...") and a.startswith(s[:-3])) for a, s in zip(actual, shown))


def test_the_readme_examples_print_what_the_readme_shows(tmp_path):
    work = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", work)
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}", "NO_COLOR": "1"}
    ran = []
    for number, command, shown in examples():
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        actual = _trim((done.stdout + done.stderr).splitlines())
        assert _matches(actual, shown), (
            f"README line {number}: {command}\n--- shown\n" + "\n".join(shown) + "\n--- printed\n" + "\n".join(actual)
        )
        ran.append(command.split()[0:2])
    assert ["netcfg", "validate"] in ran and ["netcfg", "reach"] in ran and len(ran) >= 10


def plain_commands() -> list[tuple[int, str]]:
    """The README's other netcfg command lines (shown without a prompt or output), continuations joined."""
    lines = (ROOT / "README.rst").read_text().splitlines()
    found = []
    for number, line in enumerate(lines, 1):
        if line.startswith("    netcfg "):
            command = line[4:]
            following = number
            while command.endswith("\\"):
                command = command[:-1] + lines[following].strip()
                following += 1
            found.append((number, command))
    return found


def test_the_readmes_other_commands_run_in_examples(tmp_path):
    work = tmp_path / "examples"
    shutil.copytree(ROOT / "examples", work)
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", "-c", "netcfg stretch --out article"], cwd=work, env=env, check=True, capture_output=True)
    commands = plain_commands()
    assert len(commands) >= 7
    for number, command in commands:
        done = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"README line {number}: {command}\n{done.stderr}"


def test_every_file_the_examples_name_is_in_examples():
    commands = [command for _, command, _ in examples()] + [command for _, command in plain_commands()]
    names = {m for command in commands for m in re.findall(r"[\w./-]+\.(?:netcfg|toml|json)\b", command)}
    made = {
        "article/topology.toml",
        "article/NetworkConfig.netcfg",
        "article/patched.toml",
        "exported.toml",
        "topology.schema.json",
        "azuredeploy.json",
        "merged.netcfg",
    }
    assert {n for n in names if n not in made and not (ROOT / "examples" / n).exists()} == set()
