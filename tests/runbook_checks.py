"""How the classic module really behaves, as checks over a parsed runbook (there is no PowerShell here).

Each check states a fact about the classic module or Windows PowerShell and where it comes from,
then looks for the script shapes that would break on it, generically (every call, every job),
not at particular lines. The facts are in ../shared/reference/classic-cmdlets-and-peers.md §A.4
unless a check records another source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tree_sitter import Node, Tree

import powershell

# Cmdlets that change something in Azure, by verb, among the classic cmdlets the runbook may call.
CHANGING_VERBS = ("New-Azure", "Set-Azure", "Remove-Azure", "Reset-Azure", "Resize-Azure")
# Cmdlets that write a file (a -WhatIf run must write none).
FILE_WRITERS = {
    "Set-Content",
    "Add-Content",
    "Out-File",
    "New-Item",
    "Copy-Item",
    "Move-Item",
    "Remove-Item",
    "Export-Csv",
    "Export-Clixml",
}


def text(node: Node) -> str:
    return node.text.decode()


def command_name(node: Node) -> str:
    name = next((c for c in node.children if c.type in ("command_name", "command_name_expr")), None)
    return text(name) if name is not None else ""


def nodes(root: Node, kind: str) -> Iterator[Node]:
    return (n for n in powershell.walk(root) if n.type == kind)


def commands(root: Node, name: str | None = None) -> list[Node]:
    return [n for n in nodes(root, "command") if name is None or command_name(n) == name]


def parameters(node: Node) -> list[str]:
    elements = next((c for c in node.children if c.type == "command_elements"), None)
    return [
        text(e).lstrip("-").rstrip(":") for e in (elements.named_children if elements else []) if e.type == "command_parameter"
    ]


def changes(node: Node) -> bool:
    """Whether this node changes Azure or writes a file: a changing classic cmdlet, a file writer,
    an export to a file, or an XML document's .Save()."""
    if node.type == "command":
        name = command_name(node)
        return (
            name.startswith(CHANGING_VERBS)
            or name in FILE_WRITERS
            or (name == "Get-AzureVNetConfig" and "ExportToFile" in parameters(node))
        )
    if node.type == "invocation_expression":
        member = next((c for c in node.children if c.type == "member_name"), None)
        return member is not None and text(member) == "Save"
    return False


def _condition(block: Node) -> Node | None:
    """The condition guarding a then-block of ``if`` or ``elseif`` (an else-block has none)."""
    parent = block.parent
    if parent is not None and parent.type in ("if_statement", "elseif_clause"):
        return next((c for c in parent.children if c.type == "pipeline"), None)
    return None


def guarded(node: Node, *, by: str = "ShouldProcess(") -> bool:
    """Whether ``node`` runs only in the then-branch of an ``if``/``elseif`` whose condition contains ``by``."""
    current = node.parent
    while current is not None:
        if current.type == "statement_block":
            condition = _condition(current)
            if condition is not None and by in text(condition):
                return True
        current = current.parent
    return False


def functions(tree: Tree) -> dict[str, Node]:
    return {
        text(next(c for c in n.children if c.type == "function_name")): n for n in nodes(tree.root_node, "function_statement")
    }


def _inside(node: Node, kind: str) -> Node | None:
    current = node.parent
    while current is not None and current.type != kind:
        current = current.parent
    return current


def unguarded_changes(tree: Tree) -> list[str]:
    """Every change (direct, or a call of a script function that makes one) that no ShouldProcess decision guards.

    A function that guards its own changes is safe to call anywhere; one that does not is
    "changing" itself, and then every call of it must be guarded (worked out to a fixed point).
    """
    defined = functions(tree)
    changing: set[str] = set()
    while True:
        found = {
            name
            for name, body in defined.items()
            if any(
                (changes(n) or (n.type == "command" and command_name(n) in changing)) and not guarded(n)
                for n in powershell.walk(body)
            )
        }
        if found <= changing:
            break
        changing |= found
    problems = []
    for node in powershell.walk(tree.root_node):
        if _inside(node, "function_statement") is not None:
            continue  # judged through the function's calls
        is_change = changes(node) or (node.type == "command" and command_name(node) in changing)
        if is_change and not guarded(node):
            problems.append(f"line {node.start_point[0] + 1}: {text(node)[:80]}")
    return problems


def job_blocks(tree: Tree) -> list[Node]:
    """The script block given to every Start-Job."""
    blocks = []
    for job in commands(tree.root_node, "Start-Job"):
        blocks += [n for n in powershell.walk(job) if n.type == "script_block_expression"]
    return blocks


