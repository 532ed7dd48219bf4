"""The README tells the truth: its test command is CI's, its example topology loads, its rule table is complete."""

import re

from helpers import one
from netcfg.io import topology
from netcfg.validate.rules import RULES

from conftest import ROOT

README = (ROOT / "README.rst").read_text()


def literal_blocks(text: str) -> list[str]:
    """The indented blocks that follow a line ending in '::'."""
    blocks, lines = [], text.splitlines()
    for i, line in enumerate(lines):
        if line.rstrip().endswith("::"):
            block = []
            for following in lines[i + 2 :]:
                if following.strip() and not following.startswith("    "):
                    break
                block.append(following[4:])
            blocks.append("\n".join(block).strip())
    return blocks


def test_ci_runs_the_readme_test_command():
    setup = README.split("Set-up\n------", 1)[1].split("\nThe procedure, end to end\n", 1)[0]
    install, test = literal_blocks(setup)
    assert install.endswith("pip install . && netcfg stretch --out article")
    assert test in (ROOT / ".ci" / "run").read_text()


def test_the_readme_topology_example_is_the_documented_one_and_loads():
    example = next(b for b in literal_blocks(README) if b.startswith("[[affinity_group]]"))
    doc_example = next(b for b in literal_blocks(topology.__doc__) if b.startswith("[[affinity_group]]"))
    assert example == doc_example
    assert one(topology.loads(example)).vnets[0].name == "VNet-Dublin"


def test_the_rule_table_lists_every_rule():
    listed = set(re.findall(r"^``([a-z-]+)``\s+(?:error|warning)", README, re.M))
    assert listed == set(RULES)


def test_the_readme_renders_without_warnings():
    import docutils.core

    docutils.core.publish_string(README, writer="null", settings_overrides={"report_level": 2, "halt_level": 2})


def test_the_rule_table_gives_each_rule_its_level():
    listed = dict(re.findall(r"^``([a-z-]+)``\s+(error|warning)", README, re.M))
    assert listed == {rule_id: str(rule.severity) for rule_id, rule in RULES.items()}
