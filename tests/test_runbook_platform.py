"""The runbook against the classic module's real behaviour (§A.4 of the reference), checked on the
parsed script of every kind of network netcfg writes one for: the article, a 3-region mesh, a hub,
an addition to an existing export (stretch --base), a non-default SKU, and hostile names."""

import pytest

import powershell
import runbook_checks as checks
from conftest import DATA, GOLDEN
from helpers import one
from netcfg import stretch
from netcfg.model import GatewaySku
from netcfg.model.subscriptions import NetworkSet
from netcfg.render import runbook
from netcfg.render.runbook import GATEWAY_SKU_MODULE_VERSION


def render(config):
    return runbook.render(NetworkSet.single(config))


render_set = runbook.render


HOSTILE = ["x'; Remove-Item C:\\ -Recurse; '", "$(Get-Date)", "a`nb", "it\u2019s", "名字 with spaces", "@{x=1}; %"]


def networks() -> dict[str, bytes]:
    three = [stretch.Region(name=n, location=loc) for n, loc in
             (("Dublin", "North Europe"), ("Holland", "West Europe"), ("Virginia", "East US"))]
    hostile = [stretch.Region(name=n, location=loc) for n, loc in zip(HOSTILE[:3], ("North Europe", "West Europe", "East US"))]
    base = stretch.StretchPlan(avoid=(stretch.used_ranges(one(stretch.stretch()))), pool=stretch.DEFAULT_POOL)
    return {
        "article": render(one(stretch.stretch())),
        "mesh": render(one(stretch.stretch(three))),
        "hub": render(one(stretch.stretch(three, stretch.StretchPlan(shape=stretch.Shape.HUB, hub="Dublin")))),
        "hub-transit": render(one(stretch.stretch(three, stretch.StretchPlan(shape=stretch.Shape.HUB, hub="Dublin",
                                                                         transit=True)))),
        "base": render(one(stretch.stretch([stretch.Region(name="Paris", location="France Central"),
                                      stretch.Region(name="Oslo", location="Norway East")], base))),
        "sku": render(one(stretch.stretch(plan=stretch.StretchPlan(sku=GatewaySku.HIGH_PERFORMANCE)))),
        "hostile": render(one(stretch.stretch(hostile)).with_placements({HOSTILE[0]: HOSTILE[3]})),
        "subscriptions": render_set(stretch.stretch(three, stretch.StretchPlan(subscriptions=(
            ("Dublin", "Production"), ("Holland", "DevTest"), ("Virginia", "Production"))))),
    }


SCRIPTS = networks()


@pytest.fixture(params=sorted(SCRIPTS))
def script(request):
    data = SCRIPTS[request.param]
    tree = powershell.parse(data)
    assert powershell.syntax_errors(tree) == []
    return request.param, data.decode("utf-8-sig"), tree


def test_every_change_sits_under_a_should_process_decision(script):
    # -WhatIf and -Confirm reach only what $PSCmdlet.ShouldProcess guards; helper functions included.
    _, _, tree = script
    assert checks.unguarded_changes(tree) == []


def test_every_job_stops_on_errors_and_selects_its_subscription(script):
    _, _, tree = script
    assert checks.job_blocks(tree), "gateways are created in background jobs"
    assert checks.job_problems(tree) == []


def test_connection_lists_are_enumerated_before_they_are_filtered(script):
    _, _, tree = script
    assert checks.commands(tree.root_node, "Get-AzureVNetConnection")
    assert checks.unenumerated_connection_lists(tree) == []


def test_no_parameter_default_reads_psscriptroot(script):
    # Windows PowerShell 5.1 leaves $PSScriptRoot empty while it works out an advanced script's
    # parameter defaults under powershell.exe -File (fixed in 6.0: PowerShell/PowerShell#4688).
    _, _, tree = script
    defaults = checks.parameter_defaults(tree)
    assert defaults and not any("PSScriptRoot" in d or "MyInvocation" in d for d in defaults)


def test_the_sku_is_passed_only_when_it_is_not_the_default_and_then_the_module_is_required(script):
    # Modules of the article's era (0.8.7, learn.microsoft.com dn495104) have no -GatewaySKU.
    name, text, tree = script
    gateways = checks.commands(tree.root_node, "New-AzureVNetGateway")
    skus = {checks.text(c).split("-GatewaySKU ")[1].strip() for c in gateways if "GatewaySKU" in checks.parameters(c)}
    assert "'Default'" not in skus
    requires = f"#Requires -Modules @{{ ModuleName = 'Azure'; ModuleVersion = '{GATEWAY_SKU_MODULE_VERSION}' }}"
    if name == "sku":
        assert skus == {"'HighPerformance'"} and requires in text
    else:
        assert skus == set() and "#Requires -Modules Azure\n" in text


def test_the_subscription_is_selected_and_shown_before_any_change(script):
    name, text, tree = script
    across = name == "subscriptions"  # selected per subscription: tests/test_subscriptions.py checks which
    select = checks.commands(tree.root_node, "Select-PartSubscription" if across else "Select-NetworkSubscription")
    assert len(select) == (8 if across else 1)  # four stages (start, wait, second pass, connect) in each of two
    first_change = min(n.start_byte for n in powershell.walk(tree.root_node)
                       if checks.changes(n) and checks._inside(n, "function_statement") is None)
    assert select[0].start_byte < first_change
    assert "Acting on subscription '{0}' ({1})" in text
    if across:
        assert "[hashtable]$SubscriptionName = @{}" in text and "[hashtable]$SubscriptionId = @{}" in text
    else:
        assert "[string]$SubscriptionName = ''" in text and "[string]$SubscriptionId = ''" in text


