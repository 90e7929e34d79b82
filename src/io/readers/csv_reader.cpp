// CSV spike lists: one spike per row, two columns, a header that names the time unit:
//   unit,time_ms          (or time_s, time_us; the columns may come in either order)
//   ch_12,1523.25
// Lines starting with '#' and blank lines are skipped; unit names may be quoted. Units appear in
// the order of their first spike in the file.
#include "io/readers/readers.hpp"

#include <lamina/error.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <unordered_map>

namespace lamina::io {
namespace {

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
    return std::string(s);
}

/// Splits on commas (no commas inside quoted names).
std::vector<std::string> fields_of(const std::string& line) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const auto comma = line.find(',', start);
        out.push_back(trim(std::string_view(line).substr(start, comma == std::string::npos ? std::string::npos : comma - start)));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

/// At most 60 characters of a line, for messages.
std::string shown(const std::string& s) { return s.size() <= 60 ? s : s.substr(0, 57) + "..."; }

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

recording read_csv(const std::string& path, const read_options& options) {
    if (!options.populations.empty())
        throw unknown_name_error(path + ": a CSV spike list has no populations to select");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw file_error(path + ": cannot open the file");
    const std::string expected_header =
        "expected a CSV header naming the columns unit and time with its unit, e.g. 'unit,time_ms' or 'unit,time_s'";

    recording r;
    std::string line;
    std::size_t line_no = 0;
    int unit_col = -1, time_col = -1;
    double scale = 0;  // ms per file unit
    spike_collector spikes;
    std::unordered_map<std::string, std::uint32_t> unit_of;
    std::vector<std::string> names;
    while (std::getline(in, line)) {
        ++line_no;
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 byte order mark
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        const auto fields = fields_of(line);
        const std::string at = path + ":" + std::to_string(line_no) + ": ";
        if (time_col < 0) {
            // The header.
            const bool binary = std::any_of(line.begin(), line.end(), [](char ch) {
                const auto c = static_cast<unsigned char>(ch);
                return c < 0x20 && c != '\t' && c != '\r';
            });
            if (binary)
                throw file_error(path + ": is neither an HDF5 file nor CSV text (control bytes on line " +
                                 std::to_string(line_no) + "); " + expected_header);
            if (fields.size() != 2)
                throw file_error(at + "header '" + shown(t) + "' has " + std::to_string(fields.size()) + " columns; " +
                                 expected_header);
            for (int c = 0; c < 2; ++c) {
                const std::string f = lower(fields[static_cast<std::size_t>(c)]);
                if (f == "unit") unit_col = c;
                const double s = f == "time_ms" ? 1.0 : f == "time_s" ? 1000.0 : f == "time_us" ? 1e-3 : 0.0;
                if (s > 0) {
                    time_col = c;
                    scale = s;
                }
            }
            if (unit_col < 0 || time_col < 0) throw file_error(at + "header '" + shown(t) + "': " + expected_header);
            r.metadata["time_unit"] = fields[static_cast<std::size_t>(time_col)].substr(5);
            continue;
        }
        if (fields.size() != 2)
            throw file_error(at + "has " + std::to_string(fields.size()) + " fields, expected 2 (unit, time)");
        const std::string& name = fields[static_cast<std::size_t>(unit_col)];
        const std::string& time_text = fields[static_cast<std::size_t>(time_col)];
        if (name.empty()) throw file_error(at + "empty unit name");
        double value = 0;
        const auto res = std::from_chars(time_text.data(), time_text.data() + time_text.size(), value);
        if (res.ec != std::errc() || res.ptr != time_text.data() + time_text.size() || !std::isfinite(value))
            throw file_error(at + "time '" + time_text + "' is not a finite number");
        auto [it, inserted] = unit_of.try_emplace(name, static_cast<std::uint32_t>(names.size()));
        if (inserted) names.push_back(name);
        spikes.add(it->second, value * scale);
    }
    if (in.bad()) throw file_error(path + ": read error after line " + std::to_string(line_no));
    if (time_col < 0) throw file_error(path + ": has no header line; " + expected_header);
    r.trains = spikes.build(names.size());
    r.trains.names = std::move(names);
    window_from_spikes(r.trains);
    return r;
}

}  // namespace lamina::io
