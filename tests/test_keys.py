"""`netcfg key`: a shared key the gateways accept, in a file only its owner can read."""

import os
import re
import stat

from netcfg.model.keys import new_key


def test_keys_are_random_letters_and_digits():
    keys = {new_key(32) for _ in range(50)}
    assert len(keys) == 50
    assert all(re.fullmatch(r"[A-Za-z0-9]{32}", k) for k in keys)
    assert len(new_key(128)) == 128


def test_key_file_is_readable_by_its_owner_only(run, tmp_path):
    path = tmp_path / "shared-key.txt"
    result = run("key", "-o", str(path), "--length", "40")
    assert result.exit_code == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert re.fullmatch(r"[A-Za-z0-9]{40}\n", path.read_text())
    assert "readable by its owner only" in result.stderr and result.stdout == ""
    again = run("key", "-o", str(path))
    assert again.exit_code == 1 and "already exists; nothing was written (to replace it: --force)" in again.stderr
    assert run("key", "-o", str(path), "--force").exit_code == 0


def test_key_to_standard_output_and_bounds(run):
    assert re.fullmatch(r"[A-Za-z0-9]{32}\n", run("key").stdout)
    assert run("key", "--length", "129").exit_code == 2
    assert run("key", "--length", "8").exit_code == 2


def test_a_key_through_a_fifo_does_not_claim_a_file_mode(run, tmp_path):
    """A FIFO keeps the permissions it had: the message must not say 0600 of something netcfg did not make."""
    fifo = tmp_path / "to-the-vault"
    os.mkfifo(fifo, 0o644)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader is there before netcfg opens it
    try:
        result = run("key", "-o", str(fifo))
        got = os.read(reader, 1000)
    finally:
        os.close(reader)
    assert result.exit_code == 0, result.stderr
    assert re.fullmatch(rb"[A-Za-z0-9]{32}\n", got)
    assert "readable by its owner only" not in result.stderr
    assert result.stderr == f"wrote a 32-character key to {fifo} (a FIFO or device: netcfg did not set who can read it)\n"
    assert stat.S_IMODE(os.stat(fifo).st_mode) == 0o644  # left as it was
