"""Every command gives the same answer for the same bytes: each reads them, or each refuses them
with the same words; ``validate`` reports that refusal as its finding.

One reader (:func:`netcfg.io.inputs.model_from_bytes`) decides; the test asks every command.
"""

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from netcfg.errors import InputError
from netcfg.io.inputs import model_from_bytes

from conftest import GOLDEN
from helpers import ORIGINALS, mutate

ARTICLE = (GOLDEN / "article.netcfg").read_bytes()
TOPOLOGY = (GOLDEN / "article.topology.toml").read_bytes()
LATIN = ARTICLE.replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"').replace(b"VNet-Dublin", "VNet-Málaga".encode("latin-1"))

ODD = {
    "empty": b"",
    "white space": b"  \n\t\r\n",
    "a UTF-8 BOM alone": codecs.BOM_UTF8,
    "a UTF-16 BOM alone": codecs.BOM_UTF16_LE,
    "a BOM and white space": codecs.BOM_UTF8 + b"\n\n",
    "a lone comment": b"<!-- nothing here -->\n",
    "a declaration alone": b'<?xml version="1.0" encoding="utf-8"?>\n',
    "a declaration and a comment": b'<?xml version="1.0"?>\n<!-- x -->\n',
    "UTF-16 with a BOM": ARTICLE.replace(b'encoding="utf-8"', b'encoding="utf-16"').decode().encode("utf-16"),
    "UTF-16 big-endian": codecs.BOM_UTF16_BE
    + ARTICLE.replace(b'encoding="utf-8"', b'encoding="utf-16"').decode().encode("utf-16-be"),
    "UTF-32": ARTICLE.replace(b'encoding="utf-8"', b'encoding="utf-32"').decode().encode("utf-32"),
    "ISO-8859-1": LATIN,
    "an encoding nobody knows": ARTICLE.replace(b'encoding="utf-8"', b'encoding="x-klingon"'),
    "a value split by a comment": ARTICLE.replace(
        b"<VPNGatewayAddress>192.0.2.1</VPNGatewayAddress>", b"<VPNGatewayAddress>192.0.2<!-- -->.1</VPNGatewayAddress>"
    ),
    "CDATA in a value": ARTICLE.replace(
        b"<AddressPrefix>10.0.0.0/16</AddressPrefix>", b"<AddressPrefix><![CDATA[10.0.0.0]]>/16</AddressPrefix>"
    ),
    "a topology": TOPOLOGY,
    "a topology with a BOM": codecs.BOM_UTF8 + TOPOLOGY,
    "a topology that is only comments": b"# nothing yet\n",
    "a topology nested too deeply": b"x = " + b"[" * 600 + b"]" * 600 + b"\n",
    "invalid UTF-8": b"vnet = [\xff\xfe]\n",
    "not a network configuration": b"<html><body/></html>",
    "a DOCTYPE": b'<!DOCTYPE NetworkConfiguration SYSTEM "x.dtd">\n<NetworkConfiguration/>',
    "a truncated file": ARTICLE[: len(ARTICLE) // 2],
}

# Every command that reads one network, and how to ask it (SOURCE stands for the file).
COMMANDS = [
    ["render", "SOURCE"],
    ["render", "SOURCE", "--to", "topology"],
    ["show", "SOURCE"],
    ["show", "SOURCE", "--format", "json"],
    ["graph", "SOURCE", "--format", "mermaid"],
    ["runbook", "SOURCE"],
    ["export", "SOURCE", "--to", "bicep"],
    ["diff", "SOURCE", "SOURCE"],
    ["diff", str(GOLDEN / "article.netcfg"), "SOURCE"],
    ["merge", str(GOLDEN / "article.netcfg"), "SOURCE"],
]


def reader_answer(data: bytes, file: str) -> str | None:
    """What the one reader says: ``None`` when it reads the bytes, else its refusal as every command must
    print it (a word of 1,000 characters or more cut to its start and end, as every command shows it)."""
    from netcfg.report import shortened, visible

    try:
        model_from_bytes(data, file=file)
    except InputError as exc:
        return shortened(visible(str(exc)))
    return None


def unreadable(data: bytes, file: str) -> InputError | None:
    """The refusal of bytes that cannot be read at all (empty, encoding, syntax, not a network), before any meaning."""
    from netcfg.io import xml_reader
    from netcfg.io import topology

    try:
        if xml_reader.input_kind(data, file=file) == "topology":
            topology.loads(topology.text_of(data, file=file), file=file)
        else:
            root = xml_reader.parse_document(data, file=file)
            problem = xml_reader.root_problem(root)
            if problem:
                return InputError(problem, file=file, line=root.sourceline)
    except InputError as exc:
        return exc
    return None


ANSWERING = ("diff", "reach")  # commands whose exit 1 is a result, not a refusal


def check_every_command(run, path, data: bytes) -> None:
    import json

    path.write_bytes(data)
    refusal = reader_answer(data, str(path))
    for command in COMMANDS:
        result = run(*(str(path) if part == "SOURCE" else part for part in command))
        if refusal is not None:
            # Where exit 1 is an answer ("changes", "unreachable"), input it cannot read is 2.
            code = 2 if command[0] in ANSWERING else 1
            assert (result.exit_code, result.stderr) == (code, f"netcfg: error: {refusal}\n"), command
        else:
            assert "not well-formed" not in result.stderr and "the file is empty" not in result.stderr, (command, result.stderr)
            assert result.exit_code in (0, 1, 2 if command[0] in ANSWERING else 1), command
    validated = run("validate", str(path), "--format", "json")
    findings = json.loads(validated.stdout)
    cannot_read = unreadable(data, str(path))
    if cannot_read is not None:  # validate says the very same words
        assert [(f["line"], f["message"]) for f in findings] == [(cannot_read.line, cannot_read.message)]
    elif refusal is not None:  # a value the model cannot hold: validate reports an error on that line
        line = int(refusal.split(":", 2)[1])
        assert any(f["severity"] == "error" and f["line"] == line for f in findings), (refusal, findings)
    assert validated.exit_code == (1 if refusal is not None else validated.exit_code) and validated.exit_code in (0, 1)


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_input_gets_one_answer_from_every_command(run, tmp_path, name):
    check_every_command(run, tmp_path / "input", ODD[name])


@pytest.mark.parametrize("name", ["empty", "a lone comment", "a UTF-8 BOM alone", "white space"])
def test_empty_input_is_refused_as_empty_from_a_file_and_from_standard_input(run, tmp_path, name):
    for command in (
        ["render", "-"],
        ["show", "-"],
        ["runbook", "-"],
        ["graph", "-"],
        ["diff", "-", str(GOLDEN / "article.netcfg")],
    ):
        result = run(*command, input=ODD[name])
        assert (
            result.exit_code == (2 if command[0] in ANSWERING else 1)
            and "the file" in result.stderr
            and ("is empty" in result.stderr or "holds no element" in result.stderr)
        )


def test_dev_null_is_empty(run):
    result = run("render", "/dev/null")
    assert (result.exit_code, result.stderr) == (
        1,
        "netcfg: error: /dev/null:1: the file is empty; a network configuration starts with <NetworkConfiguration>\n",
    )


def test_standard_input_is_read_once(run):
    result = run("diff", "-", "-", input=ARTICLE)
    assert result.exit_code == 2 and "standard input can be read only once" in result.stderr


def test_every_encoding_lxml_reads_is_read_alike(tmp_path):
    names = {}
    for name in ("UTF-16 with a BOM", "UTF-16 big-endian", "UTF-32", "ISO-8859-1"):
        names[name] = [v.name for v in model_from_bytes(ODD[name], file="x").vnets]
    assert names["ISO-8859-1"] == ["VNet-Málaga", "VNet-Holland"]
    assert names["UTF-16 with a BOM"] == names["UTF-16 big-endian"] == names["UTF-32"] == ["VNet-Dublin", "VNet-Holland"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_real_files_get_one_answer_from_every_command(run, tmp_path, data):
    root = etree.fromstring(data.draw(st.sampled_from(ORIGINALS)))
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(data, root)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-16", "ISO-8859-1"]))
    check_every_command(run, tmp_path / "input.netcfg", etree.tostring(root, encoding=encoding, xml_declaration=True))


def test_a_long_value_in_a_refusal_is_shown_alike_by_every_command(run, tmp_path):
    """A 3,000-character prefix: every command cuts it to its start and end in the same words."""
    data = ARTICLE.replace(
        b"<AddressPrefix>10.0.0.0/16</AddressPrefix>", b"<AddressPrefix>" + b"x" * 3000 + b"</AddressPrefix>", 1
    )
    assert b"x" * 3000 in data
    check_every_command(run, tmp_path / "input.netcfg", data)
    assert "…[2,862 characters]…" in (reader_answer(data, str(tmp_path / "input.netcfg")) or "")
