"""docs/python.md is a tutorial whose code blocks run, in order, in one namespace: this test runs
them (in a scratch directory that sees examples/), so the documentation cannot drift from the API."""
import os
import re

import pytest

from conftest import ROOT

pytest.importorskip("matplotlib")


def test_tutorial_runs(tmp_path, capsys):
    text = (ROOT / "docs" / "python.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 6
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        namespace = {"__name__": "tutorial"}
        for k, block in enumerate(blocks):
            exec(compile(block, f"docs/python.md block {k + 1}", "exec"), namespace)
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert "spikes; E fires at" in out and "avalanches" in out
    assert 'is a voltage; expected a time such as "1 ms"' in out
    assert (tmp_path / "activity.png").stat().st_size > 10000
    assert (tmp_path / "runs" / "tutorial" / "spikes.h5").exists()