def job_problems(tree: Tree) -> list[str]:
    """Fact (§A.4): classic cmdlets report a refused operation with WriteError, so a job ends
    'Completed' unless errors are terminating in it; and in 0.8/0.9 a job starts in the *default*
    subscription, not the one the script selected. So every job block sets
    $ErrorActionPreference = 'Stop' and selects, with a value passed into it, the subscription,
    both before its first change."""
    problems = []
    for block in job_blocks(tree):
        body = text(block)
        first_change = min((n.start_byte for n in powershell.walk(block) if changes(n)), default=block.end_byte)
        stop = body.find("$ErrorActionPreference = 'Stop'")
        selects = [c for c in commands(block, "Select-AzureSubscription") if c.start_byte < first_change]
        if stop < 0 or block.start_byte + stop > first_change:
            problems.append(f"line {block.start_point[0] + 1}: the job does not make errors terminating before its work")
        if not selects or not any(p in ("SubscriptionId", "SubscriptionName") for p in parameters(selects[0])):
            problems.append(f"line {block.start_point[0] + 1}: the job does not select its subscription before its work")
        elif "param(" not in body:
            problems.append(f"line {block.start_point[0] + 1}: the job's subscription is not passed into it")
    return problems


def unenumerated_connection_lists(tree: Tree) -> list[str]:
    """Fact (§A.4): Get-AzureVNetConnection writes its whole list as one object, so a filter
    right after it sees one object with every state at once ('Connected Connected'). Its output
    must be enumerated first: the collection of a foreach, or piped into ForEach-Object."""
    problems = []
    for call in commands(tree.root_node, "Get-AzureVNetConnection"):
        chain = call.parent
        following = [c for c in chain.children if c.type == "command" and c.start_byte > call.start_byte]
        in_foreach = _inside(call, "foreach_statement")
        collection = in_foreach is not None and any(
            c.type == "pipeline" and c.start_byte <= call.start_byte < c.end_byte for c in in_foreach.children
        )
        if (following and command_name(following[0]) != "ForEach-Object") or (not following and not collection):
            problems.append(f"line {call.start_point[0] + 1}: {text(chain)[:80]}")
    return problems


def parameter_defaults(tree: Tree) -> list[str]:
    """The default values of the script's own parameters (the top-level param block)."""
    block = next((c for c in tree.root_node.children if c.type == "param_block"), None)
    if block is None:
        return []
    return [text(d) for d in powershell.walk(block) if d.type == "script_parameter_default"]


def uploads_without_a_fresh_check(tree: Tree) -> list[str]:
    """Set-AzureVNetConfig replaces the whole configuration (§A.4), and other changes may have
    happened since the runbook started (a second upload comes 15-60 minutes after the first). So
    each upload is preceded, in a block that encloses it, by Assert-SafeUpload, which reads the
    subscription's configuration again."""
    checks = commands(tree.root_node, "Assert-SafeUpload")
    problems = []
    for upload in commands(tree.root_node, "Set-AzureVNetConfig"):
        enclosing = []
        current = upload.parent
        while current is not None:
            if current.type in ("statement_block", "statement_list", "program"):
                enclosing.append(current)
            current = current.parent
        if not any(
            c.start_byte < upload.start_byte and any(b.start_byte <= c.start_byte < b.end_byte for b in enclosing[1:])
            for c in checks
        ):
            problems.append(f"line {upload.start_point[0] + 1}")
    return problems


def key_prompts_outside_whatif(tree: Tree) -> list[str]:
    """Under -WhatIf no key is asked for: every Read-Host and key-file read sits under a condition
    that says '-not $WhatIfPreference'."""
    reads = commands(tree.root_node, "Read-Host") + commands(tree.root_node, "ConvertTo-SecureString")
    return [f"line {r.start_point[0] + 1}" for r in reads if not guarded(r, by="-not $WhatIfPreference")]


# --- the module's corrections (reference §A.5) ------------------------------------------------------


def _outside_functions(tree: Tree, name: str) -> list[Node]:
    return [c for c in commands(tree.root_node, name) if _inside(c, "function_statement") is None]


def _first_change(tree: Tree) -> int:
    return min(
        (n.start_byte for n in powershell.walk(tree.root_node) if changes(n) and _inside(n, "function_statement") is None),
        default=tree.root_node.end_byte,
    )


