"""The deferred-import policy (netcfg.deferred) holds: a run loads only what it uses."""

import subprocess
import sys

from conftest import GOLDEN

HEAVY = (
    "lxml",
    "jinja2",
    "xmlschema",
    "json",
    "pathlib",
    "tomllib",
    "socket",
    "netcfg.render.runbook",
    "netcfg.outputs",
    "netcfg.io.topology",
    "netcfg.io.writing",
)


def loaded_after(*argv: str) -> list[str]:
    # What the interpreter, click and an editable install's import hook load anyway is not the run's doing.
    code = (
        "import sys\nimport click, netcfg\nbefore = set(sys.modules)\nfrom netcfg.cli import cli\n"
        f"try:\n    cli.main({list(argv)!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules and m not in before))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return eval(done.stdout.splitlines()[-1])  # a list of module names printed by the child


def test_help_loads_nothing_heavy():
    assert loaded_after("--help") == []


def test_help_lists_the_commands_without_importing_them():
    """'netcfg --help' reads each command's summary from one table: no command module, no model."""
    code = (
        "import sys\nfrom netcfg.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('netcfg')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "Commands:" in done.stdout and "validate  Check .netcfg files before uploading them." in done.stdout
    assert eval(done.stdout.splitlines()[-1]) == [
        "netcfg",
        "netcfg.cli",
        "netcfg.cli.group",
        "netcfg.deferred",
        "netcfg.errors",
    ]


def test_validate_of_plain_files_loads_no_click(tmp_path):
    """'netcfg validate FILE...' (what a pre-commit hook runs) answers without importing click; with an
    option, a directory or '-', click reads the command line as it always does."""
    code = (
        "import sys\nfrom netcfg.cli import main\n"
        "import os\nreal = os._exit\n"  # main ends the process by os._exit: look just before it does
        "os._exit = lambda code: (print('click' in sys.modules, code), real(0))\n"
        "main(sys.argv[1:])\n"
    )

    def click_loaded(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
        return done.stdout.splitlines()[-1]

    article = str(GOLDEN / "article.netcfg")
    assert click_loaded("validate", article) == "False 0"
    assert click_loaded("validate", article, article) == "False 0"
    assert click_loaded("validate", "--strict", article) == "True 1"  # the article's two warnings
    assert click_loaded("validate", str(GOLDEN)) == "True 0"  # a folder: click reads it
    assert click_loaded("validate", str(tmp_path / "missing.netcfg")) == "True 2"


def test_validate_loads_lxml_and_nothing_else_heavy():
    assert loaded_after("validate", str(GOLDEN / "article.netcfg")) == ["lxml"]


def test_render_loads_only_its_own_renderer():
    assert loaded_after("render", str(GOLDEN / "article.netcfg"), "--to", "dot") == ["lxml", "netcfg.outputs"]


def test_a_network_without_tunnels_or_comments_loads_no_router_and_no_suppressions(tmp_path):
    """The routing rules make the router on first use: a file with no gateway connections (most small
    real exports) never loads netcfg.model.reach; one with tunnels does, and is checked by it. A
    file without comments has nothing to suppress, and loads no netcfg.validate.suppressions."""
    code = (
        "import sys\nfrom netcfg.validate import validate_path\nvalidate_path(sys.argv[1])\n"
        "print('netcfg.model.reach' in sys.modules, 'netcfg.validate.suppressions' in sys.modules)"
    )
    plain = tmp_path / "plain.netcfg"
    plain.write_bytes(
        b'<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">'
        b'<VirtualNetworkConfiguration><VirtualNetworkSites><VirtualNetworkSite name="V" Location="North Europe">'
        b"<AddressSpace><AddressPrefix>10.0.0.0/16</AddressPrefix></AddressSpace></VirtualNetworkSite>"
        b"</VirtualNetworkSites></VirtualNetworkConfiguration></NetworkConfiguration>"
    )
    commented = tmp_path / "commented.netcfg"
    commented.write_bytes(
        plain.read_bytes().replace(b"<VirtualNetworkSites>", b"<!-- netcfg: ignore[placement] --><VirtualNetworkSites>")
    )
    for path, loaded in (
        (plain, ["False", "False"]),
        (GOLDEN / "article.netcfg", ["True", "False"]),
        (commented, ["False", "True"]),
    ):
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
        assert done.stdout.split() == loaded, path
