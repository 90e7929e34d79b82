// "--set a.b.c=value" on a parsed model file (model_overrides.hpp).
#include "io/model/model_overrides.hpp"

#include <lamina/error.hpp>

#include <algorithm>
#include <string>

namespace lamina::io {
namespace {

/// A TOML basic string holding `text` exactly (quotes, backslashes and control characters escaped).
std::string toml_string_literal(const std::string& text) {
    std::string out = "\"";
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20 || c == 0x7F) {
            static constexpr char hex[] = "0123456789ABCDEF";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

/// The value of "--set key=value": TOML syntax if it parses as one value, else the text as a string
/// (so that --set x.tau_m=20 ms works without quotes).
toml::table parse_override_value(const std::string& assignment, const std::string& value) {
    try {
        return toml::parse("v = " + value, std::string_view("--set"));
    } catch (const toml::parse_error&) {
    }
    try {
        return toml::parse("v = " + toml_string_literal(value), std::string_view("--set"));
    } catch (const toml::parse_error& e) {
        // Only text that is not valid UTF-8 gets here.
        throw input_error("--set " + assignment + ": the value is not valid text: " + std::string(e.description()));
    }
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Applies one "--set a.b.c=value" to the parsed document. The value node is moved, not copied,
/// so that it keeps its "--set" source and messages about it say where it came from.
void apply_override(toml::table& root, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throw input_error("--set " + assignment + ": expected key=value, e.g. --set populations.E.size=2000");
    const std::string path = assignment.substr(0, eq), value = assignment.substr(eq + 1);
    toml::table parsed = parse_override_value(assignment, value);
    toml::node& new_value = *parsed.get("v");
    toml::node* here = &root;
    std::string walked;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        const std::string part = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        walked += (walked.empty() ? "" : ".") + part;
        if (part.empty()) throw input_error("--set " + assignment + ": empty key component in \"" + path + "\"");
        const bool last = dot == std::string::npos;
        if (auto* t = here->as_table()) {
            if (last) {
                new_value.visit([&](auto&& n) { t->insert_or_assign(part, std::move(n)); });
                return;
            }
            if (!t->contains(part)) t->insert(part, toml::table{});
            here = t->get(part);
        } else if (auto* a = here->as_array()) {
            if (!all_digits(part))
                throw input_error("--set " + assignment + ": \"" + walked.substr(0, walked.rfind('.')) +
                                  "\" is a list; expected an index below " + std::to_string(a->size()) +
                                  " instead of \"" + part + "\"");
            const std::size_t idx = std::stoul(part);
            if (idx >= a->size())
                throw input_error("--set " + assignment + ": \"" + walked + "\" is beyond the list's " +
                                  std::to_string(a->size()) + " entries");
            if (last) {
                new_value.visit(
                    [&](auto&& n) { a->replace(a->begin() + static_cast<std::ptrdiff_t>(idx), std::move(n)); });
                return;
            }
            here = a->get(idx);
        } else {
            throw input_error("--set " + assignment + ": \"" + walked.substr(0, walked.rfind('.')) +
                              "\" is a value, not a table");
        }
        start = dot + 1;
    }
}

}  // namespace

void apply_model_override(toml::table& root, const std::string& assignment) { apply_override(root, assignment); }

}  // namespace lamina::io
