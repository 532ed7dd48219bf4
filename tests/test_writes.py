"""Writes that never lose data, tried as CI runs them (root): special files, sets of files, in-place
edits under links, locks and other owners, declared encodings, signals, broken streams.

Nothing here points an output at the real /dev: devices are made with mknod in a temporary
folder, and /dev/stdout is tried inside a private mount namespace with its own /dev.
"""

import hashlib
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time

import pytest

from netcfg.io.writing import WriteError, edit_in_place

from conftest import GOLDEN

ARTICLE = GOLDEN / "article.netcfg"
TOPOLOGY = GOLDEN / "article.topology.toml"


def netcfg(*args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netcfg", *map(str, args)], capture_output=True, timeout=60, **options)


def snapshot(folder) -> dict[str, object]:
    """Every entry below ``folder`` (hidden ones too) with its kind and, for files, a hash of its bytes."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                with open(path, "rb") as handle:
                    found[os.path.relpath(path, folder)] = hashlib.sha256(handle.read()).hexdigest()
            else:
                found[os.path.relpath(path, folder)] = stat.S_IFMT(mode)
    return found


def device(path, major: int, minor: int, kind=stat.S_IFCHR):
    try:
        os.mknod(path, kind | 0o666, os.makedev(major, minor))
    except PermissionError:
        pytest.skip("this machine does not allow mknod (CI runs as root, where it does)")
    return path


def one_line_error(result, *fragments: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    text = result.stderr.decode()
    assert text.startswith("netcfg: error: ") and text.count("\n") == 1, text
    assert "Traceback" not in text
    for fragment in fragments:
        assert fragment in text, text


# --- special files are written through --------------------------------------------------------


def test_a_character_device_is_written_through_not_replaced(tmp_path):
    null = device(tmp_path / "null", 1, 3)
    result = netcfg("render", ARTICLE, "-o", null)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["null"]


def test_a_full_device_is_one_error_and_stays_a_device(tmp_path):
    full = device(tmp_path / "full", 1, 7)
    one_line_error(netcfg("render", ARTICLE, "-o", full), f"cannot write {full}: No space left on device")
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_fifo_is_written_through_to_its_reader(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []

    def read():
        with open(fifo, "rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = netcfg("render", ARTICLE, "-o", fifo)
    reader.join(10)
    if reader.is_alive():  # the command never opened the FIFO: release the reader, or the run would hang
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(10)
    assert result.returncode == 0, result.stderr
    assert received == [ARTICLE.read_bytes()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_an_error_not_a_hang(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    one_line_error(netcfg("render", ARTICLE, "-o", fifo), "nobody is reading it")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_socket_is_written_through(tmp_path):
    path = str(tmp_path / "sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    received = []

    def accept():
        connection, _ = server.accept()
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
        received.append(b"".join(chunks))
        connection.close()

    server.settimeout(30)  # a command that never connects fails the test instead of hanging the run
    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    result = netcfg("render", ARTICLE, "-o", path)
    thread.join(10)
    server.close()
    assert result.returncode == 0, result.stderr
    assert received == [ARTICLE.read_bytes()]


def test_a_descriptor_path_is_written_through(tmp_path):
    read_end, write_end = os.pipe()
    result = subprocess.run(
        [sys.executable, "-m", "netcfg", "render", str(ARTICLE), "-o", f"/dev/fd/{write_end}"],
        capture_output=True,
        pass_fds=(write_end,),
        timeout=60,
    )
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        assert pipe.read() == ARTICLE.read_bytes()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: device(p, 7, 0, stat.S_IFBLK), "is a block device"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: p.symlink_to(p.parent / "nowhere"), "which does not exist"),
    ],
)
def test_what_must_not_be_written_is_refused_and_left_alone(tmp_path, make, words):
    target = tmp_path / "out"
    make(target)
    before = snapshot(tmp_path)
    result = netcfg("render", ARTICLE, "-o", target, "--force")
    assert result.returncode in (1, 2) and words in result.stderr.decode() and "Traceback" not in result.stderr.decode()
    assert snapshot(tmp_path) == before


def in_private_dev(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace whose /dev is a fresh tmpfs (never the real one)."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    setup = (
        "mount -t tmpfs tmpfs /dev && mknod -m 666 /dev/null c 1 3 && mknod -m 666 /dev/full c 1 7"
        " && ln -s /proc/self/fd /dev/fd && ln -s /proc/self/fd/1 /dev/stdout && ln -s /proc/self/fd/2 /dev/stderr"
    )
    result = subprocess.run(["unshare", "-m", "sh", "-c", f"{setup} && {script}"], capture_output=True, timeout=60)
    if b"unshare failed" in result.stderr or b"Operation not permitted" in result.stderr[:200]:
        pytest.skip(f"no private mount namespace here: {result.stderr.decode()[:200]}")
    return result


def test_dev_stdout_and_dev_null_are_written_through_in_a_private_dev():
    python = f"{sys.executable} -m netcfg render {ARTICLE}"
    result = in_private_dev(
        f"{python} -o /dev/stdout && {python} -o /dev/null && test -c /dev/null"
        f" && test -L /dev/stdout && ls -A /dev | tr '\\n' ' ' >&2"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ARTICLE.read_bytes()
    assert result.stderr.decode().split() == ["fd", "full", "null", "stderr", "stdout"]


@pytest.mark.parametrize(
    ("command", "code"),
    [("validate --bogus", 2), ("show missing.netcfg", 2), ("stretch Dublin", 2), (f"show {ARTICLE}", 0)],
)
def test_exit_codes_do_not_change_when_standard_error_is_full_or_closed(command, code):
    """Standard error on a full device or closed loses the words, never the exit code (a usage error stays 2)."""
    python = f"{sys.executable} -m netcfg {command} >/dev/null"
    result = in_private_dev(f"{python} 2>/dev/full; echo full $? >&2; {python} 2>&-; echo closed $? >&2")
    assert result.stderr.decode().split() == ["full", str(code), "closed", str(code)], result.stderr


# --- sets of files: all or nothing ------------------------------------------------------------


def test_a_set_of_files_is_all_or_nothing_when_one_target_is_a_directory(tmp_path):
    out = tmp_path / "o"
    (out / "topology.toml").mkdir(parents=True)
    (out / "NetworkConfig.netcfg").write_text("OLD")
    (out / "runbook.ps1").write_text("OLD")
    before = snapshot(out)
    one_line_error(netcfg("stretch", "--out", out, "--force"), "topology.toml is a directory", "nothing was written")
    assert snapshot(out) == before


def test_a_failed_replacement_puts_back_the_files_already_replaced(tmp_path):
    out = tmp_path / "o"
    out.mkdir()
    for name in ("NetworkConfig.netcfg", "runbook.ps1", "topology.toml"):
        (out / name).write_text(f"OLD {name}")
    before = snapshot(out)
    immutable = out / "topology.toml"  # replaced last: the other two are back in place when it fails
    if subprocess.run(["chattr", "+i", str(immutable)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        result = netcfg("stretch", "--out", out, "--force")
    finally:
        subprocess.run(["chattr", "-i", str(immutable)], check=True)
    one_line_error(result, f"cannot write {immutable}: Operation not permitted", "nothing was written")
    assert ".tmp" not in result.stderr.decode()  # the target's name, never the hidden temporary one
    assert snapshot(out) == before


def test_a_full_file_system_names_the_file_and_leaves_nothing_behind(tmp_path):
    big = tmp_path / "big.netcfg"
    import runpy

    from conftest import ROOT

    big.write_bytes(runpy.run_path(str(ROOT / "scripts" / "bench"))["synthetic"](600))
    script = (
        f"mkdir -p /tmp/small && mount -t tmpfs -o size=64k tmpfs /tmp/small && echo OLD > /tmp/small/out.netcfg"
        f" && {sys.executable} -m netcfg render {big} -o /tmp/small/out.netcfg --force;"
        " echo rc=$? && cat /tmp/small/out.netcfg && ls -A /tmp/small"
    )
    result = in_private_dev(script)
    lines = result.stdout.decode().split()
    assert lines == ["rc=1", "OLD", "out.netcfg"], result
    assert "cannot write /tmp/small/out.netcfg: No space left on device; free some space; nothing was written" in (
        result.stderr.decode()
    )


# --- the overwrite policy -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [["render"], ["graph"], ["runbook"], ["export", "--to", "bicep"]])
def test_an_existing_output_is_replaced_only_with_force(tmp_path, command):
    out = tmp_path / "out"
    out.write_text("mine")
    one_line_error(
        netcfg(command[0], TOPOLOGY, *command[1:], "-o", out),
        f"{out} already exists; nothing was written (to replace it: --force)",
    )
    assert out.read_text() == "mine"
    assert netcfg(command[0], TOPOLOGY, *command[1:], "-o", out, "--force").returncode == 0
    assert out.read_text() != "mine"


def test_an_output_that_is_an_input_is_refused_without_force(tmp_path):
    topology = tmp_path / "t.toml"
    shutil.copy(TOPOLOGY, topology)
    before = snapshot(tmp_path)
    one_line_error(netcfg("runbook", topology, "-o", topology), "is an input of this command")
    assert snapshot(tmp_path) == before
    link = tmp_path / "link.toml"
    link.symlink_to(topology)
    one_line_error(netcfg("runbook", topology, "-o", link), "is an input of this command")


def test_a_symlinked_output_writes_its_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.netcfg"
    real.write_text("old")
    link = tmp_path / "link.netcfg"
    link.symlink_to(real)
    assert netcfg("render", TOPOLOGY, "-o", link, "--force").returncode == 0
    assert link.is_symlink() and real.read_bytes() == ARTICLE.read_bytes()


def test_a_new_output_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path):
    out = tmp_path / "new.netcfg"
    assert netcfg("render", TOPOLOGY, "-o", out, env={**os.environ}, preexec_fn=lambda: os.umask(0o022)).returncode == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o644
    os.chmod(out, 0o640)
    assert netcfg("render", TOPOLOGY, "-o", out, "--force").returncode == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o640


# --- in-place edits ---------------------------------------------------------------------------


def patch_in_place(path, *more: str) -> subprocess.CompletedProcess:
    return netcfg("patch", path, "--gateway-ip", "VNet-Dublin=52.169.10.20", "--in-place", *more)


def test_in_place_through_a_symlink_edits_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.netcfg"
    shutil.copy(ARTICLE, real)
    link = tmp_path / "link.netcfg"
    link.symlink_to(real)
    assert patch_in_place(link).returncode == 0
    assert link.is_symlink() and b"52.169.10.20" in real.read_bytes()
    assert (tmp_path / "real.netcfg.bak").read_bytes() == ARTICLE.read_bytes()


def test_in_place_refuses_to_split_hard_links_unless_forced(tmp_path):
    first = tmp_path / "a.netcfg"
    shutil.copy(ARTICLE, first)
    os.link(first, tmp_path / "b.netcfg")
    before = snapshot(tmp_path)
    one_line_error(patch_in_place(first), "has 2 hard links")
    assert snapshot(tmp_path) == before
    assert patch_in_place(first, "--force").returncode == 0
    assert b"52.169.10.20" in first.read_bytes() and (tmp_path / "b.netcfg").read_bytes() == ARTICLE.read_bytes()


def test_in_place_keeps_owner_group_and_mode(tmp_path):
    path = tmp_path / "theirs.netcfg"
    shutil.copy(ARTICLE, path)
    os.chown(path, 65534, 65534)
    os.chmod(path, 0o640)
    assert patch_in_place(path).returncode == 0
    found = os.stat(path)
    assert (found.st_uid, found.st_gid, stat.S_IMODE(found.st_mode)) == (65534, 65534, 0o640)
    assert b"52.169.10.20" in path.read_bytes()


def test_in_place_refuses_a_file_nobody_may_write_unless_forced(tmp_path):
    path = tmp_path / "locked.netcfg"
    shutil.copy(ARTICLE, path)
    os.chmod(path, 0o444)
    before = snapshot(tmp_path)
    one_line_error(patch_in_place(path), "may not be written by anyone")
    assert snapshot(tmp_path) == before
    assert patch_in_place(path, "--force").returncode == 0 and stat.S_IMODE(os.stat(path).st_mode) == 0o444


def test_a_failed_in_place_edit_keeps_the_previous_backup(tmp_path):
    path = tmp_path / "r.netcfg"
    shutil.copy(ARTICLE, path)
    (tmp_path / "r.netcfg.bak").write_text("the previous backup")
    before = snapshot(tmp_path)
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not supported here")
    try:
        result = patch_in_place(path)
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
    one_line_error(result, "nothing was written")
    assert result.stderr.decode().count("VPNGatewayAddress") == 0  # nothing claimed as changed
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("plant", ["link to a file", "link to nowhere", "fifo", "directory"])
def test_a_planted_backup_is_never_written_through(tmp_path, plant):
    # Attack: FILE.bak planted as a link to a victim; the old configuration would land in the victim.
    path = tmp_path / "n.netcfg"
    shutil.copy(ARTICLE, path)
    victim = tmp_path / "victim.txt"
    victim.write_text("secret")
    backup = tmp_path / "n.netcfg.bak"
    if plant == "link to a file":
        backup.symlink_to(victim)
    elif plant == "link to nowhere":
        backup.symlink_to(tmp_path / "nowhere" / "x")
    elif plant == "fifo":
        os.mkfifo(backup)
    else:
        backup.mkdir()
    before = snapshot(tmp_path)
    kind = {"fifo": "not a regular file", "directory": "a directory"}.get(plant, "a symbolic link")
    one_line_error(patch_in_place(path), f"the backup {backup} is {kind}", "--no-backup", "nothing was written")
    assert snapshot(tmp_path) == before and victim.read_text() == "secret"
    assert patch_in_place(path, "--no-backup").returncode == 0 and victim.read_text() == "secret"


def test_a_planted_backup_of_a_network_across_subscriptions_is_refused_for_every_file(tmp_path):
    out = tmp_path / "net"
    assert (
        netcfg(
            "stretch",
            "Dublin=North Europe",
            "Holland=West Europe",
            "--subscription",
            "Dublin=Production",
            "--subscription",
            "Holland=DevTest",
            "--out",
            out,
        ).returncode
        == 0
    )
    files = [out / "Production" / "NetworkConfig.netcfg", out / "DevTest" / "NetworkConfig.netcfg"]
    victim = tmp_path / "victim.txt"
    victim.write_text("secret")
    (out / "DevTest" / "NetworkConfig.netcfg.bak").symlink_to(victim)
    before = snapshot(tmp_path)
    result = netcfg(
        "patch", *files, "--gateway-ip", "VNet-Dublin=52.169.10.20", "--gateway-ip", "VNet-Holland=52.174.1.2", "--in-place"
    )
    one_line_error(result, "is a symbolic link", "nothing was written")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("depth", [0, 1])
def test_an_output_folder_that_is_a_link_to_nowhere_is_refused_not_created(tmp_path, depth):
    target = tmp_path / "elsewhere" / "dir"
    link = tmp_path / "out"
    link.symlink_to(target)
    out = link / "deeper" if depth else link
    before = snapshot(tmp_path)
    one_line_error(netcfg("stretch", "--out", out), f"{link} is a symbolic link to {target}, which does not exist")
    one_line_error(netcfg("render", TOPOLOGY, "-o", out / "x.netcfg"), "which does not exist")
    assert snapshot(tmp_path) == before and not (tmp_path / "elsewhere").exists()


def test_concurrent_in_place_edits_never_lose_one(tmp_path):
    path = tmp_path / "r.netcfg"
    for _ in range(10):
        shutil.copy(ARTICLE, path)
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "netcfg", "patch", str(path), "--gateway-ip", arg, "--in-place"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for arg in ("VNet-Dublin=52.169.10.20", "VNet-Holland=52.174.1.2")
        ]
        assert [(r.communicate(timeout=60), r.returncode)[1] for r in runs] == [0, 0]
        text = path.read_bytes()
        assert b"52.169.10.20" in text and b"52.174.1.2" in text


def test_an_edit_refuses_when_another_writer_changed_the_file_meanwhile(tmp_path):
    path = tmp_path / "r.netcfg"
    path.write_bytes(b"one")

    def change(data: bytes) -> bytes:
        with open(path, "ab") as other:  # an editor that does not take the lock
            other.write(b" and more")
        time.sleep(0.01)
        return data.upper()

    with pytest.raises(WriteError, match="changed while netcfg was editing it; nothing was written"):
        edit_in_place(str(path), change)
    assert path.read_bytes() == b"one and more"
    assert sorted(os.listdir(tmp_path)) == ["r.netcfg"]


# --- declared encodings -----------------------------------------------------------------------


def test_merge_writes_new_names_in_the_encoding_the_file_declares(tmp_path):
    base = tmp_path / "latin.netcfg"
    base.write_bytes(ARTICLE.read_bytes().replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"'))
    result = netcfg(
        "stretch",
        "Malaga=West Europe",
        "Tokyo=Japan East",
        "--base",
        base,
        "--out",
        tmp_path / "o",
        "--address-pool",
        "172.16.0.0/12",
    )
    assert result.returncode == 0, result.stderr
    merged_path = tmp_path / "o" / "NetworkConfig.netcfg"
    merged_path.write_bytes(merged_path.read_bytes())
    from netcfg.io.inputs import model_from_bytes

    config = model_from_bytes(merged_path.read_bytes(), file="merged")
    assert "VNet-Malaga" in [v.name for v in config.vnets]
    topology = tmp_path / "new.toml"
    topology.write_text(
        '[[vnet]]\nname = "VNet-Málaga-東京"\nlocation = "West Europe"\nprefixes = ["172.31.0.0/16"]\n', encoding="utf-8"
    )
    merged = netcfg("merge", base, topology)
    assert merged.returncode == 0, merged.stderr
    assert "VNet-Málaga-&#26481;&#20140;".encode("latin-1") in merged.stdout  # what Latin-1 has, and references
    assert [v.name for v in model_from_bytes(merged.stdout, file="m").vnets][-1] == "VNet-Málaga-東京"


def test_merge_into_utf16_stays_utf16(tmp_path):
    base = tmp_path / "u16.netcfg"
    base.write_bytes(ARTICLE.read_text().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16"))
    topology = tmp_path / "new.toml"
    topology.write_text('[[vnet]]\nname = "VNet-東京"\nlocation = "Japan East"\nprefixes = ["172.31.0.0/16"]\n')
    merged = netcfg("merge", base, topology)
    assert merged.returncode == 0, merged.stderr
    assert merged.stdout.startswith(b"\xff\xfe") and "VNet-東京" in merged.stdout.decode("utf-16")


# --- signals ----------------------------------------------------------------------------------

# A write slowed down in the middle of staging (at the flush to disk), so a signal lands there.
SLOW_WRITE = """
import os, sys, time
from netcfg.io import writing as files
real = os.fsync
def slow(handle):
    print("staged", flush=True)
    time.sleep(30)
    real(handle)
files.os.fsync = slow
files.write_files({sys.argv[1]: b"new"}, force=True)
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_while_staging_removes_the_temporary_file(tmp_path, signum):
    target = tmp_path / "out.netcfg"
    target.write_text("old")
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(target)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout.readline() == b"staged\n"
    assert any(name.endswith(".tmp") for name in os.listdir(tmp_path))
    child.send_signal(signum)
    _, error = child.communicate(timeout=20)
    assert sorted(os.listdir(tmp_path)) == ["out.netcfg"] and target.read_text() == "old"
    assert f"interrupted by {signal.Signals(signum).name}; nothing was written".encode() in error


def test_sigkill_leaves_the_target_intact(tmp_path):
    target = tmp_path / "out.netcfg"
    target.write_text("old")
    child = subprocess.Popen([sys.executable, "-c", SLOW_WRITE, str(target)], stdout=subprocess.PIPE)
    assert child.stdout.readline() == b"staged\n"
    child.kill()
    child.communicate(timeout=20)
    assert target.read_text() == "old"


SLOW_COMMAND = SLOW_WRITE.replace(
    'files.write_files({sys.argv[1]: b"new"}, force=True)', "from netcfg.cli import main; main(sys.argv[1:])"
)


def test_an_interrupted_command_says_so_and_exits_as_the_signal_would(tmp_path):
    target = tmp_path / "out.netcfg"
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_COMMAND, "render", str(ARTICLE), "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout.readline() == b"staged\n"
    child.send_signal(signal.SIGTERM)
    _, error = child.communicate(timeout=20)
    assert (child.returncode, error) == (128 + signal.SIGTERM, b"netcfg: error: interrupted by SIGTERM; nothing was written\n")
    assert os.listdir(tmp_path) == []


# --- broken streams ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["--version"],
        ["show", TOPOLOGY],
        ["render", TOPOLOGY],
        ["rules"],
        ["key"],
        ["validate", TOPOLOGY],
        ["diff", ARTICLE, TOPOLOGY],
    ],
)
def test_a_closed_standard_output_is_one_error(command):
    result = subprocess.run(
        [sys.executable, "-m", "netcfg", *map(str, command)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    one_line_error(result, "standard output is closed")


@pytest.mark.parametrize("command", ["show", "render"])
def test_a_reader_that_goes_away_mid_output_is_not_a_success(tmp_path, command):
    """'netcfg show big.netcfg | head -c1': the write cut short by SIGPIPE is not taken for the whole output."""
    vnet = (
        '<VirtualNetworkSite name="VNet-{0:04d}" Location="North Europe"><AddressSpace>'
        "<AddressPrefix>10.{1}.{2}.0/24</AddressPrefix></AddressSpace></VirtualNetworkSite>"
    )
    body = "".join(vnet.format(i, i // 256, i % 256) for i in range(1500))
    big = tmp_path / "big.netcfg"
    big.write_text(
        f'<NetworkConfiguration xmlns="http://schemas.microsoft.com/ServiceHosting/2011/07/NetworkConfiguration">'
        f"<VirtualNetworkConfiguration><VirtualNetworkSites>{body}</VirtualNetworkSites>"
        "</VirtualNetworkConfiguration></NetworkConfiguration>"
    )
    with subprocess.Popen(
        [sys.executable, "-m", "netcfg", command, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        assert process.stdout.read(1)
        process.stdout.close()  # the reader goes away with nearly all of the output unread
        stderr = process.stderr.read()
        code = process.wait(timeout=60)
    assert code == 1 and b"Traceback" not in stderr


def test_a_closed_standard_input_is_one_error():
    result = subprocess.run(
        [sys.executable, "-m", "netcfg", "validate", "-"], capture_output=True, timeout=60, preexec_fn=lambda: os.close(0)
    )
    one_line_error(result, "standard input is closed")


def test_a_full_standard_output_is_one_error(tmp_path):
    full = device(tmp_path / "full", 1, 7)
    with open(full, "wb") as sink:
        result = subprocess.run(
            [sys.executable, "-m", "netcfg", "render", str(ARTICLE)], stdout=sink, stderr=subprocess.PIPE, timeout=60
        )
    one_line_error(result, "cannot write to standard output: No space left on device")


def test_a_key_is_never_reported_written_when_it_is_not(tmp_path):
    full = device(tmp_path / "full", 1, 7)
    with open(full, "wb") as sink:
        result = subprocess.run([sys.executable, "-m", "netcfg", "key"], stdout=sink, stderr=subprocess.PIPE, timeout=60)
    one_line_error(result, "cannot write to standard output")
    key = tmp_path / "key.txt"
    assert netcfg("key", "-o", key).returncode == 0
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    os.chmod(key, 0o644)
    assert netcfg("key", "-o", key, "--force").returncode == 0
    assert stat.S_IMODE(os.stat(key).st_mode) == 0o600  # a replaced key file is private again


def test_write_files_is_the_one_write_path():
    # Commands write only through netcfg.io.writing: no other module opens a file for writing.
    from conftest import ROOT

    writers = []
    for module in (ROOT / "netcfg").rglob("*.py"):
        if module.name == "writing.py":
            continue
        text = module.read_text()
        for needle in ("open(", ".write_bytes(", ".write_text(", "os.replace(", "mkstemp("):
            for line in text.splitlines():
                if needle in line and ("w" in line.split(needle, 1)[1][:12] or needle != "open("):
                    writers.append(f"{module.name}: {line.strip()}")
    assert writers == []


def test_an_error_about_a_file_named_netcfg_is_still_said_as_an_error(tmp_path):
    """Every refusal starts 'netcfg: error: ', whatever its first word (a file may be called netcfg...)."""
    out = tmp_path / "netcfg.out"
    out.write_text("mine")
    done = subprocess.run(
        [sys.executable, "-m", "netcfg", "render", str(GOLDEN / "article.netcfg"), "-o", "netcfg.out"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (done.returncode, done.stderr) == (
        1,
        "netcfg: error: netcfg.out already exists; nothing was written (to replace it: --force)\n",
    )
    assert out.read_text() == "mine"