def module_floor_problems(script: str, tree: Tree) -> list[str]:
    """Fact (§A.5): Select-AzureSubscription -SubscriptionId exists from module 0.8.12 (ChangeLog.txt
    @001c4541). A script that selects by id must require at least that version, or every gateway
    job dies on parameter binding after the upload."""
    by_id = [c for c in commands(tree.root_node, "Select-AzureSubscription") if "SubscriptionId" in parameters(c)]
    found = re.search(r"^#Requires -Modules @\{ ModuleName = 'Azure'; ModuleVersion = '([0-9.]+)' \}$", script, re.M)
    if not by_id:
        return []
    if found is None:
        return ["selects by -SubscriptionId without '#Requires -Modules @{ ModuleName = 'Azure'; ModuleVersion = ... }'"]
    version = tuple(int(p) for p in found[1].split("."))
    return [] if version >= (0, 8, 12) else [f"requires module {found[1]}, older than 0.8.12"]


def keys_connect_wait_order(tree: Tree) -> list[str]:
    """Fact (§A.5): a connection comes up only when both ends hold the same key, so every key is set,
    in every subscription, before any connection is made, and every connection is made before any
    is waited for (else each subscription but the last waits its whole timeout)."""
    keys = [
        c.start_byte
        for c in powershell.walk(tree.root_node)
        if c.type == "command" and command_name(c) == "Set-AzureVNetGatewayKey" and _inside(c, "function_statement") is None
    ]
    connects = [
        c.start_byte
        for c in powershell.walk(tree.root_node)
        if c.type == "command" and command_name(c) == "Set-AzureVNetGateway" and "Connect" in parameters(c)
    ]
    waits = [c.start_byte for c in _outside_functions(tree, "Wait-ConnectionEstablished")]
    problems = []
    if keys and connects and max(keys) > min(connects):
        problems.append("a key is set after a connection was made")
    if connects and waits and max(connects) > min(waits):
        problems.append("a connection is made after waiting for connections began")
    return problems


def subscriptions_checked_before_changes(tree: Tree) -> list[str]:
    """Every subscription the script acts in is selected (and so checked) before the first change,
    so that a wrong name or missing rights leave nothing half-built."""
    first = _first_change(tree)
    selects = _outside_functions(tree, "Select-PartSubscription") + _outside_functions(tree, "Select-NetworkSubscription")
    every = {text(c) for c in selects}
    before = {text(c) for c in selects if c.start_byte < first}
    return [f"selected only after the first change: {s}" for s in sorted(every - before)]


def subscription_side_effects(tree: Tree) -> list[str]:
    """Facts (§A.5): modules 0.8.12 to 0.9.x write the subscription object even without -PassThru
    (so every select's output is discarded); from 1.x every select saves the user's default
    subscription to disk, -WhatIf too (so the one current at the start is made current again in a
    finally block), and the runbook and its jobs must not save the profile at once (so each job
    is waited for until it has selected)."""
    problems = []
    for select in commands(tree.root_node, "Select-AzureSubscription"):
        chain = select.parent
        following = [c for c in chain.children if c.type == "command" and c.start_byte > select.start_byte]
        if not following or command_name(following[0]) != "Out-Null":
            problems.append(f"line {select.start_point[0] + 1}: the select's output is not discarded")
    original = [
        c
        for c in commands(tree.root_node, "Get-AzureSubscription")
        if "Current" in parameters(c) and _inside(c, "function_statement") is None
    ]
    selects = [
        c
        for c in commands(tree.root_node, "Select-NetworkSubscription") + commands(tree.root_node, "Select-PartSubscription")
        if _inside(c, "function_statement") is None
    ]
    if not original or (selects and original[0].start_byte > min(s.start_byte for s in selects)):
        problems.append("the subscription current at the start is not remembered before the first select")
    restores = _outside_functions(tree, "Restore-OriginalSubscription")
    if not restores or not all(_inside(r, "finally_clause") is not None for r in restores):
        problems.append("the original subscription is not made current again in a finally block")
    for job in commands(tree.root_node, "Start-Job"):
        block = _inside(job, "statement_block")
        waited = [w for w in commands(block, "Wait-JobSelected")] if block is not None else []
        if not waited:
            problems.append(f"line {job.start_point[0] + 1}: a job is not waited for until it has selected")
    return problems


RETRIED_STATUS = ("Get-AzureVNetGateway", "Get-AzureVNetConnection")


