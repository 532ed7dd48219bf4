"""How the classic module really behaves, as checks over a parsed runbook (there is no PowerShell here).

Each check states a fact about the classic module or Windows PowerShell and where it comes from,
then looks for the script shapes that would break on it, generically (every call, every job),
not at particular lines. The facts are in ../shared/reference/classic-cmdlets-and-peers.md §A.4
unless a check records another source.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node, Tree

import powershell

# Cmdlets that change something in Azure, by verb, among the classic cmdlets the runbook may call.
CHANGING_VERBS = ("New-Azure", "Set-Azure", "Remove-Azure", "Reset-Azure", "Resize-Azure")
# Cmdlets that write a file (a -WhatIf run must write none).
FILE_WRITERS = {"Set-Content", "Add-Content", "Out-File", "New-Item", "Copy-Item", "Move-Item", "Remove-Item",
                "Export-Csv", "Export-Clixml"}


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
    return [text(e).lstrip("-").rstrip(":") for e in (elements.named_children if elements else []) if e.type == "command_parameter"]


def changes(node: Node) -> bool:
    """Whether this node changes Azure or writes a file: a changing classic cmdlet, a file writer,
    an export to a file, or an XML document's .Save()."""
    if node.type == "command":
        name = command_name(node)
        return (name.startswith(CHANGING_VERBS) or name in FILE_WRITERS
                or (name == "Get-AzureVNetConfig" and "ExportToFile" in parameters(node)))
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
    return {text(next(c for c in n.children if c.type == "function_name")): n for n in nodes(tree.root_node, "function_statement")}


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
        found = {name for name, body in defined.items()
                 if any((changes(n) or (n.type == "command" and command_name(n) in changing)) and not guarded(n)
                        for n in powershell.walk(body))}
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
            c.type == "pipeline" and c.start_byte <= call.start_byte < c.end_byte for c in in_foreach.children)
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
        if not any(c.start_byte < upload.start_byte and any(b.start_byte <= c.start_byte < b.end_byte for b in enclosing[1:])
                   for c in checks):
            problems.append(f"line {upload.start_point[0] + 1}")
    return problems


def key_prompts_outside_whatif(tree: Tree) -> list[str]:
    """Under -WhatIf no key is asked for: every Read-Host and key-file read sits under a condition
    that says '-not $WhatIfPreference'."""
    reads = commands(tree.root_node, "Read-Host") + commands(tree.root_node, "ConvertTo-SecureString")
    return [f"line {r.start_point[0] + 1}" for r in reads if not guarded(r, by="-not $WhatIfPreference")]
