"""unknown-vnet: a topology says a site stands in for a VNet that does not exist (a typo in ``mirrors``)."""

from netcfg.validate import Selection, validate_bytes

RULE = "unknown-vnet"
TOPOLOGY = """[[local_site]]
name = "Local-Holland"
prefixes = ["10.1.0.0/16"]
mirrors = "{vnet}"

[[vnet]]
name = "VNet-Holland"
location = "West Europe"
prefixes = ["10.1.0.0/16"]
"""


def found(text: str) -> list[tuple[int | None, str]]:
    return [
        (f.line, f.message) for f in validate_bytes(text.encode(), file="t.toml", selection=Selection(select=frozenset({RULE})))
    ]


def test_fails_at_the_line_of_mirrors_with_the_nearest_name():
    assert found(TOPOLOGY.format(vnet="VNet-Hollnd")) == [
        (
            4,
            (
                "local site 'Local-Holland' mirrors 'VNet-Hollnd', which is no VNet of the network (did you mean"
                " 'VNet-Holland'?); name the VNet it stands in for"
            ),
        )
    ]


def test_passes_a_vnet_that_exists():
    assert found(TOPOLOGY.format(vnet="VNet-Holland")) == []


def test_every_command_refuses_it_and_nothing_is_patched_or_exported(tmp_path):
    from click.testing import CliRunner

    from netcfg.cli import cli

    path = tmp_path / "t.toml"
    path.write_text(TOPOLOGY.format(vnet="VNet-Hollnd"))
    for command in (["show"], ["graph"], ["reach"], ["runbook"], ["export", "--to", "bicep"], ["render"]):
        result = CliRunner().invoke(cli, [*command, str(path)])
        assert result.exit_code == (2 if command == ["reach"] else 1), command  # reach: 1 means unreachable
        assert "line 4: local site 'Local-Holland' mirrors 'VNet-Hollnd'" in result.stderr, (command, result.stderr)
