"""The library's front door (``netcfg.__all__``) refuses what it cannot use with its own errors, in words:
never a file descriptor taken for a path, a string read as a list, a selection that checks nothing
and looks clean, a KeyError, or a file mode with setuid."""

from __future__ import annotations

import os

import pytest

import netcfg
from conftest import GOLDEN
from netcfg.errors import UsageError


def test_an_integer_is_not_a_path_and_no_descriptor_is_touched():
    before = os.fstat(2)
    with pytest.raises(UsageError, match="read takes a path as text, not int 2"):
        netcfg.read(2)
    assert os.fstat(2) == before  # standard error still open


def test_read_network_takes_a_list_of_paths():
    with pytest.raises(UsageError, match=r"read_network takes a list of paths, not 'a.netcfg' \(for one file: \[path\]\)"):
        netcfg.read_network("a.netcfg")
    with pytest.raises(UsageError, match="read_network needs the files of a network: none were given"):
        netcfg.read_network([])


@pytest.mark.parametrize(
    ("select", "said"),
    [({"nope"}, "no rule 'nope'"), ("xsd", "is a set of rule IDs such as {'xsd'}, not 'xsd'"), ({"xzd"}, "did you mean 'xsd'")],
)
def test_a_selection_that_would_check_nothing_is_refused(select, said):
    with pytest.raises(UsageError, match=said):
        netcfg.Selection(select=select)


def test_validate_takes_bytes_and_paths_only():
    with pytest.raises(UsageError, match="validate_bytes takes the file's bytes, not NoneType"):
        netcfg.validate_bytes(None)
    with pytest.raises(UsageError, match="validate_file takes a path as text"):
        netcfg.validate_file(3)


def test_produce_and_reach_say_what_is_wrong():
    network = netcfg.read_network([str(GOLDEN / "article.topology.toml")])
    with pytest.raises(UsageError, match=r"no output 'netcfgg' \(did you mean 'netcfg'\?\)"):
        netcfg.produce(network, netcfg.Request(output="netcfgg"))
    with pytest.raises(UsageError, match="produce takes a NetworkSet"):
        netcfg.produce("article.netcfg", netcfg.Request(output="netcfg"))
    one = netcfg.reach(network, sources="VNet-Dublin")  # one name alone is one name, not its letters
    assert {v.source for v in one} == {"VNet-Dublin"}
    with pytest.raises(UsageError, match=r"no VNet or on-premises site 'VNet-Dubln' \(did you mean 'VNet-Dublin'\?\)"):
        netcfg.reach(network, sources=["VNet-Dubln"])


def test_write_files_takes_permission_bits_only(tmp_path):
    with pytest.raises(UsageError, match="write_files mode is permission bits"):
        netcfg.write_files({str(tmp_path / "x"): b"x"}, mode=0o4755)
    assert not (tmp_path / "x").exists()


def test_an_empty_network_gets_no_runbook_from_the_library_either():
    path = GOLDEN.parent / "data" / "empty.netcfg"
    network = netcfg.read_network([str(path)])
    with pytest.raises(netcfg.RefusedError, match=r"\[empty-network\]"):
        netcfg.produce(network, netcfg.Request(output="runbook"))


def test_an_error_says_its_fix_in_the_librarys_words_and_the_command_line_in_flags(tmp_path):
    """The same refusal, two readers: the library's text names the keyword (force), the command
    line's the flag (--force); the hint itself is a value either can read."""
    from click.testing import CliRunner

    from netcfg.cli import cli
    from netcfg.errors import Hint, Option

    out = tmp_path / "out.netcfg"
    out.write_text("mine")
    with pytest.raises(netcfg.NetcfgError) as refused:
        netcfg.write_files({str(out): b"new"})
    assert refused.value.hints == (Hint("to replace it", Option.FORCE),)
    assert str(refused.value) == f"{out} already exists; nothing was written (to replace it: force)"
    said = CliRunner().invoke(cli, ["render", str(GOLDEN / "article.netcfg"), "-o", str(out)])
    assert (said.exit_code, said.stderr) == (
        1,
        f"netcfg: error: {out} already exists; nothing was written (to replace it: --force)\n",
    )
    assert out.read_text() == "mine"


def test_a_hint_for_another_command_reads_well_both_ways():
    from netcfg.cli import flag_words
    from netcfg.errors import Hint, Option, field_words

    listing = Hint("to list them all", Option.VALIDATE_FOR, ("runbook",), command="validate", operands=("my net.toml",))
    patching = Hint("to put each VIP in", Option.GATEWAY_ADDRESSES, ("gateways.json",), command="patch")
    assert flag_words(listing) == "netcfg validate --for runbook 'my net.toml'"
    assert field_words(listing) == "as_new runbook (validate of my net.toml)"
    assert flag_words(patching) == "netcfg patch --from gateways.json"
    assert field_words(patching) == "addresses gateways.json (patch)"
