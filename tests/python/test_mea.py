"""Virtual MEA from Python (lamina.analysis.virtual_mea, electrode_grid, neurons_near,
sample_electrodes; lamina.write_mea_file): electrodes where an MCS array has them, each seeing the
neurons within its radius, and files that read back as MEA recordings."""
import numpy as np
import pytest

import lamina as la


def test_grid_matches_the_hipsc_electrode_positions():
    # The hiPSC files place ch_<column><row> at x = 200 column, y = 200 (9 - row) um.
    names, pos = la._core.analysis.electrode_grid(8, 8, 200.0, 900.0, 900.0)
    assert len(names) == 60 and pos.shape == (60, 2)
    assert tuple(pos[names.index("ch_23")]) == (400.0, 1200.0)
    assert tuple(pos[names.index("ch_84")]) == (1600.0, 1000.0)


def test_each_electrode_records_exactly_the_neurons_within_its_radius(tmp_path):
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 1800, size=(500, 2))
    t = np.arange(500, dtype=float)           # neuron k fires once, at k ms
    ids = np.arange(500)
    rec = la.analysis.virtual_mea(t, ids, n_units=500, t_stop=1000.0, positions=xy, x=900, y=900,
                                  radius=80.0, metadata={"age": 33})
    names, epos = la._core.analysis.electrode_grid(8, 8, 200.0, 900.0, 900.0)
    for u, name in enumerate(rec.trains.names):
        e = epos[names.index(name)]
        near = np.flatnonzero(np.hypot(*(xy - e).T) <= 80.0)
        np.testing.assert_array_equal(rec.trains.unit(u), near.astype(float))
    path = tmp_path / "sim.h5"
    la.write_mea_file(path, rec)
    back = la.read_recording(path)
    assert back.format == "mea" and back.metadata["age"] == "33"
    assert back.trains.names == rec.trains.names
    np.testing.assert_allclose(back.positions, rec.positions)
    np.testing.assert_allclose(back.trains.times, rec.trains.times, atol=1e-9)


def test_detection_thins_binomially_and_bad_arguments_raise():
    t = np.arange(20000) * 0.5
    rec = la.analysis.virtual_mea(t, np.zeros(20000, dtype=np.uint64), positions=[[900.0, 900.0]],
                                  rows=1, cols=1, omit_corners=False, detection=0.25, seed=4)
    # Binomial(20000, 0.25): mean 5000, sd 61.2; 5 sd.
    assert abs(rec.trains.total_spikes - 5000) < 5 * 61.2
    with pytest.raises(la.InputError, match="detection probability"):
        la.analysis.virtual_mea(t, np.zeros(20000), positions=[[0.0, 0.0]], detection=2.0)
    with pytest.raises(ValueError, match="positions"):
        la._core.analysis.sample_electrodes(rec.trains, np.zeros((3, 3)), ["a"], np.zeros((1, 2)), 10.0)


def test_clustered_layout_positions_from_python(tmp_path):
    # E and I of one culture share the clumps (same rectangle, clusters and cluster_seed), every
    # neuron lies in the rectangle, and the positions are those a run's MEA uses (seed and gid only).
    layout = 'layout = { kind = "clustered", width = "1 mm", height = "1 mm", clusters = 5, cluster_radius = "2 um" }'
    model = tmp_path / "c.toml"
    model.write_text(f'[simulation]\nseed = 2\n[populations.E]\nmodel = "lif_psc_delta"\nsize = 200\n{layout}\n'
                     f'[populations.I]\nmodel = "lif_psc_delta"\nsize = 50\n{layout}\n')
    net = la.load(model)
    e, i = net.positions("E"), net.positions(net["I"])
    assert e.shape == (200, 2) and i.shape == (50, 2)
    assert ((e >= 0) & (e < 1000)).all()
    # Clumps of 2 um: each I neuron within 20 um (10 sd) of some E neuron; 5 clumps hold all 250.
    assert np.hypot(*(i[:, None, :] - e[None, :, :]).transpose(2, 0, 1)).min(axis=1).max() < 20
    np.testing.assert_array_equal(la.load(model, set={"simulation.threads": 2}).positions("E"), e)
    assert net.to_json()["populations"]["E"]["layout"]["clusters"] == 5
    model.write_text(model.read_text().replace("clusters = 5", "clusters = 0", 1))
    with pytest.raises(la.InputError, match=r"populations\.E\.layout\.clusters: expected a number of clusters"):
        la.load(model)
