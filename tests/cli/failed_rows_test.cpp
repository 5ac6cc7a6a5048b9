// Feature tables holding failed cases (radstudy extract --manifest's error rows) in every command that
// reads one: without --drop-failed the command stops naming the case, its error and the flag; with it
// the outputs are those of the same tables without the failed case, byte for byte.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "cli_runner.hpp"
#include "core/seeded_random.hpp"

namespace radstudy::testing {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFailedId = "P07";
constexpr const char* kFailedError = "nofile.nii.gz: no such file";

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary);
  stream << text;
}

// 20 cases, label y (8 of class 1), survival time and event; features f1 (signal), f2, f3 (noise) as
// radstudy extract writes them: diagnostics first, error last. `failed`: P07's extraction failed.
struct Study {
  fs::path directory;
  std::map<std::string, fs::path> files;
};

Study make_study(const std::string& name) {
  Study study{fresh_directory("failed_rows_" + name), {}};
  core::SeededRandom random(5);
  std::string clinical = "id,y,time,event\n";
  std::string with_failed = "id,diagnostics_Versions_radstudy,f1,f2,f3,error\n";
  std::string without = with_failed, repeat_with_failed = with_failed, repeat_without = with_failed;
  std::string clinical_without = clinical;
  for (int i = 1; i <= 20; ++i) {
    const std::string id = fmt::format("P{:02}", i);
    const int label = i % 5 < 2 ? 1 : 0;
    const double f1 = random.normal() + 1.2 * label, f2 = random.normal(), f3 = 10 + random.normal();
    const std::string clinical_row =
        fmt::format("{},{},{},{}\n", id, label, 30 + (i * 37) % 90, i % 3 ? 1 : 0);
    const std::string row = fmt::format("{},0.1.0,{},{},{},\n", id, f1, f2, f3);
    const std::string repeat_row =
        fmt::format("{},0.1.0,{},{},{},\n", id, f1 + 0.1 * random.normal(), f2 + 0.1 * random.normal(), f3);
    clinical += clinical_row;
    repeat_with_failed += repeat_row;
    if (id == kFailedId) {
      with_failed += fmt::format("{},0.1.0,,,,{}\n", id, kFailedError);
      continue;
    }
    with_failed += row;
    without += row;
    repeat_without += repeat_row;
    clinical_without += clinical_row;
  }
  const std::map<std::string, std::string> texts{{"features_failed.csv", with_failed},
                                                 {"features_ok.csv", without},
                                                 {"repeat_all.csv", repeat_with_failed},
                                                 {"repeat_ok.csv", repeat_without},
                                                 {"clinical.csv", clinical},
                                                 {"clinical_ok.csv", clinical_without}};
  for (const auto& [file, text] : texts) {
    study.files[file] = study.directory / file;
    write_text(study.files[file], text);
  }
  return study;
}

std::map<std::string, std::string> folder_contents(const fs::path& folder) {
  return radstudy::testing::output_folder_contents(folder);
}

// `command` (with {features} {clinical} {out} placeholders): on the table with the failed case it stops
// (exit 1) naming the case, its error and --drop-failed; with --drop-failed its outputs equal those
// on the tables without the failed case.
void expect_failed_case_handled(const Study& study, const std::string& name, const std::string& command,
                                const std::string& failed_features, const std::string& ok_features) {
  SCOPED_TRACE(name);
  const auto run = [&](const std::string& features, const std::string& clinical, const fs::path& out,
                       const std::string& extra) {
    return run_radstudy(fmt::format(fmt::runtime(command), fmt::arg("features", features),
                                    fmt::arg("clinical", shell_quoted(study.files.at(clinical))),
                                    fmt::arg("out", shell_quoted(out))) +
                        extra);
  };
  const auto stopped = run(failed_features, "clinical.csv", study.directory / (name + "_stopped"), "");
  EXPECT_EQ(stopped.exit_code, 1) << stopped.output;
  EXPECT_NE(
      stopped.output.find(fmt::format("1 of 20 cases failed extraction ({}: {})", kFailedId, kFailedError)),
      std::string::npos)
      << stopped.output;
  EXPECT_NE(stopped.output.find("--drop-failed"), std::string::npos) << stopped.output;
  EXPECT_FALSE(fs::exists(study.directory / (name + "_stopped")));

  const auto dropped =
      run(failed_features, "clinical.csv", study.directory / (name + "_dropped"), " --drop-failed");
  ASSERT_EQ(dropped.exit_code, 0) << dropped.output;
  EXPECT_NE(dropped.output.find(fmt::format("left out 1 failed case(s) of {}",
                                            study.files.at("features_failed.csv").string())),
            std::string::npos)
      << dropped.output;
  EXPECT_NE(dropped.output.find(std::string(": ") + kFailedId), std::string::npos) << dropped.output;
  const auto reference = run(ok_features, "clinical_ok.csv", study.directory / (name + "_reference"), "");
  ASSERT_EQ(reference.exit_code, 0) << reference.output;
  const auto expected = folder_contents(study.directory / (name + "_reference"));
  EXPECT_GE(expected.size(), 2u);
  EXPECT_EQ(folder_contents(study.directory / (name + "_dropped")), expected);
}

