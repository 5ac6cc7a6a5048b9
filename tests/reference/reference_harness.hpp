#pragma once
// The reference-value harnesses run the radstudy binary the way a user does (`radstudy features`
// and `radstudy extract`) and compare its CSV with reference tables.
#include <filesystem>
#include <string>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"
#include "reference_values.hpp"

namespace radstudy::testing {

// The column dictionary of `radstudy features --params FILE --format csv` (empty, with `log` set,
// when the binary rejects the file, e.g. for a featureClass it does not have).
inline core::CsvTable feature_dictionary(const std::filesystem::path& params,
                                         const std::filesystem::path& work, std::string& log) {
  const auto path = work / ("features_" + params.filename().string() + ".csv");
  const auto result =
      run_radstudy("features --params " + shell_quoted(params) + " --format csv > " + shell_quoted(path));
  if (result.exit_code != 0) {
    log = read_text(path) + result.output;  // run_radstudy's 2>&1 follows the redirection into the file
    return {};
  }
  return core::read_csv(path.string());
}

// Runs `radstudy extract` and returns its table (empty, with `log` set, when it produced none).
inline core::CsvTable extract(const std::string& arguments, const std::filesystem::path& out,
                              std::string& log) {
  std::filesystem::remove(out);
  const auto result = run_radstudy("extract " + arguments + " --out " + shell_quoted(out));
  log = result.output;
  if (!std::filesystem::exists(out)) return {};
  return core::read_csv(out.string());
}

}  // namespace radstudy::testing
