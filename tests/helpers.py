"""What several test modules share (no test module imports another): script checks and file mutations."""

from __future__ import annotations

import copy

from hypothesis import strategies as st
from lxml import etree

import powershell
from cmdlets import COMMON, classic_cmdlets
from conftest import DATA, GOLDEN, well_formed_corpus_files

# --- emitted PowerShell ---------------------------------------------------------------------

# PowerShell's approved verbs (Get-Verb on Windows PowerShell 5.1).
APPROVED_VERBS = set(
    """Add Clear Close Copy Enter Exit Find Format Get Hide Join Lock Move New Open Optimize Pop Push Redo
Remove Rename Reset Resize Search Select Set Show Skip Split Step Switch Undo Unlock Watch Connect Disconnect Read Receive
Send Write Backup Checkpoint Compare Compress Convert ConvertFrom ConvertTo Dismount Edit Expand Export Group Import
Initialize Limit Merge Mount Out Publish Restore Save Sync Unpublish Update Approve Assert Build Complete Confirm Deny
Deploy Disable Enable Install Invoke Register Request Restart Resume Start Stop Submit Suspend Uninstall Unregister Wait
Debug Measure Ping Repair Resolve Test Trace Block Grant Protect Revoke Unblock Unprotect Use""".split()
)
CLASSIC = classic_cmdlets()


def check_script(data: bytes) -> list[powershell.Command]:
    """Everything every emitted script must satisfy; returns its commands for further checks."""
    assert data.startswith("\ufeff".encode()), "UTF-8 with BOM, for Windows PowerShell 5.1"
    tree = powershell.parse(data)
    assert powershell.syntax_errors(tree) == []
    commands = powershell.commands(tree)
    for command in commands:
        assert command.name != "Write-Host"
        if "-Azure" not in command.name:
            continue
        if not CLASSIC:
            continue  # the classic cmdlet reference (../shared/reference) is not beside us: only these checks wait
        assert command.name in CLASSIC, f"line {command.line}: {command.name} is not a classic cmdlet"
        allowed = CLASSIC[command.name].parameters | COMMON
        assert set(command.parameters) <= allowed, (
            f"line {command.line}: {command.name} has no {set(command.parameters) - allowed}"
        )
        assert command.positional == [], f"line {command.line}: name every parameter"
        for parameter, values in CLASSIC[command.name].values.items():
            value = command.parameters.get(parameter)
            if value is not None:
                assert value.kind == "string" and value.text in values, f"line {command.line}: -{parameter} {value.text}"
    for name in powershell.function_names(tree):
        assert name.split("-")[0] in APPROVED_VERBS, f"function {name} has no approved verb"
    return commands


# --- mutated network configurations ---------------------------------------------------------

# Real files to mutate: the corpus when it is beside us, and always the project's own samples.
ORIGINALS = [f.read_bytes() for f in well_formed_corpus_files()] + [
    (GOLDEN / "article.netcfg").read_bytes(),
    (GOLDEN / "mesh-3.netcfg").read_bytes(),
    (DATA / "odd-but-accepted.netcfg").read_bytes(),
]
garbage = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12) | st.sampled_from(
    ["", "10.0.0.0/8", "10.0.0.0/33", "1.1.1.1", "GatewaySubnet", "IPsec", "Huge", "x" * 300]
)


def mutate(data: st.DataObject, root: etree._Element) -> None:
    elements = [e for e in root.iter(etree.Element)]
    target = data.draw(st.sampled_from(elements))
    action = data.draw(st.sampled_from(["drop", "duplicate", "reorder", "attribute", "text", "rename"]))
    parent = target.getparent()
    if action == "drop" and parent is not None:
        parent.remove(target)
    elif action == "duplicate" and parent is not None:
        parent.insert(parent.index(target), copy.deepcopy(target))
    elif action == "reorder" and len(target):
        children = list(target)
        order = data.draw(st.permutations(children))
        for child in children:
            target.remove(child)
        target.extend(order)
    elif action == "attribute":
        name = data.draw(st.sampled_from(sorted(target.attrib) or ["name"]))
        target.set(name, data.draw(garbage))
    elif action == "text":
        target.text = data.draw(garbage)
    elif action == "rename":
        target.tag = (
            target.tag.rpartition("}")[0] + "}" + data.draw(st.sampled_from(["Subnet", "Gateway", "Bogus", "AddressSpace"]))
        )


# --- networks -----------------------------------------------------------------------------------


def one(network):
    """The configuration of a network in one subscription (what most tests look at)."""
    assert len(network.parts) == 1, network.names
    return network.parts[0].config


def read_back(config):
    """``config`` written as a bare .netcfg and read again, its stand-ins worked out from the file alone."""
    from netcfg.io.inputs import network_from_bytes
    from netcfg.model.standins import resolve
    from netcfg.render.netcfg_xml import netcfg_bytes

    return resolve(network_from_bytes(netcfg_bytes(config), file="read-back.netcfg")).parts[0].config