TEST(FailedRows, UnivariateSelectModelAndSurvivalStopOrLeaveTheCaseOut) {
  const auto study = make_study("clinical");
  const std::string failed = shell_quoted(study.files.at("features_failed.csv"));
  const std::string ok = shell_quoted(study.files.at("features_ok.csv"));
  expect_failed_case_handled(study, "univariate",
                             "univariate --features {features} --clinical {clinical} --outcome y --out {out}",
                             failed, ok);
  expect_failed_case_handled(
      study, "select",
      "select --features {features} --clinical {clinical} --outcome y --k 3 --seed 2 --out {out}", failed,
      ok);
  expect_failed_case_handled(
      study, "model",
      "model --features {features} --clinical {clinical} --outcome y --models logistic,knn --k 3 --repeats 2 "
      "--seed 3 --out {out}",
      failed, ok);
  expect_failed_case_handled(
      study, "survival",
      "survival --clinical {clinical} --features {features} --time time --event event --group f1 "
      "--split median --cox f1,f2 --out {out}",
      failed, ok);
}

TEST(FailedRows, IccLeavesACaseFailedInAnyTableOutOfEveryTable) {
  const auto study = make_study("icc");
  // The failed case is in the second table; the first holds it extracted.
  const std::string failed = shell_quoted(study.files.at("repeat_all.csv")) + " " +
                             shell_quoted(study.files.at("features_failed.csv"));
  const std::string ok =
      shell_quoted(study.files.at("repeat_ok.csv")) + " " + shell_quoted(study.files.at("features_ok.csv"));
  expect_failed_case_handled(study, "icc", "icc --features {features} --type ICC1 --out {out}", failed, ok);
}

TEST(FailedRows, PredictStopsOrLeavesTheCaseOut) {
  const auto study = make_study("predict");
  const auto model = study.directory / "model.json";
  const auto trained = run_radstudy("model --features " + shell_quoted(study.files.at("features_ok.csv")) +
                                    " --clinical " + shell_quoted(study.files.at("clinical_ok.csv")) +
                                    " --outcome y --models logistic --k 3 --save " + shell_quoted(model) +
                                    " --out " + shell_quoted(study.directory / "model"));
  ASSERT_EQ(trained.exit_code, 0) << trained.output;
  const auto predict = [&](const std::string& features, const std::string& out, const std::string& extra) {
    return run_radstudy("predict --model " + shell_quoted(model) + " --features " +
                        shell_quoted(study.files.at(features)) + " --out " +
                        shell_quoted(study.directory / out) + extra);
  };
  const auto stopped = predict("features_failed.csv", "stopped.csv", "");
  EXPECT_EQ(stopped.exit_code, 1) << stopped.output;
  EXPECT_NE(stopped.output.find("(P07: nofile.nii.gz: no such file)"), std::string::npos) << stopped.output;
  EXPECT_NE(stopped.output.find("--drop-failed"), std::string::npos) << stopped.output;
  const auto dropped = predict("features_failed.csv", "dropped.csv", " --drop-failed");
  ASSERT_EQ(dropped.exit_code, 0) << dropped.output;
  ASSERT_EQ(predict("features_ok.csv", "reference.csv", "").exit_code, 0);
  EXPECT_EQ(read_text(study.directory / "dropped.csv"), read_text(study.directory / "reference.csv"));
}

}  // namespace
}  // namespace radstudy::testing
