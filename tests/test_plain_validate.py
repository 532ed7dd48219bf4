"""'netcfg validate FILE...' with no options skips click (netcfg.cli.validating.plain_validate): the
same bytes on both outputs and the same exit code as the way through click, file for file."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import GOLDEN, corpus_files

# The same entry point both ways; the second is told there is no way around click.
PLAIN = "import sys\nfrom netcfg.cli import main\nmain(sys.argv[1:])\n"
CLICK = (
    "import sys\nimport netcfg.cli.validating as way\nway.plain_validate = lambda args: None\n"
    "from netcfg.cli import main\nmain(sys.argv[1:])\n"
)


def both(*args: str, cwd: str | None = None, env: dict[str, str] | None = None) -> tuple[tuple[int, bytes, bytes], ...]:
    def run(code: str) -> tuple[int, bytes, bytes]:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, cwd=cwd, env=env)
        return done.returncode, done.stdout, done.stderr

    return run(PLAIN), run(CLICK)


def assert_same(*args: str, **where: str | dict[str, str] | None) -> tuple[int, bytes, bytes]:
    plain, through_click = both(*args, **where)  # type: ignore[arg-type]
    assert plain == through_click, args
    return plain


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_real_file_gets_the_same_answer_both_ways(path):
    code, out, err = assert_same("validate", str(path))
    assert code in (0, 1) and out and b"Traceback" not in err


def test_several_files_broken_ones_and_a_topology_get_the_same_answer_both_ways(tmp_path):
    broken = tmp_path / "broken.netcfg"
    broken.write_bytes(b"<NetworkConfiguration><oops></NetworkConfiguration>")
    invalid = tmp_path / "invalid.netcfg"
    invalid.write_bytes((GOLDEN / "article.netcfg").read_bytes().replace(b"10.0.0.0/16", b"10.0.0.0/33"))
    code, out, _ = assert_same(
        "validate", str(GOLDEN / "article.netcfg"), str(broken), str(invalid), str(GOLDEN / "article.topology.toml")
    )
    assert code == 1 and b"xml-syntax" in out and b"10.0.0.0/33" in out


def test_settings_apply_the_same_both_ways_and_a_broken_one_is_a_usage_error_both_ways(tmp_path):
    (tmp_path / "article.netcfg").write_bytes((GOLDEN / "article.netcfg").read_bytes())
    (tmp_path / ".netcfg.toml").write_text("strict = true\n")
    assert assert_same("validate", "article.netcfg", cwd=str(tmp_path))[0] == 1  # its warnings fail
    (tmp_path / ".netcfg.toml").write_text('ignore = ["no-such-rule"]\n')
    code, out, err = assert_same("validate", "article.netcfg", cwd=str(tmp_path))
    assert (code, out) == (2, b"") and err.startswith(b"netcfg: error: ") and b"no-such-rule" in err


def test_what_is_not_a_plain_file_goes_through_click(tmp_path):
    """A missing file, a folder, '-', an option: each as click says it (the plain way declines)."""
    from netcfg.cli.validating import plain_validate

    missing = str(tmp_path / "missing.netcfg")
    for args in (["validate", missing], ["validate", str(tmp_path)], ["validate", "-"], ["validate", "--strict", missing]):
        assert plain_validate(args) is None
    code, out, err = assert_same("validate", missing)
    assert (code, out) == (2, b"") and b"does not exist" in err


def test_the_files_of_one_network_get_the_same_answer_both_ways(run, tmp_path):
    """'validate --network FILE...' (a network across subscriptions, one file each) skips click too,
    wherever the flag stands; anything more goes through click."""
    out = tmp_path / "net"
    regions = ("--subscription-of", "Dublin=Production", "--subscription-of", "Holland=DevTest")
    assert run("stretch", *regions, "--out", str(out)).exit_code == 0
    files = sorted(str(p) for p in out.rglob("NetworkConfig.netcfg"))
    assert len(files) == 2
    code, report, _ = assert_same("validate", "--network", *files)
    assert code == 0 and report.endswith(b"in 2 files\n"), report
    assert assert_same("validate", files[0], "--network", files[1]) == (code, report, b"")
    alone = assert_same("validate", *files)  # each alone: its stand-in names a VNet of the other file
    assert alone != (code, report, b"")
    for args in (
        ("validate", "--network", "--network", *files),
        ("validate", "--network"),
        ("validate", "--network", "--strict", *files),
    ):
        assert assert_same(*args)[0] in (0, 1, 2)


def test_only_validate_with_plain_files_and_the_network_flag_skips_click(tmp_path, monkeypatch):
    import netcfg.cli.validating as way

    monkeypatch.setattr(way, "check", lambda files, **options: (files, options))
    article = str(GOLDEN / "article.netcfg")
    assert way.plain_validate(["validate", "--network", article]) == ([article], {"as_network": True})
    assert way.plain_validate(["validate", article, "--network", article]) == ([article, article], {"as_network": True})
    assert way.plain_validate(["validate", article]) == ([article], {"as_network": False})
    for args in (
        ["validate", "--network"],
        ["validate", "--network", "--network", article],
        ["validate", "--strict", article],
        ["validate", "--", article],
        ["validate", str(tmp_path)],
        ["show", article],
        ["validate"],
    ):
        assert way.plain_validate(args) is None, args
