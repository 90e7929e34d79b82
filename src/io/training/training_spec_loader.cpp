// Task files of `lamina train`: [task] (a generator or data files), [network], [training] and
// [evaluate]. Every key is checked (unknown keys are refused with the list of known ones) and
// every error names the file, line and key. Keys and defaults: docs/training.md.
#include <lamina/error.hpp>
#include <lamina/training_io.hpp>

#include "io/model/array_files.hpp"
#include "io/model/model_overrides.hpp"
#include "io/model/rate_loader_detail.hpp"
#include "io/model/toml_reader.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace lamina {

namespace {

using io::toml_reader;

struct spec_reader {
    const toml_reader& r;
    const toml::table& t;
    std::string ctx;
    std::vector<std::string> keys;

    const toml::node* get(const std::string& key) {
        keys.push_back(key);
        return t.get(key);
    }
    void time(const std::string& key, double& out) {
        if (auto* n = get(key)) out = r.quantity(*n, ctx + "." + key, dimension::time);
    }
    void number(const std::string& key, double& out) {
        if (auto* n = get(key)) out = r.number(*n, ctx + "." + key);
    }
    void count(const std::string& key, std::uint64_t& out) {
        if (auto* n = get(key)) out = r.count(*n, ctx + "." + key);
    }
    void times(const std::string& key, std::vector<double>& out) {
        if (auto* n = get(key)) out = r.quantities(*n, ctx + "." + key, dimension::time);
    }
    void numbers(const std::string& key, std::vector<double>& out) {
        if (auto* n = get(key)) out = r.quantities(*n, ctx + "." + key, dimension::dimensionless);
    }
    void fraction(const std::string& key, double& out) {
        if (auto* n = get(key)) {
            out = r.number(*n, ctx + "." + key);
            if (!(out >= 0.0 && out <= 1.0)) r.fail(*n, ctx + "." + key, "must be a fraction in [0, 1]");
        }
    }
    void done() { r.only_keys(t, ctx, keys); }
};

// inputs [trials x steps x inputs], targets and mask [trials x steps x outputs] from .npy/.h5.
rnn_task_data read_task_files(spec_reader& s, const std::string& source, const std::string& prefix) {
    auto read = [&](const std::string& key, bool required) -> io::array2d {
        const auto* n = s.get(prefix + key + "_file");
        s.keys.push_back(prefix + key + "_dataset");
        if (!n) {
            if (required) s.r.fail(s.t, s.ctx, "task kind \"files\" needs " + prefix + key + "_file (.npy or .h5)");
            return {};
        }
        std::string dataset;
        if (auto* d = s.t.get(prefix + key + "_dataset")) dataset = s.r.text(*d, s.ctx + "." + prefix + key + "_dataset");
        try {
            auto a = io::read_array3_file(io::resolve_beside(source, s.r.text(*n, s.ctx + "." + prefix + key + "_file")), dataset);
            if (a.shape.size() == 2) a.shape.push_back(1);  // [trials x steps]: one channel
            if (a.shape.size() != 3) s.r.fail(*n, s.ctx + "." + prefix + key + "_file", "expected a [trials x steps x channels] array");
            return a;
        } catch (const input_error& e) {
            s.r.fail(*n, s.ctx + "." + prefix + key + "_file", e.what());
        }
    };
    rnn_task_data d;
    const auto u = read("inputs", !prefix.empty() ? false : true);
    if (u.values.empty()) return d;
    const auto y = read("targets", true);
    const auto m = read("mask", false);
    if (y.shape[0] != u.shape[0] || y.shape[1] != u.shape[1])
        s.r.fail(s.t, s.ctx, prefix + "targets have " + std::to_string(y.shape[0]) + " trials x " + std::to_string(y.shape[1]) +
                                 " steps, the inputs " + std::to_string(u.shape[0]) + " x " + std::to_string(u.shape[1]));
    d.trials = u.shape[0];
    d.steps = u.shape[1];
    d.inputs = u.shape[2];
    d.outputs = y.shape[2];
    d.u = u.values;
    d.target = y.values;
    if (m.values.empty()) {
        d.mask.assign(d.target.size(), 1.0);
    } else {
        if (m.values.size() != d.target.size())
            s.r.fail(s.t, s.ctx, prefix + "mask has " + std::to_string(m.values.size()) + " values; expected the targets' shape");
        d.mask = m.values;
    }
    validate_task(d, source + ": " + s.ctx);
    return d;
}

rate_phi phi_from(const toml_reader& r, const toml::node& n, const std::string& key) {
    const std::string v = r.text(n, key);
    if (v == "tanh") return rate_phi::tanh;
    if (v == "relu") return rate_phi::relu;
    if (v == "linear") return rate_phi::linear;
    if (v == "sigmoid") return rate_phi::sigmoid;
    r.fail(n, key, "expected \"tanh\", \"relu\", \"linear\" or \"sigmoid\" (a differentiable phi), got \"" + v + "\"");
}

void read_task(const toml_reader& r, const toml::table& t, training_spec& s) {
    spec_reader k{r, t, "task", {}};
    if (auto* n = k.get("kind")) s.kind = r.text(*n, "task.kind");
    if (s.kind != "cue_set_go" && s.kind != "measure_wait_go" && s.kind != "files")
        r.fail(*t.get("kind"), "task.kind", "expected \"cue_set_go\", \"measure_wait_go\" or \"files\", got \"" + s.kind + "\"");
    k.time("dt", s.dt_ms);
    if (!(s.dt_ms > 0.0)) r.fail(*t.get("dt"), "task.dt", "must be a positive time");
    k.count("test_trials", s.test_trials);
    if (s.kind == "cue_set_go") {
        auto& c = s.csg;
        c.dt_ms = s.dt_ms;
        k.count("trials", c.trials);
        k.count("seed", c.seed);
        k.times("intervals", c.intervals_ms);
        k.time("duration", c.duration_ms);
        k.time("set", c.set_ms);
        k.time("jitter", c.jitter_ms);
        k.number("pulse", c.pulse);
        k.fraction("no_set_fraction", c.no_set_fraction);
        std::vector<double> ctx{c.context_min, c.context_max}, ref{c.reference_min_ms, c.reference_max_ms};
        k.numbers("context", ctx);
        k.times("reference", ref);
        if (ctx.size() != 2 || ref.size() != 2)
            r.fail(t, "task", "context and reference take two values: the cue amplitude at and the shortest and longest interval");
        c.context_min = ctx[0];
        c.context_max = ctx[1];
        c.reference_min_ms = ref[0];
        c.reference_max_ms = ref[1];
        s.input_names = {"context", "set"};
    } else if (s.kind == "measure_wait_go") {
        auto& m = s.mwg;
        m.dt_ms = s.dt_ms;
        k.count("trials", m.trials);
        k.count("seed", m.seed);
        k.times("intervals", m.intervals_ms);
        k.numbers("context", m.context);
        k.time("duration", m.duration_ms);
        k.time("ready", m.ready_ms);
        k.time("jitter", m.jitter_ms);
        std::vector<double> delay{m.delay_min_ms, m.delay_max_ms};
        k.times("delay", delay);
        if (delay.size() != 2) r.fail(*t.get("delay"), "task.delay", "expected [min, max]");
        m.delay_min_ms = delay[0];
        m.delay_max_ms = delay[1];
        k.time("mask_pre", m.mask_pre_ms);
        k.time("mask_post", m.mask_post_ms);
        k.number("pulse", m.pulse);
        k.fraction("no_input_fraction", m.no_input_fraction);
        k.fraction("no_go_fraction", m.no_go_fraction);
        s.input_names = {"ready", "measured", "go"};
        if (!m.context.empty()) s.input_names.push_back("context");
    } else {
        s.train = read_task_files(k, s.source, "");
        s.test = read_task_files(k, s.source, "test_");
        for (std::uint64_t c = 0; c < s.train.inputs; ++c) s.input_names.push_back("input" + std::to_string(c));
    }
    k.done();
}

// The index of the task's input called `name`; refused with the task's input names otherwise.
std::uint64_t input_index(const toml_reader& r, const toml::node& where, const std::string& key,
                          const std::vector<std::string>& names, const std::string& name) {
    for (std::size_t c = 0; c < names.size(); ++c)
        if (names[c] == name) return c;
    std::string known;
    for (const auto& x : names) known += (known.empty() ? "" : ", ") + x;
    r.fail(where, key, "the task has no input \"" + name + "\" (its inputs: " + known + ")");
}

void read_network(const toml_reader& r, const toml::table& t, training_spec& s) {
    spec_reader k{r, t, "network", {}};
    auto& n = s.network;
    k.count("units", n.units);
    k.count("rank", n.rank);
    if (auto* v = k.get("full_rank"); v && r.boolean(*v, "network.full_rank")) n.rank = 0;
    if (auto* v = k.get("tau")) {
        const double tau = r.quantity(*v, "network.tau", dimension::time);
        if (!(tau >= s.dt_ms)) r.fail(*v, "network.tau", "must be at least one step dt");
        n.alpha = s.dt_ms / tau;
    }
    if (auto* v = k.get("noise_std")) n.noise_std = r.number(*v, "network.noise_std");
    if (auto* v = k.get("phi")) n.phi = phi_from(r, *v, "network.phi");
    k.number("factor_std", n.factor_std);
    if (auto* v = k.get("factor_overlap")) {
        n.factor_overlap = r.number(*v, "network.factor_overlap");
        if (!(std::abs(n.factor_overlap) <= 1.0))
            r.fail(*v, "network.factor_overlap", "must be a correlation, between -1 and 1");
    }
    if (auto* v = k.get("context_overlap")) {
        n.context_overlap = r.number(*v, "network.context_overlap");
        if (!(std::abs(n.context_overlap) <= 1.0))
            r.fail(*v, "network.context_overlap", "must be a correlation, between -1 and 1");
        if (!(n.factor_overlap * n.factor_overlap + n.context_overlap * n.context_overlap < 1.0))
            r.fail(*v, "network.context_overlap", "factor_overlap^2 + context_overlap^2 must be below 1");
        if (n.context_overlap != 0.0)
            n.context_input = input_index(r, *v, "network.context_overlap", s.input_names, "context");
    }
    if (auto* v = k.get("inputs_in_m_span"))
        for (const auto& name : r.texts(*v, "network.inputs_in_m_span")) {
            n.inputs_in_m_span.push_back(input_index(r, *v, "network.inputs_in_m_span", s.input_names, name));
            if (n.context_overlap != 0.0 && n.inputs_in_m_span.back() == n.context_input)
                r.fail(*v, "network.inputs_in_m_span", "cannot hold the context input: context_overlap correlates n with it");
        }
    if (auto* v = k.get("readout_in_m_span")) n.readout_in_m_span = r.boolean(*v, "network.readout_in_m_span");
    const bool structured = n.context_overlap != 0.0 || !n.inputs_in_m_span.empty() || n.readout_in_m_span;
    if (structured && n.rank == 0)
        r.fail(t, "network", "context_overlap, inputs_in_m_span and readout_in_m_span need a low-rank network (rank >= 1)");
    k.number("g", n.g);
    k.number("input_std", n.input_std);
    k.number("readout_std", n.readout_std);
    if (auto* v = k.get("readout_scale")) {
        const std::string scale = r.text(*v, "network.readout_scale");
        if (scale != "1/N" && scale != "1/sqrt(N)")
            r.fail(*v, "network.readout_scale", "must be \"1/N\" or \"1/sqrt(N)\"");
        n.readout_per_sqrt_unit = scale == "1/sqrt(N)";
    }
    k.count("seed", n.seed);
    k.done();
    if (n.units == 0) r.fail(t, "network", "units is required (a positive number of units)");
}

void read_training(const toml_reader& r, const toml::table& t, training_spec& s) {
    spec_reader k{r, t, "training", {}};
    auto& o = s.training;
    k.count("epochs", o.epochs);
    k.count("batch_size", o.batch_size);
    k.number("learning_rate", o.learning_rate);
    k.number("beta1", o.beta1);
    k.number("beta2", o.beta2);
    k.number("epsilon", o.epsilon);
    k.number("clip_norm", o.clip_norm);
    if (auto* v = k.get("schedule")) {
        const std::string sch = r.text(*v, "training.schedule");
        if (sch == "constant") o.schedule = lr_schedule::constant;
        else if (sch == "step") o.schedule = lr_schedule::step;
        else if (sch == "exponential") o.schedule = lr_schedule::exponential;
        else r.fail(*v, "training.schedule", "expected \"constant\", \"step\" or \"exponential\", got \"" + sch + "\"");
    }
    k.number("gamma", o.gamma);
    k.count("step_epochs", o.step_epochs);
    if (auto* v = k.get("train")) {
        o.trainable = {false, false, false, false};
        for (const auto& name : r.texts(*v, "training.train")) {
            if (name == "recurrent") o.trainable.recurrent = true;
            else if (name == "input") o.trainable.input = true;
            else if (name == "readout") o.trainable.readout = true;
            else if (name == "initial_state") o.trainable.initial_state = true;
            else r.fail(*v, "training.train", "unknown parameter \"" + name + "\" (known: recurrent, input, readout, initial_state)");
        }
    }
    k.count("seed", o.seed);
    k.count("checkpoint_every", s.checkpoint_every);
    if (auto* v = k.get("threads")) o.threads = static_cast<int>(r.count(*v, "training.threads"));
    k.done();
    if (o.batch_size == 0) r.fail(t, "training.batch_size", "must be at least 1");
    if (!(o.learning_rate > 0.0)) r.fail(t, "training.learning_rate", "must be positive");
}

void read_evaluate(const toml_reader& r, const toml::table& t, training_spec& s) {
    spec_reader k{r, t, "evaluate", {}};
    k.times("intervals", s.evaluate_intervals_ms);
    k.numbers("context", s.evaluate_context);
    k.count("trials", s.evaluate_trials);
    k.time("duration", s.evaluate_duration_ms);
    k.done();
}

}  // namespace

