"""Settings from .netcfg.toml or pyproject.toml [tool.netcfg], found as ruff finds its own; options win."""

from __future__ import annotations

import pytest

from conftest import GOLDEN

ARTICLE = (GOLDEN / "article.netcfg").read_bytes()  # two placeholder-gateway-address warnings


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "net" / "lab").mkdir(parents=True)
    (tmp_path / "net" / "prod.netcfg").write_bytes(ARTICLE)
    (tmp_path / "net" / "lab" / "lab.netcfg").write_bytes(ARTICLE)
    return tmp_path


def rules(result) -> list[str]:
    return [line.split(" [")[1].split("]")[0] for line in result.stdout.splitlines() if " [" in line]


def test_pyproject_settings_apply_to_every_file_below(run, tree):
    (tree / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.netcfg]\nstrict = true\n')
    result = run("validate", str(tree / "net"))
    assert result.exit_code == 1 and rules(result) == ["placeholder-gateway-address"] * 4  # warnings fail: strict
    assert run("validate", "--no-config", str(tree / "net")).exit_code == 0


def test_the_nearest_folder_wins_and_its_own_file_before_pyproject(run, tree):
    (tree / "pyproject.toml").write_text("[tool.netcfg]\nstrict = true\n")
    (tree / "net" / "lab" / "pyproject.toml").write_text('[project]\nname = "no netcfg table here"\n')
    (tree / "net" / "lab" / ".netcfg.toml").write_text('ignore = ["placeholder-gateway-address"]\n')
    shown = run("validate", "--show-settings", str(tree / "net" / "lab" / "lab.netcfg"), str(tree / "net" / "prod.netcfg"))
    assert shown.exit_code == 0
    assert shown.stdout == (
        f"{tree / 'net' / 'lab' / 'lab.netcfg'}\n"
        f"  settings: {tree / 'net' / 'lab' / '.netcfg.toml'}\n"
        "  select: every rule\n  ignore: placeholder-gateway-address\n  strict: no\n"
        f"{tree / 'net' / 'prod.netcfg'}\n"
        f"  settings: {tree / 'pyproject.toml'} [tool.netcfg]\n"
        "  select: every rule\n  ignore: nothing\n  strict: yes\n"
    )


def test_per_file_ignores_match_paths_below_the_settings_folder(run, tree):
    (tree / ".netcfg.toml").write_text('[per-file-ignores]\n"net/lab/*" = ["placeholder-gateway-address"]\n')
    result = run("validate", str(tree / "net"))
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == [str(tree / "net" / "prod.netcfg")] * 2


def test_options_win_select_replaces_ignore_adds_strict_turns_on(run, tree):
    (tree / ".netcfg.toml").write_text('select = ["xsd"]\nignore = ["one-ended-tunnel"]\n')
    path = str(tree / "net" / "prod.netcfg")
    assert rules(run("validate", path)) == []  # only xsd selected by the file
    assert rules(run("validate", path, "--select", "placeholder-gateway-address")) == ["placeholder-gateway-address"] * 2
    assert (
        rules(run("validate", path, "--select", "placeholder-gateway-address", "--ignore", "placeholder-gateway-address")) == []
    )
    assert run("validate", path, "--select", "placeholder-gateway-address", "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            'ignor = ["xsd"]\n',
            "unknown key 'ignor' (did you mean 'ignore'?); netcfg settings are select, ignore, strict, per-file-ignores",
        ),
        ('select = ["xzd"]\n', "select: no rule 'xzd' (did you mean 'xsd'?); 'netcfg rules' lists them"),
        ('strict = "yes"\n', "'strict' must be true or false"),
        ('ignore = "xsd"\n', "'ignore' must be a list of rule IDs, e.g. [\"xsd\"]"),
        ("select = [\n", "not valid TOML"),
    ],
)
def test_a_bad_settings_file_is_one_error_naming_it(run, tree, content, message):
    (tree / ".netcfg.toml").write_text(content)
    result = run("validate", str(tree / "net"))
    assert result.exit_code == 2 and result.stdout == ""  # a configuration error is a usage error
    assert result.stderr.startswith(f"netcfg: error: {tree / '.netcfg.toml'}") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_folder_with_nothing_to_check_says_so(run, tmp_path):
    result = run("validate", str(tmp_path))
    assert (
        result.exit_code == 2
        and "nothing to check: " in result.stderr
        and "holds no .netcfg, .xml or topology file" in result.stderr
    )