def test_every_upload_is_checked_against_the_configuration_read_just_before(script):
    name, _, tree = script
    per_subscription = 2  # the first upload and the second pass
    assert len(checks.commands(tree.root_node, "Set-AzureVNetConfig")) == per_subscription * (2 if name == "subscriptions" else 1)
    assert checks.uploads_without_a_fresh_check(tree) == []


def test_whatif_asks_for_no_key(script):
    _, _, tree = script
    assert checks.key_prompts_outside_whatif(tree) == []


def test_debug_is_refused_before_anything_runs(script):
    # -Debug makes the classic module print HTTP bodies, shared keys included (AzurePSCmdlet.cs@0200a788).
    _, text, _ = script
    body = text.split("\n# -Debug", 1)[1]
    assert body.lstrip().startswith("makes the classic module print HTTP bodies")
    assert "if ($DebugPreference -ne 'SilentlyContinue') {\n    throw" in body


def test_a_gateway_being_deleted_is_waited_for_and_never_created_over(script):
    # Create Gateway is refused unless the state is NotProvisioned (REST reference jj154119).
    _, text, tree = script
    for call in checks.commands(tree.root_node, "New-AzureVNetGateway"):
        vnet = checks.text(call).split("-VNetName ", 1)[1].split(" -", 1)[0]
        before = text.split(checks.text(call))[0]
        assert f"Wait-GatewayRemoved -VNetName {vnet}" in before
        assert f"if ($state -eq 'Deprovisioning') {{\n        $state = Wait-GatewayRemoved -VNetName {vnet}" in before


def test_a_finished_job_with_no_gateway_on_its_way_is_a_failure_with_the_services_words(script):
    _, text, _ = script
    waiter = text.split("function Wait-GatewayProvisioned", 1)[1].split("\nfunction ", 1)[0]
    assert "@('Completed', 'Failed', 'Stopped') -contains [string]$creator.State" in waiter
    assert "@('Provisioning', 'Provisioned') -notcontains $state" in waiter
    assert "$($gateway.LastEventMessage)" in waiter and "Get-JobError -Job $creator" in waiter


def test_an_affinity_group_elsewhere_is_an_error(script):
    _, text, tree = script
    for call in checks.commands(tree.root_node, "New-AzureAffinityGroup"):
        group = checks.text(call).split("-Name ", 1)[1].split(" -Location", 1)[0]
        assert f"if (($existingGroups[{group}] -replace '\\s', '') -ne (" in text


def test_existing_networks_come_from_the_configuration_not_a_catch_all(script):
    # A catch-all around Get-AzureVNetSite once turned every error into "upload the unpatched
    # file", which on a resume pushes placeholder addresses over live sites.
    _, text, tree = script
    assert checks.commands(tree.root_node, "Get-AzureVNetSite") == []
    assert "catch {\n" not in text.split("function Invoke-WhileUnderway", 1)[0]


def test_names_reach_every_cmdlet_unchanged():
    # No filter between the model and a cmdlet argument may change a name (Jinja's indent once
    # rewrote line breaks inside names): every literal the cmdlets get is a name of the model.
    hostile = [stretch.Region(name=n, location="North Europe") for n in HOSTILE]
    config = one(stretch.stretch(hostile, stretch.StretchPlan(shape=stretch.Shape.HUB, hub=HOSTILE[0])))
    names = {v.name for v in config.vnets} | {s.name for s in config.local_sites} | {g.name for g in config.affinity_groups}
    tree = powershell.parse(render(config))
    seen = set()
    for command in powershell.commands(tree):
        for parameter in ("VNetName", "LocalNetworkSiteName", "Name"):
            value = command.parameters.get(parameter)
            if command.name.startswith(("New-Azure", "Set-Azure")) and value is not None and value.kind == "string":
                assert value.text in names, (command.name, value.text)
                seen.add(value.text)
    assert seen == names  # every VNet, site and affinity group reaches its cmdlets, each exactly as written


def test_the_goldens_hold_every_check():
    for golden in ("article.runbook.ps1", "mesh-3.runbook.ps1"):
        tree = powershell.parse((GOLDEN / golden).read_bytes())
        assert checks.unguarded_changes(tree) == [] and checks.job_problems(tree) == []


def test_the_checks_find_what_the_runbook_got_wrong_before():
    # The article's runbook as it was written before these facts were known: each check must fail on it.
    tree = powershell.parse((DATA / "runbook-before-the-module-facts.ps1").read_bytes())
    assert [p.split(":")[0] for p in checks.unguarded_changes(tree)] == ["line 338", "line 412", "line 413", "line 415"]
    assert len(checks.job_problems(tree)) == 4  # two jobs, neither stopping on errors nor selecting a subscription
    assert checks.unenumerated_connection_lists(tree) == ["line 276: Get-AzureVNetConnection -VNetName $item.VNetName"
                                                          " | Where-Object { $_.LocalNetwor"]
    assert sum("PSScriptRoot" in d for d in checks.parameter_defaults(tree)) == 2
    assert checks.uploads_without_a_fresh_check(tree) == ["line 171"]
    assert sorted(checks.key_prompts_outside_whatif(tree)) == ["line 313", "line 316"]