training_spec load_training_spec(const std::string& path, const std::vector<std::string>& overrides) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path + ": cannot open the task file");
    std::ostringstream text;
    text << in.rdbuf();
    toml::table root;
    try {
        root = toml::parse(text.str(), std::string_view(path));
    } catch (const toml::parse_error& e) {
        throw input_error(path + ":" + std::to_string(e.source().begin.line) + ": TOML syntax error: " +
                          std::string(e.description()));
    }
    for (const auto& o : overrides) io::apply_model_override(root, o);
    const toml_reader r(path);
    r.only_keys(root, "the task file", {"task", "network", "training", "evaluate"});
    training_spec s;
    s.source = path;
    const auto* task = root.get("task");
    if (!task) throw input_error(path + ": a task file needs a [task] table");
    read_task(r, r.table(*task, "task"), s);
    const auto* net = root.get("network");
    if (!net) throw input_error(path + ": a task file needs a [network] table (units, rank, tau, ...)");
    s.network.alpha = 0.1;
    read_network(r, r.table(*net, "network"), s);
    if (auto* t = root.get("training")) read_training(r, r.table(*t, "training"), s);
    if (auto* t = root.get("evaluate")) read_evaluate(r, r.table(*t, "evaluate"), s);
    s.network.inputs = s.kind == "files" ? s.train.inputs : s.input_names.size();
    s.network.outputs = s.kind == "files" ? s.train.outputs : 1;
    return s;
}

}  // namespace lamina