def unretried_status_calls(tree: Tree) -> list[str]:
    """Fact (§A.5): under $ErrorActionPreference = 'Stop' one transient failure of a status call ends
    an hour of waiting, so status calls run inside Invoke-WithRetry; and 'Set-AzureVNetGateway
    -Connect' is an operation that another network update can refuse, so it runs inside
    Invoke-WhileUnderway. A key call is never retried: each failure writes the key into an error
    log when data collection is on."""
    problems = []

    def retried_by(node: Node) -> str:
        current = node.parent
        while current is not None:
            if current.type == "command" and command_name(current) in ("Invoke-WithRetry", "Invoke-WhileUnderway"):
                return command_name(current)
            current = current.parent
        return ""

    for name in RETRIED_STATUS:
        for call in commands(tree.root_node, name):
            if retried_by(call) != "Invoke-WithRetry":
                problems.append(f"line {call.start_point[0] + 1}: {name} without Invoke-WithRetry")
    for call in commands(tree.root_node, "Set-AzureVNetGateway"):
        if "Connect" in parameters(call) and retried_by(call) != "Invoke-WhileUnderway":
            problems.append(f"line {call.start_point[0] + 1}: Set-AzureVNetGateway -Connect without Invoke-WhileUnderway")
    for call in commands(tree.root_node, "Set-AzureVNetGatewayKey"):
        if retried_by(call):
            problems.append(f"line {call.start_point[0] + 1}: Set-AzureVNetGatewayKey is retried")
    return problems


def existing_gateways_unchecked(tree: Tree) -> list[str]:
    """Fact (§A.5): the module cannot show an existing gateway's type, and one made the article's way
    is StaticRouting, which never connects two VNets: existing gateways are found, and the runbook
    stops on them unless told they are dynamic, before the first change."""
    first = _first_change(tree)
    asserts = _outside_functions(tree, "Assert-GatewayTypeKnown")
    found = [c for c in commands(tree.root_node, "Get-ExistingGateway")]
    if not found or not asserts or min(a.start_byte for a in asserts) > first:
        return ["existing gateways are not checked before the first change"]
    return []


def connection_timeouts_succeed(tree: Tree) -> list[str]:
    """A connection that is not Connected in time ends the runbook with an error, as a gateway does:
    Assert-ConnectionEstablished throws, and runs after the last wait."""
    waits = _outside_functions(tree, "Wait-ConnectionEstablished")
    if not waits:
        return []
    body = functions(tree).get("Assert-ConnectionEstablished")
    asserts = _outside_functions(tree, "Assert-ConnectionEstablished")
    if (
        body is None
        or "throw" not in text(body)
        or not asserts
        or max(a.start_byte for a in asserts) < max(w.start_byte for w in waits)
    ):
        return ["a connection timeout does not end the runbook with an error"]
    return []


def sku_without_module_check(tree: Tree) -> list[str]:
    """Fact (§A.4, §A.5): -GatewaySKU is not in every classic module (0.8.7 lacks it; 0.9.x has it).
    A runbook that passes it asks the module, before the first change, whether New-AzureVNetGateway
    has the parameter."""
    uses = [c for c in commands(tree.root_node, "New-AzureVNetGateway") if "GatewaySKU" in parameters(c)]
    if not uses:
        return []
    asked = [n for n in nodes(tree.root_node, "invocation_expression") if "ContainsKey('GatewaySKU')" in text(n)]
    if not asked or asked[0].start_byte > _first_change(tree):
        return ["passes -GatewaySKU without asking the module for it first"]
    return []


def affinity_groups_read_without_need(tree: Tree) -> list[str]:
    """A network placed by Location creates no affinity group, so the runbook does not read them."""
    if commands(tree.root_node, "New-AzureAffinityGroup") or "does not exist and netcfg does not know its location" in text(
        tree.root_node
    ):
        return []
    return [f"line {c.start_point[0] + 1}" for c in commands(tree.root_node, "Get-AzureAffinityGroup")]


def whatif_hidden(tree: Tree, creators: tuple[str, ...] = ("New-Az", "Add-AzVirtual")) -> list[str]:
    """Under -WhatIf a script must report every resource it would create: each creating call sits
    under a ShouldProcess decision that nothing else can skip (no ``$x -and`` before it), and a
    context switch, which honours -WhatIf itself, is made with -WhatIf:$false (else a dry run looks
    up the far gateway in the wrong subscription)."""
    found = []
    for call in commands(tree.root_node):
        name = command_name(call)
        if name.startswith(creators) and _inside(call, "function_statement") is None:
            block = call.parent
            while block is not None and not (
                block.type == "statement_block" and _condition(block) is not None and "ShouldProcess(" in text(_condition(block))
            ):
                block = block.parent
            if block is None:
                found.append(f"line {call.start_point[0] + 1}: {name} is not under ShouldProcess")
            elif not text(_condition(block)).strip().startswith("$PSCmdlet.ShouldProcess("):
                found.append(
                    f"line {call.start_point[0] + 1}: {name} is reported under -WhatIf only if"
                    f" {text(_condition(block)).split(' -and $PSCmdlet')[0].strip()}"
                )
        if name == "Set-AzContext" and "WhatIf:$false" not in text(call):
            found.append(f"line {call.start_point[0] + 1}: Set-AzContext without -WhatIf:$false")
    return found
