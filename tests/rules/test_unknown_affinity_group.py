"""unknown-affinity-group: a topology's VNet names a group the topology does not define."""

from netcfg.validate import Selection, validate_bytes

RULE = "unknown-affinity-group"
TOPOLOGY = """[[affinity_group]]
name = "Holland"
location = "West Europe"

[[vnet]]
name = "VNet-Holland"
affinity_group = "{group}"
prefixes = ["10.1.0.0/16"]
"""


def found(text: str) -> list[tuple[int | None, str]]:
    return [
        (f.line, f.message) for f in validate_bytes(text.encode(), file="t.toml", selection=Selection(select=frozenset({RULE})))
    ]


def test_fails_on_a_typo_at_the_line_of_the_key_with_the_nearest_name():
    assert found(TOPOLOGY.format(group="Hollnd")) == [
        (
            7,
            (
                "VNet 'VNet-Holland' is in affinity group 'Hollnd', which the topology does not define; did you mean 'Holland'?;"
                " add an [[affinity_group]] with its location, or correct the name"
            ),
        )
    ]


def test_passes_a_defined_group_and_a_topology_that_defines_none():
    assert found(TOPOLOGY.format(group="Holland")) == []
    assert found(TOPOLOGY.split("\n\n", 1)[1].format(group="Anything")) == []  # groups of an export exist in Azure


def test_every_command_refuses_it_alike(tmp_path):
    from click.testing import CliRunner

    from netcfg.cli import cli

    path = tmp_path / "t.toml"
    path.write_text(TOPOLOGY.format(group="Hollnd"))
    for command in (["show"], ["graph"], ["reach"], ["render"], ["runbook"]):
        result = CliRunner().invoke(cli, [*command, str(path)])
        assert result.exit_code == (2 if command == ["reach"] else 1), command  # reach: 1 means unreachable
        assert f"{path}: line 7: VNet 'VNet-Holland' is in affinity group 'Hollnd'" in result.stderr, command
