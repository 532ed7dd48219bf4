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
from netcfg.render.runbook import MODULE_VERSION


def render(config):
    return runbook.render(NetworkSet.single(config))


render_set = runbook.render


HOSTILE = ["x'; Remove-Item C:\\ -Recurse; '", "$(Get-Date)", "a`nb", "it\u2019s", "名字 with spaces", "@{x=1}; %"]


def networks() -> dict[str, bytes]:
    three = [
        stretch.Region(name=n, location=loc)
        for n, loc in (("Dublin", "North Europe"), ("Holland", "West Europe"), ("Virginia", "East US"))
    ]
    hostile = [stretch.Region(name=n, location=loc) for n, loc in zip(HOSTILE[:3], ("North Europe", "West Europe", "East US"))]
    base = stretch.StretchPlan(avoid=(stretch.used_ranges(one(stretch.stretch()))), pool=stretch.DEFAULT_POOL)
    return {
        "article": render(one(stretch.stretch())),
        "mesh": render(one(stretch.stretch(three))),
        "hub": render(one(stretch.stretch(three, stretch.StretchPlan(shape=stretch.Shape.HUB, hub="Dublin")))),
        "hub-transit": render(
            one(stretch.stretch(three, stretch.StretchPlan(shape=stretch.Shape.HUB, hub="Dublin", transit=True)))
        ),
        "base": render(
            one(
                stretch.stretch(
                    [
                        stretch.Region(name="Paris", location="France Central"),
                        stretch.Region(name="Oslo", location="Norway East"),
                    ],
                    base,
                )
            )
        ),
        "sku": render(one(stretch.stretch(plan=stretch.StretchPlan(sku=GatewaySku.HIGH_PERFORMANCE)))),
        "hostile": render(one(stretch.stretch(hostile)).with_placements({HOSTILE[0]: HOSTILE[3]})),
        "subscriptions": render_set(
            stretch.stretch(
                three,
                stretch.StretchPlan(subscriptions=(("Dublin", "Production"), ("Holland", "DevTest"), ("Virginia", "Production"))),
            )
        ),
        "subscriptions-sku-regional": render_set(
            stretch.stretch(
                three,
                stretch.StretchPlan(
                    sku=GatewaySku.STANDARD,
                    regional=True,
                    shape=stretch.Shape.HUB,
                    hub="Dublin",
                    transit=True,
                    subscriptions=(("Dublin", "Hub"), ("Holland", "Spoke1"), ("Virginia", "Spoke2")),
                ),
            )
        ),
        "regional": render(one(stretch.stretch(three, stretch.StretchPlan(regional=True)))),
        # Every region in one named subscription: still selected, checked and restored like several.
        "subscriptions-one-named": render_set(
            stretch.stretch(three, stretch.StretchPlan(subscriptions=tuple((r.name, "Production") for r in three)))
        ),
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


def test_the_sku_is_passed_only_when_it_is_not_the_default_and_then_the_module_is_asked_for_it(script):
    # Modules of the article's era (0.8.7, learn.microsoft.com dn495104) have no -GatewaySKU; 0.9.x has it (§A.5).
    name, text, tree = script
    gateways = checks.commands(tree.root_node, "New-AzureVNetGateway")
    skus = {checks.text(c).split("-GatewaySKU ")[1].strip() for c in gateways if "GatewaySKU" in checks.parameters(c)}
    assert "'Default'" not in skus
    assert skus == ({"'HighPerformance'"} if name == "sku" else {"'Standard'"} if "sku" in name else set())
    assert checks.sku_without_module_check(tree) == []
    assert ("ContainsKey('GatewaySKU')" in text) == bool(skus)


def test_the_module_floor_is_the_one_that_selects_by_id(script):
    # Select-AzureSubscription -SubscriptionId exists from 0.8.12 (ChangeLog.txt@001c4541; §A.5).
    _, text, tree = script
    assert f"#Requires -Modules @{{ ModuleName = 'Azure'; ModuleVersion = '{MODULE_VERSION}' }}" in text
    assert MODULE_VERSION == "0.8.12" and checks.module_floor_problems(text, tree) == []


def test_across_subscriptions_every_key_then_every_connection_then_the_waits(script):
    _, _, tree = script
    assert checks.keys_connect_wait_order(tree) == []


def test_every_subscription_is_selected_and_checked_before_any_change(script):
    _, _, tree = script
    assert checks.subscriptions_checked_before_changes(tree) == []


def test_selecting_a_subscription_leaves_no_trace(script):
    _, _, tree = script
    assert checks.subscription_side_effects(tree) == []


def test_status_calls_are_retried_and_key_calls_are_not(script):
    _, text, tree = script
    assert checks.unretried_status_calls(tree) == []
    assert "Disable-AzureDataCollection" in text.split("#>", 1)[0]  # the help says how to keep keys out of logs


def test_existing_gateways_stop_the_runbook_before_any_change_unless_known_dynamic(script):
    _, text, tree = script
    assert checks.existing_gateways_unchecked(tree) == []
    assert "[switch]$ExistingGatewaysAreDynamic" in text


def test_a_connection_timeout_is_an_error(script):
    _, _, tree = script
    assert checks.connection_timeouts_succeed(tree) == []


def test_a_network_placed_by_location_reads_no_affinity_groups(script):
    name, _, tree = script
    assert checks.affinity_groups_read_without_need(tree) == []
    if "regional" in name:
        assert checks.commands(tree.root_node, "Get-AzureAffinityGroup") == []


def test_the_subscription_is_selected_and_shown_before_any_change(script):
    name, text, tree = script
    across = name.startswith("subscriptions")  # selected per subscription: tests/test_subscriptions.py checks which
    select = checks.commands(tree.root_node, "Select-PartSubscription" if across else "Select-NetworkSubscription")
    parts = {"subscriptions": 2, "subscriptions-sku-regional": 3}.get(name, 1)
    # Seven stages across subscriptions (check, start, wait, second pass, keys, connect, wait) in each.
    assert len(select) == (7 * parts if across else 1)
    first_change = min(
        n.start_byte
        for n in powershell.walk(tree.root_node)
        if checks.changes(n) and checks._inside(n, "function_statement") is None
    )
    assert select[0].start_byte < first_change
    assert "Acting on subscription '{0}' ({1})" in text
    if across:
        assert "[hashtable]$SubscriptionName = @{}" in text and "[hashtable]$SubscriptionId = @{}" in text
    else:
        assert "[string]$SubscriptionName = ''" in text and "[string]$SubscriptionId = ''" in text


def test_every_upload_is_checked_against_the_configuration_read_just_before(script):
    name, _, tree = script
    per_subscription = 2  # the first upload and the second pass
    parts = {"subscriptions": 2, "subscriptions-sku-regional": 3}.get(name, 1)
    assert len(checks.commands(tree.root_node, "Set-AzureVNetConfig")) == per_subscription * parts
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
    catches = list(checks.nodes(tree.root_node, "catch_clause"))
    assert catches and all("throw" in checks.text(c) for c in catches)  # every catch gives the error up in the end


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
    assert checks.unenumerated_connection_lists(tree) == [
        "line 276: Get-AzureVNetConnection -VNetName $item.VNetName | Where-Object { $_.LocalNetwor"
    ]
    assert sum("PSScriptRoot" in d for d in checks.parameter_defaults(tree)) == 2
    assert checks.uploads_without_a_fresh_check(tree) == ["line 171"]
    assert sorted(checks.key_prompts_outside_whatif(tree)) == ["line 313", "line 316"]


def test_the_new_checks_find_what_the_previous_runbook_got_wrong():
    # The article's runbook as it was before the module's corrections (§A.5): each new check fails on it.
    data = (DATA / "runbook-before-the-module-corrections.ps1").read_bytes()
    text, tree = data.decode("utf-8-sig"), powershell.parse(data)
    assert checks.module_floor_problems(text, tree) == [
        "selects by -SubscriptionId without '#Requires -Modules @{ ModuleName = 'Azure'; ModuleVersion = ... }'"
    ]
    assert checks.subscription_side_effects(tree) == [
        "line 199: the select's output is not discarded",
        "line 202: the select's output is not discarded",
        "line 677: the select's output is not discarded",
        "line 696: the select's output is not discarded",
        "the subscription current at the start is not remembered before the first select",
        "the original subscription is not made current again in a finally block",
        "line 673: a job is not waited for until it has selected",
        "line 692: a job is not waited for until it has selected",
    ]
    assert checks.unretried_status_calls(tree) == [
        "line 272: Get-AzureVNetGateway without Invoke-WithRetry",
        "line 281: Get-AzureVNetGateway without Invoke-WithRetry",
        "line 323: Get-AzureVNetGateway without Invoke-WithRetry",
        "line 387: Get-AzureVNetConnection without Invoke-WithRetry",
        "line 760: Set-AzureVNetGateway -Connect without Invoke-WhileUnderway",
        "line 763: Set-AzureVNetGateway -Connect without Invoke-WhileUnderway",
        "line 749: Set-AzureVNetGatewayKey is retried",
        "line 754: Set-AzureVNetGatewayKey is retried",
    ]
    assert checks.existing_gateways_unchecked(tree) == ["existing gateways are not checked before the first change"]
    assert checks.connection_timeouts_succeed(tree) == ["a connection timeout does not end the runbook with an error"]


def test_the_new_checks_find_what_the_previous_runbook_across_subscriptions_got_wrong():
    # 'netcfg stretch --subscription-of Dublin=Production --subscription-of Holland=DevTest' before the
    # corrections: each subscription was selected only when its turn came (after the first change),
    # and each set its keys, connected and waited before the next one set its key.
    data = (DATA / "runbook-across-before-the-module-corrections.ps1").read_bytes()
    text, tree = data.decode("utf-8-sig"), powershell.parse(data)
    assert checks.keys_connect_wait_order(tree) == [
        "a key is set after a connection was made",
        "a connection is made after waiting for connections began",
    ]
    assert checks.subscriptions_checked_before_changes(tree) == [
        "selected only after the first change: Select-PartSubscription -Part 'DevTest'"
    ]
    assert checks.existing_gateways_unchecked(tree) == ["existing gateways are not checked before the first change"]
    assert checks.connection_timeouts_succeed(tree) == ["a connection timeout does not end the runbook with an error"]
    assert len(checks.subscription_side_effects(tree)) == 8
    assert checks.module_floor_problems(text, tree)
