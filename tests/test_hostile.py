"""Hostile and broken input: each is one xml-syntax finding (or a clear refusal), within seconds and
bounded memory, nothing fetched or expanded, no content of another file in the output."""

import os
import random
import resource
import subprocess
import sys

import pytest

from netcfg.validate import validate_path

NS = "http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration"

MEMORY_LIMIT = 1024 * 1024 * 1024  # address space for the child process: 1 GiB
SECRET = "netcfg-secret-canary-7f3a"


def _billion_laughs() -> bytes:
    entities = [b'<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        entities.append(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10))
    return (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n'
        + b"\n".join(entities)
        + b"\n]>\n<NetworkConfiguration>&lol9;</NetworkConfiguration>\n"
    )


BILLION_LAUGHS = _billion_laughs()
CASES = {
    "billion-laughs": BILLION_LAUGHS,
    "external-entity": b'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret_file}">]>\n<NetworkConfiguration>&x;</NetworkConfiguration>\n',
    "external-dtd": b'<?xml version="1.0"?>\n<!DOCTYPE NetworkConfiguration SYSTEM "http://127.0.0.1:9/evil.dtd">\n<NetworkConfiguration/>\n',
    "invalid-utf8": b'<?xml version="1.0" encoding="utf-8"?>\n<NetworkConfiguration>\xff\xc0\xaf</NetworkConfiguration>\n',
    "empty": b"",
    "binary-garbage": random.Random(7).randbytes(4096),
    "deep-nesting": b"<a>" * 100_000 + b"</a>" * 100_000,
}


def hostile_file(tmp_path, name):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    data = CASES[name].replace(b"{secret_file}", str(secret).encode())
    path = tmp_path / f"{name}.netcfg"
    path.write_bytes(data)
    return path


def run_bounded(*args):
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run([sys.executable, "-m", "netcfg", *args], capture_output=True, text=True, timeout=30, preexec_fn=limit)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_is_one_syntax_finding(tmp_path, name):
    path = hostile_file(tmp_path, name)
    findings = validate_path(str(path))
    assert [f.rule for f in findings] == ["xml-syntax"]
    assert SECRET not in findings[0].message


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_input_through_the_cli_is_bounded(tmp_path, name):
    path = hostile_file(tmp_path, name)
    result = run_bounded("validate", str(path))
    assert result.returncode == 1, result.stderr
    assert "[xml-syntax]" in result.stdout
    assert "Traceback" not in result.stderr and SECRET not in result.stdout + result.stderr


def test_a_100_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.netcfg"
    with open(path, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk
    result = run_bounded("validate", str(path))
    assert result.returncode == 1
    assert "larger than 64 MiB" in result.stdout


def test_the_refusals_are_clear(tmp_path):
    messages = {name: validate_path(str(hostile_file(tmp_path, name)))[0].message for name in CASES}
    doctype = (
        "has a DOCTYPE; a network configuration never needs one, and netcfg does not read DTDs or entities"
        " (remove the <!DOCTYPE ...> declaration)"
    )
    assert messages["external-entity"] == messages["external-dtd"] == doctype
    assert messages["billion-laughs"] == (
        "not well-formed XML: its entities expand to far more than the file holds (an entity bomb);"
        " remove the <!DOCTYPE ...> and every &name; reference"
    )
    assert messages["empty"] == "the file is empty; a network configuration starts with <NetworkConfiguration>"
    assert messages["deep-nesting"] == (
        "not well-formed XML: elements nest more than 256 deep;"
        " a network configuration nests 8 deep at most, so this is not one (or it is damaged)"
    )
    assert messages["invalid-utf8"].startswith("not well-formed XML: ")
    assert messages["binary-garbage"].startswith("not well-formed XML: ")


def test_render_refuses_hostile_input_without_writing(tmp_path):
    path = hostile_file(tmp_path, "external-entity")
    out = tmp_path / "out.netcfg"
    result = run_bounded("render", str(path), "-o", str(out))
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.count("\n") == 1 and SECRET not in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["external-entity.netcfg", "secret.txt"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<x>" + b"A" * 10_000_001 + b"</x>", "a text value is longer than 10,000,000 characters"),
        (b'<x n="' + b"A" * 10_000_001 + b'"/>', "an attribute value is longer than 10,000,000 characters"),
        (b"<" + b"A" * 60_000 + b"/>", "an element or attribute name is longer than 50,000 characters"),
        (b"<!--" + b"A" * 10_000_001 + b"-->", "a comment is longer than 10,000,000 characters"),
    ],
)
def test_libxml_limits_are_said_as_what_is_wrong_with_the_file(run, tmp_path, body, words):
    """libxml's advice is for programmers (XML_PARSE_HUGE, xmlCtxtSetMaxAmplification): never shown."""
    path = tmp_path / "limit.netcfg"
    path.write_bytes(b'<NetworkConfiguration xmlns="' + NS.encode() + b'">' + body + b"</NetworkConfiguration>")
    for command in ("validate", "show"):
        result = run(command, str(path))
        said = result.stdout + result.stderr
        assert result.exit_code == 1 and words in said, said[:300]
        assert "XML_PARSE" not in said and "xmlCtxt" not in said and said.count("\n") == (2 if command == "validate" else 1)
