// lamina._core.training: training rate RNNs (lamina/training.hpp, training_tasks.hpp,
// training_io.hpp). Parameters and trials are plain read-write records whose arrays are flat
// lists in the C++ layouts (the facade lamina.training reshapes them); the gradient, epochs and
// evaluations release the GIL; Ctrl-C stops an epoch after the current batch.
#include <lamina/error.hpp>
#include <lamina/training_io.hpp>

#include "common.hpp"
#include "sigint_guard.hpp"

#include <atomic>
#include <cmath>

namespace lamina::python {
namespace {

py::array_t<double> outputs_array(std::vector<double>&& z, const rnn_task_data& t) {
    auto* owned = new std::vector<double>(std::move(z));
    py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
    const std::size_t S = t.steps, O = t.outputs;
    return py::array_t<double>({static_cast<std::size_t>(t.trials), S, O}, {S * O * sizeof(double), O * sizeof(double), sizeof(double)},
                               owned->data(), owner);
}

void bind_records(py::module_& t) {
    py::class_<rnn_network>(t, "Network", "x_{t+1} = x_t + alpha (-x_t + J phi(x_t) + B u_t) + noise; z_t = W phi(x_{t+1}).")
        .def(py::init<>())
        .def_readwrite("units", &rnn_network::units).def_readwrite("inputs", &rnn_network::inputs)
        .def_readwrite("outputs", &rnn_network::outputs).def_readwrite("rank", &rnn_network::rank)
        .def_readwrite("alpha", &rnn_network::alpha).def_readwrite("noise_std", &rnn_network::noise_std)
        .def_readwrite("phi", &rnn_network::phi)
        .def_readwrite("m", &rnn_network::m).def_readwrite("n", &rnn_network::n).def_readwrite("J", &rnn_network::J)
        .def_readwrite("B", &rnn_network::B).def_readwrite("W", &rnn_network::W).def_readwrite("x0", &rnn_network::x0);
    py::class_<rnn_task_data>(t, "Task", "Trials: u [trial][step][input], target and mask [trial][step][output], flat.")
        .def(py::init<>())
        .def_readwrite("trials", &rnn_task_data::trials).def_readwrite("steps", &rnn_task_data::steps)
        .def_readwrite("inputs", &rnn_task_data::inputs).def_readwrite("outputs", &rnn_task_data::outputs)
        .def_readwrite("u", &rnn_task_data::u).def_readwrite("target", &rnn_task_data::target)
        .def_readwrite("mask", &rnn_task_data::mask).def_readwrite("interval_ms", &rnn_task_data::interval_ms)
        .def_readwrite("context", &rnn_task_data::context);
    py::enum_<lr_schedule>(t, "Schedule")
        .value("constant", lr_schedule::constant)
        .value("step", lr_schedule::step)
        .value("exponential", lr_schedule::exponential);
    using O = rnn_training_options;
    py::class_<O>(t, "TrainingOptions", "Adam, clipping, schedule, batches, which parameters train.")
        .def(py::init<>())
        .def_readwrite("epochs", &O::epochs).def_readwrite("batch_size", &O::batch_size)
        .def_readwrite("learning_rate", &O::learning_rate).def_readwrite("beta1", &O::beta1)
        .def_readwrite("beta2", &O::beta2).def_readwrite("epsilon", &O::epsilon).def_readwrite("clip_norm", &O::clip_norm)
        .def_readwrite("schedule", &O::schedule).def_readwrite("gamma", &O::gamma).def_readwrite("step_epochs", &O::step_epochs)
        .def_readwrite("seed", &O::seed).def_readwrite("threads", &O::threads)
        .def_property("train_recurrent", [](const O& o) { return o.trainable.recurrent; }, [](O& o, bool v) { o.trainable.recurrent = v; })
        .def_property("train_input", [](const O& o) { return o.trainable.input; }, [](O& o, bool v) { o.trainable.input = v; })
        .def_property("train_readout", [](const O& o) { return o.trainable.readout; }, [](O& o, bool v) { o.trainable.readout = v; })
        .def_property("train_initial_state", [](const O& o) { return o.trainable.initial_state; },
                      [](O& o, bool v) { o.trainable.initial_state = v; });
    py::class_<rnn_optimizer_state>(t, "OptimizerState",
                                    "Adam's moments, the update and epoch counters, and the position inside an "
                                    "unfinished epoch (batches_done, trials_done, loss_sum; 0 at an epoch boundary).")
        .def_readwrite("updates", &rnn_optimizer_state::updates)
        .def_readwrite("epochs_done", &rnn_optimizer_state::epochs_done)
        .def_readwrite("batches_done", &rnn_optimizer_state::batches_done)
        .def_readwrite("trials_done", &rnn_optimizer_state::trials_done)
        .def_readwrite("loss_sum", &rnn_optimizer_state::loss_sum);
    py::class_<training_spec>(t, "TrainingSpec", "A task file: the task, network, training and evaluation settings.")
        .def_readonly("source", &training_spec::source).def_readonly("kind", &training_spec::kind)
        .def_readonly("dt_ms", &training_spec::dt_ms).def_readonly("input_names", &training_spec::input_names)
        .def_readonly("checkpoint_every", &training_spec::checkpoint_every)
        .def_readwrite("training", &training_spec::training);
}

}  // namespace

void bind_training(py::module_& m) {
    auto t = m.def_submodule("training", "Training rate RNNs by BPTT and Adam (docs/training.md).");
    bind_records(t);
    t.def("make_network", [](std::uint64_t units, std::uint64_t inputs, std::uint64_t outputs, std::uint64_t rank,
                             double alpha, double noise_std, rate_phi phi, double factor_std, double g, double input_std,
                             double readout_std, std::uint64_t seed, double factor_overlap, double context_overlap,
                             std::uint64_t context_input, const std::vector<std::uint64_t>& inputs_in_m_span,
                             bool readout_in_m_span, const std::string& readout_scale) {
        if (readout_scale != "1/N" && readout_scale != "1/sqrt(N)")
            throw input_error("make_network: readout_scale must be \"1/N\" or \"1/sqrt(N)\", not \"" + readout_scale + "\"");
        const rnn_init_options o{units, inputs, outputs, rank, alpha, noise_std, phi, factor_std, g, input_std,
                                 readout_std, seed, factor_overlap, context_overlap, context_input, inputs_in_m_span,
                                 readout_in_m_span, readout_scale == "1/sqrt(N)"};
        return make_rnn(o);
    }, py::arg("units"), py::arg("inputs") = 1, py::arg("outputs") = 1, py::arg("rank") = 2, py::arg("alpha") = 0.1,
       py::arg("noise_std") = 0.0, py::arg("phi") = rate_phi::tanh, py::arg("factor_std") = 1.0, py::arg("g") = 0.0,
       py::arg("input_std") = 1.0, py::arg("readout_std") = 2.0, py::arg("seed") = 1, py::arg("factor_overlap") = 0.0,
       py::arg("context_overlap") = 0.0, py::arg("context_input") = 0,
       py::arg("inputs_in_m_span") = std::vector<std::uint64_t>{}, py::arg("readout_in_m_span") = false,
       py::arg("readout_scale") = "1/N",
       "A network with m, n ~ N(0, factor_std^2/N), n_r correlated with m_r by factor_overlap and the last n with "
       "input column context_input by context_overlap (rank 0: J ~ N(0, g^2/N)), B ~ N(0, input_std^2) (columns in "
       "inputs_in_m_span: random mixes of the m_r), W ~ N(0, (readout_std/N)^2) (readout_scale \"1/sqrt(N)\": "
       "(readout_std/sqrt(N))^2, the full-rank networks' code of Beiran et al. 2023) or a mix of the m_r.");
    t.def("validate_task", [](const rnn_task_data& task) { validate_task(task, "task"); }, py::arg("task"));
    t.def("cue_set_go", [](const std::vector<double>& intervals_ms, std::uint64_t trials, std::uint64_t seed, double dt_ms,
                           double duration_ms, double context_min, double context_max, double reference_min_ms,
                           double reference_max_ms, double no_set_fraction, double jitter_ms, bool balanced) {
        csg_options o;
        o.intervals_ms = intervals_ms;
        o.trials = trials;
        o.seed = seed;
        o.dt_ms = dt_ms;
        o.duration_ms = duration_ms;
        o.context_min = context_min;
        o.context_max = context_max;
        o.reference_min_ms = reference_min_ms;
        o.reference_max_ms = reference_max_ms;
        o.no_set_fraction = no_set_fraction;
        o.jitter_ms = jitter_ms;
        o.balanced = balanced;
        return cue_set_go(o);
    }, py::arg("intervals_ms"), py::arg("trials") = 500, py::arg("seed") = 1, py::arg("dt_ms") = 10.0,
       py::arg("duration_ms") = 3500.0, py::arg("context_min") = 0.0, py::arg("context_max") = 0.25,
       py::arg("reference_min_ms") = 800.0, py::arg("reference_max_ms") = 1550.0, py::arg("no_set_fraction") = 0.1,
       py::arg("jitter_ms") = 100.0, py::arg("balanced") = false, "Cue-Set-Go trials (Beiran et al. 2023).");
    t.def("measure_wait_go", [](const std::vector<double>& intervals_ms, const std::vector<double>& context,
                                std::uint64_t trials, std::uint64_t seed, double dt_ms, double duration_ms,
                                double no_input_fraction, double no_go_fraction, double jitter_ms, bool balanced) {
        mwg_options o;
        o.intervals_ms = intervals_ms;
        o.context = context;
        o.trials = trials;
        o.seed = seed;
        o.dt_ms = dt_ms;
        o.duration_ms = duration_ms;
        o.no_input_fraction = no_input_fraction;
        o.no_go_fraction = no_go_fraction;
        o.jitter_ms = jitter_ms;
        o.balanced = balanced;
        return measure_wait_go(o);
    }, py::arg("intervals_ms"), py::arg("context") = std::vector<double>{}, py::arg("trials") = 500, py::arg("seed") = 1,
       py::arg("dt_ms") = 10.0, py::arg("duration_ms") = 6500.0, py::arg("no_input_fraction") = 0.1,
       py::arg("no_go_fraction") = 0.1, py::arg("jitter_ms") = 100.0, py::arg("balanced") = false,
       "Measure-Wait-Go trials (Beiran et al. 2023); context: one tonic input value per interval.");
    t.def("loss_gradient", [](const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials,
                              std::uint64_t seed, std::uint64_t noise_key, int threads) {
        rnn_network grad;
        double loss = 0.0;
        {
            py::gil_scoped_release release;
            loss = rnn_loss_gradient(net, task, trials, seed, noise_key, grad, threads);
        }
        return py::make_tuple(loss, grad);
    }, py::arg("net"), py::arg("task"), py::arg("trials"), py::arg("seed") = 1, py::arg("noise_key") = 0,
       py::arg("threads") = 1, "(loss, gradient as a Network) of the batch `trials`.");
    t.def("loss", [](const rnn_network& net, const rnn_task_data& task, const std::vector<std::uint64_t>& trials,
                     std::uint64_t seed, std::uint64_t noise_key, int threads) {
        py::gil_scoped_release release;
        return rnn_loss(net, task, trials, seed, noise_key, threads);
    }, py::arg("net"), py::arg("task"), py::arg("trials"), py::arg("seed") = 1, py::arg("noise_key") = 0,
       py::arg("threads") = 1, "Masked mean squared error of the batch `trials` (forward pass only).");
    t.def("outputs", [](const rnn_network& net, const rnn_task_data& task, std::uint64_t seed, std::uint64_t noise_key,
                        int threads) {
        std::vector<double> z;
        {
            py::gil_scoped_release release;
            z = rnn_outputs(net, task, seed, noise_key, threads);
        }
        return outputs_array(std::move(z), task);
    }, py::arg("net"), py::arg("task"), py::arg("seed") = 1, py::arg("noise_key") = 0, py::arg("threads") = 1,
       "Outputs z (trials x steps x outputs).");
    t.def("make_optimizer_state", &make_optimizer_state, py::arg("net"));
    t.def("scheduled_learning_rate", &scheduled_learning_rate, py::arg("options"), py::arg("epoch"));
    t.def("train_epoch", [](rnn_network& net, rnn_optimizer_state& state, const rnn_task_data& task,
                            const rnn_training_options& options, bool handle_sigint) {
        std::atomic<bool> stop{false};
        rnn_epoch_report r;
        // Python handles signals in the main thread only; elsewhere Ctrl-C is not ours to take.
        const auto threading = py::module_::import("threading");
        const bool main_thread = threading.attr("current_thread")().is(threading.attr("main_thread")());
        // Python's handler runs after the call: KeyboardInterrupt by default (the state holds where
        // the epoch stopped); a handler that returns (lamina.training.train's) gets the report.
        const bool interrupted = run_stoppable(&stop, handle_sigint && main_thread,
                                               [&] { r = train_epoch(net, state, task, options, &stop); });
        py::dict d;
        d["epoch"] = r.epoch;
        d["loss"] = r.mean_loss;
        d["learning_rate"] = r.learning_rate;
        d["gradient_norm"] = r.gradient_norm;
        d["complete"] = r.complete;
        d["batches_done"] = r.batches_done;
        d["batches"] = r.batches;
        d["interrupted"] = interrupted;
        return d;
    }, py::arg("net"), py::arg("state"), py::arg("task"), py::arg("options"), py::arg("handle_sigint") = true,
       "One epoch of Adam updates, or the rest of the epoch the state stopped in; keys epoch, loss, "
       "learning_rate, gradient_norm, complete, batches_done, batches, interrupted. With handle_sigint (main "
       "thread), Ctrl-C stops after the current batch, the state holding the position (a later call "
       "continues the epoch to the bit), and Python's SIGINT handler then runs (KeyboardInterrupt by default).");
    t.def("produced_intervals", [](const doubles_in& z, const rnn_task_data& task, std::uint64_t cue_input, double dt_ms) {
        std::vector<double> v(z.data(), z.data() + z.size());
        return to_numpy(produced_intervals(v, task, cue_input, dt_ms));
    }, py::arg("z"), py::arg("task"), py::arg("cue_input"), py::arg("dt_ms"),
       "Produced interval (ms) per trial: first crossing of 0.35 after the cue, / 0.85; NaN if none.");
    t.def("evaluate_intervals", [](const rnn_network& net, const rnn_task_data& task, std::uint64_t cue_input, double dt_ms,
                                   std::uint64_t seed, int threads) {
        std::vector<interval_evaluation> e;
        {
            py::gil_scoped_release release;
            e = evaluate_intervals(net, task, cue_input, dt_ms, seed, threads);
        }
        std::vector<double> T, c, mean, sd, trials, crossed;
        for (const auto& x : e) {
            T.push_back(x.interval_ms);
            c.push_back(x.context);
            mean.push_back(x.produced_mean_ms);
            sd.push_back(x.produced_std_ms);
            trials.push_back(static_cast<double>(x.trials));
            crossed.push_back(static_cast<double>(x.crossed));
        }
        py::dict d;
        d["interval_ms"] = to_numpy(std::move(T));
        d["context"] = to_numpy(std::move(c));
        d["produced_mean_ms"] = to_numpy(std::move(mean));
        d["produced_std_ms"] = to_numpy(std::move(sd));
        d["trials"] = to_numpy(std::move(trials));
        d["crossed"] = to_numpy(std::move(crossed));
        return d;
    }, py::arg("net"), py::arg("task"), py::arg("cue_input"), py::arg("dt_ms"), py::arg("seed") = 1, py::arg("threads") = 1,
       "Produced against target interval per interval of a balanced task (dict of arrays).");
    t.def("load_training_spec", &load_training_spec, py::arg("path"), py::arg("overrides") = std::vector<std::string>{});
    t.def("spec_network", [](const training_spec& s) { return make_rnn(s.network); }, py::arg("spec"),
          "The initial network a task file describes.");
    t.def("training_task", &make_training_task, py::arg("spec"), py::arg("test") = false);
    t.def("evaluation_task", &make_evaluation_task, py::arg("spec"));
    t.def("cue_input", &cue_input_of, py::arg("spec"));
    t.def("write_trained_network", &write_trained_network, py::arg("toml_path"), py::arg("net"), py::arg("dt_ms"),
          py::arg("input_names"));
    t.def("write_checkpoint", &write_checkpoint, py::arg("path"), py::arg("net"), py::arg("state"));
    t.def("read_checkpoint", [](const std::string& path) {
        rnn_network net;
        rnn_optimizer_state state;
        read_checkpoint(path, net, state);
        return py::make_tuple(net, state);
    }, py::arg("path"), "(Network, OptimizerState) from a checkpoint.");
}

}  // namespace lamina::python
