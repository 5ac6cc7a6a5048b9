#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "core/csv.hpp"
#include "settings/extraction_settings.hpp"
#include "study/case_extraction.hpp"
#include "study/synthetic_cohort.hpp"

namespace radstudy::cli {
namespace {

struct DemoOptions {
  std::string out = "radstudy-demo";
  int cases = 24;
  std::uint64_t seed = 20231;
  int jobs = 2;
};

int run_demo(const DemoOptions& options) {
  namespace fs = std::filesystem;
  fs::create_directories(options.out);
  study::SyntheticCohortOptions cohort;
  cohort.cases = options.cases;
  cohort.seed = options.seed;
  std::cerr << fmt::format("radstudy demo: generating {} synthetic CT cases (seed {}) in {}\n", cohort.cases,
                           cohort.seed, (fs::path(options.out) / "cohort").string());
  const std::string manifest = study::write_synthetic_cohort((fs::path(options.out) / "cohort").string(), cohort);

  const auto settings = settings::default_extraction_settings();
  const auto columns = study::feature_columns(settings);
  const auto cases = study::read_manifest(manifest);
  const auto results = study::extract_cases(cases, settings, columns, options.jobs,
                                            [&](const study::CaseResult& result, std::size_t done) {
                                              std::cerr << fmt::format("[{}/{}] {} {} {:.3f} s\n", done, cases.size(),
                                                                       result.id, result.error.empty() ? "ok" : result.error,
                                                                       result.seconds);
                                            });
  const std::string features_path = (fs::path(options.out) / "features.csv").string();
  core::write_file_atomically(features_path, study::feature_table_csv(results, columns, true));
  std::cout << fmt::format("radstudy demo: {} features for {} cases in {}\n", columns.size(), results.size(),
                           features_path);
  std::cout << fmt::format("  cohort: {} (manifest.csv, clinical.csv with the pd outcome and survival)\n",
                           (fs::path(options.out) / "cohort").string());
  const auto failed = std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.error.empty(); });
  return failed == 0 ? kAllDone : kSomeFailed;
}

}  // namespace

Command add_demo_command(CLI::App& app) {
  auto options = std::make_shared<DemoOptions>();
  auto* command = app.add_subcommand("demo", "Generate a synthetic CT cohort and run radstudy on it");
  command->add_option("--out", options->out, "Output directory")->capture_default_str();
  command->add_option("--cases", options->cases, "Number of synthetic patients")->check(CLI::Range(2, 10000))->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  command->add_option("--jobs", options->jobs, "Cases extracted at the same time")->check(CLI::Range(1, 256))->capture_default_str();
  return {command, [options] { return run_demo(*options); }};
}

}  // namespace radstudy::cli
