// libFuzzer target: arbitrary bytes as a model file, through everything `lamina check` does and,
// for small networks, through building and a few steps of simulation.
//
// Lines of the input that start with "#set " are also passed as --set overrides (they are TOML
// comments, so the file itself is unaffected), which lets the fuzzer reach apply_override.
//
// A finding is: a crash or sanitizer report; an exception that is not a lamina::error (the CLI
// would call it an internal error and exit 1 instead of 2); or an error message that does not say
// where the problem is (neither the file name nor "--set"), against the contract of DESIGN.md.
#include <lamina/error.hpp>
#include <lamina/model_file.hpp>
#include <lamina/simulation.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* source_name = "fuzz.toml";

// Bounds that keep one input fast and small: the loader's checks run on any size, but
// instantiating (validate) and building allocate per neuron and per synapse.
constexpr double max_validate_neurons = 2000;
constexpr double max_build_neurons = 200;
constexpr double max_build_synapses = 20000;

std::vector<std::string> overrides_in(std::string_view text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size() && out.size() < 8) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        const auto line = text.substr(pos, end - pos);
        if (line.substr(0, 5) == "#set ") out.emplace_back(line.substr(5));
        pos = end + 1;
    }
    return out;
}

void check_message(const lamina::error& e) {
    const std::string_view what = e.what();
    if (what.find(source_name) != std::string_view::npos || what.find("--set") != std::string_view::npos) return;
    std::fprintf(stderr, "error message names neither the file nor --set: %s\n", e.what());
    std::abort();
}

double total_neurons(const lamina::network_spec& spec) {
    double n = 0;
    for (const auto& p : spec.populations) n += double(p.size);
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto spec = lamina::parse_model(text, source_name, overrides_in(text));
        (void)lamina::model_to_json(spec);
        if (total_neurons(spec) > max_validate_neurons) return 0;
        const auto estimate = lamina::validate(spec);
        if (total_neurons(spec) > max_build_neurons || estimate.synapses > max_build_synapses) return 0;
        lamina::simulation sim(spec, 1 + static_cast<int>(size % 2));
        sim.run(std::min(spec.simulation.duration, 20 * sim.dt()));
        (void)sim.spikes();
        (void)sim.traces();
    } catch (const lamina::error& e) {
        check_message(e);
    }
    return 0;
}
