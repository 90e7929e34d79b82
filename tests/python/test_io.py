"""Spike trains, recordings and output files from Python: what a network saves reads back
unchanged, and bad files raise FileError instead of crashing."""
import numpy as np
import pytest

import lamina as la
from lamina import _core
from conftest import brunel_in_python


def test_spike_trains_from_pairs():
    tr = _core.SpikeTrains.from_pairs(np.array([5.0, 1.0, 3.0, 2.0]), np.array([1, 1, 0, 2]), 4, 0.0, 10.0)
    assert (tr.units, tr.total_spikes, tr.duration) == (4, 4, 10.0)
    np.testing.assert_array_equal(tr.unit(1), [1.0, 5.0])  # sorted within the unit
    np.testing.assert_array_equal(tr.offsets, [0, 1, 3, 4, 4])
    np.testing.assert_array_equal(tr.unit_ids(), [0, 1, 1, 2])
    assert len(tr.unit(3)) == 0
    view = tr.unit(1)
    assert not view.flags.writeable
    with pytest.raises(ValueError):
        view[0] = 7.0
    with pytest.raises(IndexError):
        tr.unit(4)
    with pytest.raises(la.InputError, match="not below the 4 units"):
        _core.SpikeTrains.from_pairs(np.array([1.0]), np.array([4]), 4, 0.0, 1.0)


def test_spike_trains_views_outlive_their_owner():
    tr = _core.SpikeTrains.from_pairs(np.arange(1000.0), np.zeros(1000, dtype=np.uint64), 1, 0.0, 1000.0)
    times = tr.times
    del tr
    assert times.sum() == pytest.approx(999 * 1000 / 2)


def test_add_unit_checks_order():
    tr = _core.SpikeTrains()
    tr.add_unit(np.array([1.0, 2.0]), "a")
    with pytest.raises(la.InputError, match="not sorted"):
        tr.add_unit(np.array([3.0, 2.0]), "b")
    assert tr.units == 1 and tr.names == ["a"]


def test_saved_network_output_reads_back(tmp_path):
    net, rec = brunel_in_python()
    net.run("100 ms")
    net.save(tmp_path)
    assert (tmp_path / "spikes.h5").exists() and (tmp_path / "traces.h5").exists()
    r = la.read_recording(tmp_path / "spikes.h5", populations=["I"])
    assert r.format == "sonata" and r.trains.names[0] == "I:0"
    t, ids = rec.spikes("I")
    ref = rec.spikes("I").trains()
    for u in (0, 7, 199):
        np.testing.assert_array_equal(r.trains.unit(u), ref.unit(u))
    assert r.trains.total_spikes == len(t)
    h5py = pytest.importorskip("h5py")
    with h5py.File(tmp_path / "traces.h5", "r") as f:
        data = f["/traces/E/V_m/data"]
        assert data.shape == (100, 5) and data.attrs["units"] in ("mV", b"mV")
        _, v = net.recorders[1].trace("V_m")
        np.testing.assert_array_equal(data[()], v)


def test_write_spike_report_from_arrays(tmp_path):
    class Pop:  # any object with these attributes will do
        population, size = "X", 3
        times = np.array([0.5, 1.0, 2.0])
        node_ids = np.array([2, 0, 2], dtype=np.uint64)

    _core.write_spike_report(str(tmp_path / "x.h5"), [Pop()])
    r = la.read_recording(tmp_path / "x.h5")
    np.testing.assert_array_equal(r.trains.unit(2), [0.5, 2.0])


def test_bad_files_raise_file_errors(tmp_path):
    assert "sonata" in _core.recording_formats()
    with pytest.raises(la.FileError):
        la.read_recording(tmp_path / "missing.h5")
    junk = tmp_path / "junk.h5"
    junk.write_bytes(b"\x89HDF\r\n\x1a\n" + bytes(range(256)) * 8)  # an HDF5 signature, then garbage
    with pytest.raises(la.InputError):
        la.read_recording(junk)
    truncated = tmp_path / "truncated.h5"
    net, _ = brunel_in_python()
    net.run("10 ms")
    net.save(tmp_path / "ok")
    whole = (tmp_path / "ok" / "spikes.h5").read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(la.InputError):
        la.read_recording(truncated)
    with pytest.raises(la.InputError):
        la.read_recording(tmp_path / "ok" / "spikes.h5", format="no_such_format")
