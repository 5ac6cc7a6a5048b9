#pragma once
// Shared pieces of the reference-value harnesses: they run the radstudy binary the way a user
// does (`radstudy features` and `radstudy extract`) and compare its CSV with reference tables.
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "../cli/cli_runner.hpp"
#include "core/csv.hpp"

namespace radstudy::testing {

inline std::string shell_quoted(const std::filesystem::path& path) { return "\"" + path.string() + "\""; }

// A parameter file the binary accepts: while feature families are being written, the binary
// rejects a featureClass that is not available yet; such classes are dropped from a copy of the
// file (their reference values then count as not matched) and listed in `dropped`.
struct UsableParameters {
  std::filesystem::path path;
  std::vector<std::string> dropped;
  std::string error;  // non-empty when the binary rejects the file for another reason
};

inline UsableParameters usable_parameters(const std::filesystem::path& params, const std::filesystem::path& work) {
  UsableParameters usable{params, {}, {}};
  YAML::Node root = YAML::LoadFile(params.string());
  const std::regex unavailable("featureClass '([A-Za-z0-9_]+)' is not available");
  for (int attempt = 0; attempt < 32; ++attempt) {
    const auto result = run_radstudy("features --params " + shell_quoted(usable.path) + " --format csv");
    if (result.exit_code == 0) return usable;
    std::smatch match;
    if (!std::regex_search(result.output, match, unavailable) || !root["featureClass"]) {
      usable.error = result.output;
      return usable;
    }
    usable.dropped.push_back(match[1]);
    root["featureClass"].remove(match[1].str());
    usable.path = work / ("usable_" + params.filename().string());
    std::ofstream(usable.path) << YAML::Dump(root) << "\n";
  }
  usable.error = "too many unavailable feature classes";
  return usable;
}

// The column dictionary of `radstudy features --params FILE --format csv`.
inline core::CsvTable feature_dictionary(const std::filesystem::path& params, const std::filesystem::path& work) {
  const auto path = work / ("features_" + params.filename().string() + ".csv");
  const auto result = run_radstudy("features --params " + shell_quoted(params) + " --format csv > " + shell_quoted(path));
  if (result.exit_code != 0) return {};
  return core::read_csv(path.string());
}

// Runs `radstudy extract` and returns its table (empty, with `log` set, when it produced none).
inline core::CsvTable extract(const std::string& arguments, const std::filesystem::path& out, std::string& log) {
  std::filesystem::remove(out);
  const auto result = run_radstudy("extract " + arguments + " --out " + shell_quoted(out));
  log = result.output;
  if (!std::filesystem::exists(out)) return {};
  return core::read_csv(out.string());
}

// Half a unit of the last digit a number is written with: "556" -> 0.5, "0.0291" -> 5e-5,
// "3.58e5" -> 500.
inline double written_precision(const std::string& text) {
  std::string mantissa = text;
  int exponent = 0;
  if (const auto e = text.find_first_of("eE"); e != std::string::npos) {
    mantissa = text.substr(0, e);
    exponent = std::stoi(text.substr(e + 1));
  }
  int decimals = 0;
  if (const auto dot = mantissa.find('.'); dot != std::string::npos)
    decimals = static_cast<int>(mantissa.size() - dot - 1);
  return 0.5 * std::pow(10.0, exponent - decimals);
}

inline double parse_number(const std::string& text) {
  if (text.empty()) return std::nan("");
  try {
    return std::stod(text);
  } catch (...) {
    return std::nan("");
  }
}

// N of M, in a fixed format the reports and the ratchet floors use.
struct Tally {
  std::size_t matched = 0, total = 0;
  void add(bool match) {
    ++total;
    matched += match;
  }
};

inline void print_tallies(const std::string& title, const std::map<std::string, Tally>& tallies) {
  for (const auto& [name, tally] : tallies)
    std::printf("  %-34s %zu of %zu matched\n", (title + " " + name).c_str(), tally.matched, tally.total);
}

}  // namespace radstudy::testing
