#include "io/model/synapse_reader.hpp"

#include <lamina/model_catalog.hpp>

namespace lamina::io {

synapse_spec read_synapse_model(const toml_reader& r, const toml::table& t, const std::string& ctx,
                                dimension weight_dim) {
    synapse_spec syn;
    const auto* n = t.get("synapse");
    if (!n || !n->is_table()) return syn;
    const std::string where = ctx + ".synapse";
    const auto& table = *n->as_table();
    syn.origin = r.line_of(table);
    const auto& model_node = r.required(table, where, "model");
    syn.model = r.text(model_node, where + ".model");
    const auto* info = find_synapse_model(syn.model);
    if (!info)
        throw unknown_name_error(r.at(model_node, where + ".model") + ": unknown synapse model \"" + syn.model +
                                 "\" (known: " + synapse_model_names() +
                                 "; `lamina models` lists them with their parameters)");
    for (const auto& [k, v] : table) {
        const std::string key(k.str());
        if (key == "model") continue;
        const synapse_parameter_info* par = nullptr;
        for (const auto& x : info->parameters)
            if (x.name == key) par = &x;
        if (!par) {
            std::string known;
            for (const auto& x : info->parameters) known += (known.empty() ? "" : ", ") + x.name;
            throw unknown_name_error(r.at(v, where + "." + key) + ": synapse model " + syn.model +
                                     " has no parameter \"" + key + "\" (its parameters: " +
                                     (known.empty() ? "none" : known) + ")");
        }
        syn.params[key] = r.quantity(v, where + "." + key, par->in_weight_unit ? weight_dim : par->dim);
    }
    return syn;
}

}  // namespace lamina::io
