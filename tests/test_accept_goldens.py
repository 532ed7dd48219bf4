"""scripts/accept-goldens shows each pending diff and accepts only the files named."""

import importlib.util
from conftest import ROOT


def load(golden_dir):
    spec = importlib.util.spec_from_loader("accept_goldens", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__dict__["__file__"] = str(ROOT / "scripts" / "accept-goldens")
    exec(compile((ROOT / "scripts" / "accept-goldens").read_text(), "accept-goldens", "exec"), module.__dict__)
    module.GOLDEN = golden_dir
    return module


def test_shows_every_diff_and_accepts_only_what_is_named(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("old\n")
        (tmp_path / f"{name}.actual").write_text("new\n")
    tool = load(tmp_path)
    assert tool.main([]) == 0
    shown = capsys.readouterr().out
    assert "-old\n+new\n" in shown and "golden/a.txt" in shown and "golden/b.txt" in shown
    assert (tmp_path / "a.txt").read_text() == "old\n"  # nothing accepted without names
    assert tool.main(["a.txt"]) == 0
    assert (tmp_path / "a.txt").read_text() == "new\n" and not (tmp_path / "a.txt.actual").exists()
    assert (tmp_path / "b.txt").read_text() == "old\n" and (tmp_path / "b.txt.actual").exists()
    assert tool.main(["nosuch"]) == 2
    assert "no pending change for nosuch" in capsys.readouterr().err
