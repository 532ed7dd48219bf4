"""PowerShell without PowerShell: parse emitted scripts with tree-sitter and list their command calls.

tree-sitter-pwsh is a linter-grade grammar, not PowerShell itself, so the tests also keep the
templates in the plain style it parses best (param blocks on their own lines).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import tree_sitter_pwsh
from tree_sitter import Language, Node, Parser, Tree


@functools.cache
def _parser() -> Parser:
    return Parser(Language(tree_sitter_pwsh.language()))


def parse(source: bytes) -> Tree:
    return _parser().parse(source.removeprefix("\ufeff".encode()))


def walk(node: Node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def syntax_errors(tree: Tree) -> list[tuple[int, int, str]]:
    """(line, column, what) for every ERROR or MISSING node; also catches a hidden MISSING via has_error."""
    found = [
        (n.start_point[0] + 1, n.start_point[1] + 1, "MISSING " + n.type if n.is_missing else n.text.decode()[:40])
        for n in walk(tree.root_node)
        if n.is_error or n.is_missing
    ]
    if tree.root_node.has_error and not found:
        found.append((0, 0, "hidden MISSING node"))
    return found


@dataclass
class Value:
    kind: str  # "string" (single-quoted, unquoted here), "expandable", "variable", "bareword", other node type
    text: str


@dataclass
class Command:
    name: str
    line: int
    parameters: dict[str, Value | None] = field(default_factory=dict)  # switch parameters map to None
    positional: list[Value] = field(default_factory=list)


def _value(node: Node) -> Value:
    while node.named_child_count == 1 and node.type in ("array_literal_expression", "unary_expression", "string_literal"):
        node = node.named_children[0]
    text = node.text.decode()
    if node.type == "verbatim_string_characters":
        inner = text[1:-1]
        for quote in "'\u2018\u2019\u201a\u201b":  # PowerShell ends a verbatim string at any of these; doubled, one is kept
            inner = inner.replace(quote * 2, quote)
        return Value("string", inner)
    if node.type == "expandable_string_literal":
        return Value("expandable", text)
    if node.type == "variable":
        return Value("variable", text)
    if node.type == "generic_token":
        return Value("bareword", text)
    return Value(node.type, text)


def commands(tree: Tree) -> list[Command]:
    """Every command call anywhere in the script, in source order."""
    found = []
    for node in walk(tree.root_node):
        if node.type != "command":
            continue
        name = next((c for c in node.children if c.type in ("command_name", "command_name_expr")), None)
        if name is None:
            continue
        command = Command(name=name.text.decode(), line=node.start_point[0] + 1)
        elements = next((c for c in node.children if c.type == "command_elements"), None)
        pending = None
        for element in elements.named_children if elements is not None else []:
            if element.type in ("command_argument_sep", "comment"):
                continue
            if element.type == "command_parameter":
                if pending is not None:
                    command.parameters[pending] = None
                pending = element.text.decode().lstrip("-").rstrip(":")
                continue
            if pending is not None:
                command.parameters[pending] = _value(element)
                pending = None
            else:
                command.positional.append(_value(element))
        if pending is not None:
            command.parameters[pending] = None
        found.append(command)
    return found


def function_names(tree: Tree) -> list[str]:
    return [
        next(c for c in n.children if c.type == "function_name").text.decode()
        for n in walk(tree.root_node)
        if n.type == "function_statement"
    ]


def node_types(tree: Tree) -> list[str]:
    """The shape of a script: its node types in order, without any literal text."""
    return [n.type for n in walk(tree.root_node)]
