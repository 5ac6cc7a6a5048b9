#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "cli/cli_runner.hpp"
#include "cli/command_line.hpp"
#include "core/atomic_output.hpp"

// Issue 14: one command-line language. Each test is one of the bullets, from a new user's side.
namespace {

namespace fs = std::filesystem;
using namespace radstudy;
using radstudy::testing::CommandResult;
using radstudy::testing::fresh_directory;
using radstudy::testing::output_folder_contents;
using radstudy::testing::read_text;
using radstudy::testing::run_radstudy;
using radstudy::testing::shell_quoted;

void expect_output(const CommandResult& result, int exit_code, std::initializer_list<std::string> mentions) {
  EXPECT_EQ(result.exit_code, exit_code) << result.output;
  for (const auto& mention : mentions)
    EXPECT_NE(result.output.find(mention), std::string::npos)
        << "'" << mention << "' not in: " << result.output;
}

// 40 cases, 4 features (f1 carries the outcome), a clinical table with y, time and event.
struct Study {
  fs::path directory, features, clinical;
};

Study write_study(const std::string& name) {
  Study study{fresh_directory(name), {}, {}};
  study.features = study.directory / "features.csv";
  study.clinical = study.directory / "clinical.csv";
  std::ofstream features(study.features), clinical(study.clinical);
  features << "id,f1,f2,f3,f4\n";
  clinical << "id,y,time,event\n";
  unsigned state = 12345;
  auto next = [&] {
    state = state * 1103515245u + 12345u;
    return static_cast<double>((state >> 8) % 10000) / 10000.0;
  };
  for (int i = 1; i <= 40; ++i) {
    const int y = i % 2;
    features << "P" << i << "," << next() + 0.6 * y << "," << next() << "," << next() << "," << next()
             << "\n";
    clinical << "P" << i << "," << y << "," << 10 + static_cast<int>(next() * 1000) << "," << (next() < 0.6)
             << "\n";
  }
  return study;
}

std::string tables(const Study& study) {
  return " --features " + shell_quoted(study.features) + " --clinical " + shell_quoted(study.clinical) + " ";
}

TEST(CliLanguage, OldSpellingsStillWorkWithANoteAndGiveTheSameFiles) {
  const auto study = write_study("cli_old_spellings");
  const auto current = run_radstudy("univariate" + tables(study) + "--id-column id --outcome y --out " +
                                    shell_quoted(study.directory / "new"));
  ASSERT_EQ(current.exit_code, 0) << current.output;
  const auto old = run_radstudy("univariate" + tables(study) + "--id id --label y --out " +
                                shell_quoted(study.directory / "old"));
  expect_output(
      old, 0,
      {"note: --label is the old spelling of --outcome", "note: --id is the old spelling of --id-column"});
  EXPECT_EQ(output_folder_contents(study.directory / "old"), output_folder_contents(study.directory / "new"));
  // survival's and table1's --data is --clinical now
  expect_output(run_radstudy("table1 --data " + shell_quoted(study.clinical) + " --group y --out " +
                             shell_quoted(study.directory / "t1")),
                0, {"--data is the old spelling of --clinical"});
  expect_output(run_radstudy("univariate" + tables(study) + "--outcome y --label y --out " +
                             shell_quoted(study.directory / "both")),
                2, {"radstudy univariate: --outcome and --label both given", "give --outcome only"});
  expect_output(
      run_radstudy("univariate" + tables(study) + "--out " + shell_quoted(study.directory / "none")), 2,
      {"radstudy univariate: --outcome is required"});
}

TEST(CliLanguage, SelectAndModelMakeTheSameFiveFoldsByDefault) {
  const auto study = write_study("cli_folds");
  ASSERT_EQ(
      run_radstudy("select" + tables(study) + "--outcome y --out " + shell_quoted(study.directory / "s"))
          .exit_code,
      0);
  ASSERT_EQ(run_radstudy("model" + tables(study) + "--outcome y --models logistic --out " +
                         shell_quoted(study.directory / "m"))
                .exit_code,
            0);
  EXPECT_EQ(read_text(study.directory / "s/folds.csv"), read_text(study.directory / "m/folds.csv"));
  EXPECT_NE(read_text(study.directory / "s/summary.csv").find("folds,5\n"), std::string::npos);
}

TEST(CliLanguage, DefaultsAreShownOneWayAndEveryCommandHasAnExample) {
  for (const auto& group : cli::command_groups())
    for (const auto& command : group.commands) {
      const auto help = run_radstudy(command.name + " --help");
      EXPECT_EQ(help.exit_code, 0) << command.name;
      EXPECT_EQ(help.output.find("(default"), std::string::npos) << command.name << ":\n" << help.output;
      EXPECT_NE(help.output.find("Example:\n  radstudy " + command.name), std::string::npos) << help.output;
    }
  EXPECT_NE(run_radstudy("extract --help").output.find("--jobs N:INT in [1 - 4096]=all cores"),
            std::string::npos);
  EXPECT_NE(run_radstudy("select --help").output.find("--id-column NAME=id"), std::string::npos);
}

TEST(CliLanguage, HelpListsTheCommandsByStudyStep) {
  const auto help = run_radstudy("help");
  ASSERT_EQ(help.exit_code, 0) << help.output;
  std::size_t previous = 0;
  for (const auto& group : cli::command_groups()) {
    const auto step = help.output.find("\n" + group.step + ":\n");
    ASSERT_NE(step, std::string::npos) << group.step << " not in:\n" << help.output;
    EXPECT_GT(step, previous);
    previous = step;
    for (const auto& command : group.commands)
      EXPECT_NE(help.output.find("  " + command.name + " ", step), std::string::npos) << command.name;
  }
  EXPECT_NE(run_radstudy("help extract").output.find("--manifest"), std::string::npos);
  expect_output(run_radstudy(""), 2, {"Images to features:"});
}

TEST(CliLanguage, MisspeltCommandsAndOptionsGetTheClosestName) {
  expect_output(
      run_radstudy("extrct --image a"), 2,
      {"radstudy: extrct: not a command; did you mean extract?", "radstudy help lists the commands"});
  expect_output(run_radstudy("help survial"), 2, {"survial: not a command; did you mean survival?"});
  expect_output(run_radstudy("select --features a.csv --clinical b.csv --outcome y --folds-k 3 --out x"), 2,
                {"radstudy select:", "--folds-k", "did you mean --folds?"});
  expect_output(run_radstudy("nonsense"), 2, {"nonsense: not a command; radstudy help lists the commands"});
}

TEST(CliLanguage, SingleCaseErrorsNameTheFileAndNotACaseCalledCase) {
  const auto directory = fresh_directory("cli_case_case");
  std::ofstream(directory / "ct.nii.gz") << "this is text, not an image";
  std::ofstream(directory / "mask.nii.gz") << "this is text, not a mask";
  const auto anonymous =
      run_radstudy("extract --image " + shell_quoted(directory / "ct.nii.gz") + " --mask " +
                   shell_quoted(directory / "mask.nii.gz") + " --out " + shell_quoted(directory / "out.csv"));
  expect_output(anonymous, 1, {"radstudy extract: " + (directory / "ct.nii.gz").string() + ": "});
  EXPECT_EQ(anonymous.output.find("case case"), std::string::npos) << anonymous.output;
  const auto named = run_radstudy("extract --image " + shell_quoted(directory / "ct.nii.gz") + " --mask " +
                                  shell_quoted(directory / "mask.nii.gz") + " --case-id P7 --out " +
                                  shell_quoted(directory / "out.csv"));
  expect_output(named, 1, {"radstudy extract: case P7: "});
}

TEST(CliLanguage, OptionsThatNameOneCaseAreRefusedWithAManifest) {
  const auto directory = fresh_directory("cli_manifest_case");
  std::ofstream(directory / "cases.csv") << "id,image,mask\nA,a.nii.gz,b.nii.gz\n";
  const std::string manifest = "extract --manifest " + shell_quoted(directory / "cases.csv") + " --out " +
                               shell_quoted(directory / "out.csv");
  expect_output(run_radstudy(manifest + " --case-id X"), 2,
                {"radstudy extract: --case-id names one case", "the manifest's id and roi columns"});
  expect_output(run_radstudy(manifest + " --roi GTV"), 2, {"--roi names one case", "roi column"});
  expect_output(run_radstudy(manifest + " --id X"), 2, {"names one case"});
  EXPECT_FALSE(fs::exists(directory / "out.csv"));
}

TEST(CliLanguage, SeedsJobsAndLabelsOutOfRangeAreRefusedOrCut) {
  const auto study = write_study("cli_ranges");
  expect_output(
      run_radstudy("select" + tables(study) + "--outcome y --seed -1 --out " +
                   shell_quoted(study.directory / "s")),
      2, {"radstudy select: --seed: a seed is a whole number from 0 to 18446744073709551615", "got -1"});
  expect_output(run_radstudy("demo --seed -5 --out " + shell_quoted(study.directory / "d")), 2, {"--seed"});
  expect_output(
      run_radstudy("extract --image a --mask b --label 99999999999 --out o.csv"), 2,
      {"--label: 99999999999 is out of range; a mask label is a whole number from 1 to 2147483647"});
  const auto many = run_radstudy("model" + tables(study) + "--outcome y --models logistic --jobs 256 --out " +
                                 shell_quoted(study.directory / "m256"));
  expect_output(many, 0, {"note: --jobs 256: this machine gives"});
  EXPECT_EQ(many.output.find("TBB"), std::string::npos) << many.output;
  ASSERT_EQ(run_radstudy("model" + tables(study) + "--outcome y --models logistic --jobs 1 --out " +
                         shell_quoted(study.directory / "m1"))
                .exit_code,
            0);
  EXPECT_EQ(read_text(study.directory / "m256/metrics.csv"), read_text(study.directory / "m1/metrics.csv"));
  expect_output(run_radstudy("model" + tables(study) + "--outcome y --jobs 0 --out x"), 2, {"--jobs"});
}

TEST(CliLanguage, MissingAndInvalidParameterFilesAreBothUsageErrors) {
  const auto directory = fresh_directory("cli_params");
  std::ofstream(directory / "bad.yaml") << "featureClass:\n  nosuch:\n";
  const std::string command = "features --params ";
  expect_output(run_radstudy(command + shell_quoted(directory / "missing.yaml")), 2,
                {"radstudy features: ", "missing.yaml"});
  expect_output(run_radstudy(command + shell_quoted(directory / "bad.yaml")), 2,
                {"radstudy features: ", "bad.yaml", "nosuch"});
}

TEST(CliLanguage, PredictHelpListsEveryOutputColumn) {
  EXPECT_NE(run_radstudy("predict --help").output.find("id,model,probability,predicted,score"),
            std::string::npos);
}

// An output folder belongs to one run: its manifest says which, and files of an earlier run go.
TEST(CliLanguage, OutputFolderHoldsOneRunAndItsManifest) {
  const auto study = write_study("cli_run_manifest");
  const auto out = study.directory / "select";
  ASSERT_EQ(run_radstudy("select" + tables(study) + "--outcome y --out " + shell_quoted(out)).exit_code, 0);
  ASSERT_TRUE(fs::exists(out / "folds.csv"));
  fs::copy_file(out / "folds.csv", study.directory / "folds.csv");
  const std::string first_manifest = read_text(out / core::kOutputMarker);
  EXPECT_NE(first_manifest.find("\"command_line\""), std::string::npos) << first_manifest;
  EXPECT_NE(first_manifest.find("\"radstudy_version\": \"" RADSTUDY_VERSION "\""), std::string::npos);
  EXPECT_NE(first_manifest.find("\"folds.csv\""), std::string::npos);

  ASSERT_EQ(run_radstudy("select" + tables(study) + "--outcome y --folds " +
                         shell_quoted(study.directory / "folds.csv") + " --out " + shell_quoted(out))
                .exit_code,
            0);
  EXPECT_FALSE(fs::exists(out / "folds.csv")) << "a file of the earlier run stayed";
  EXPECT_EQ(core::run_manifest_entries(out),
            (std::vector<std::string>{"cv.csv", "path.csv", "selected.csv", "summary.csv"}));

  const auto survival = [&](const std::string& extra, const std::string& folder) {
    return run_radstudy("survival --clinical " + shell_quoted(study.clinical) + " --features " +
                        shell_quoted(study.features) + " --time time --event event " + extra + " --out " +
                        shell_quoted(study.directory / folder));
  };
  ASSERT_EQ(survival("--cox f1,f2", "survival").exit_code, 0);
  ASSERT_TRUE(fs::exists(study.directory / "survival/cox_univariate.csv"));
  ASSERT_EQ(survival("--group f1 --split median", "survival").exit_code, 0);
  EXPECT_FALSE(fs::exists(study.directory / "survival/cox_univariate.csv"));

  // The settings hash follows the settings, not the paths or the number of jobs.
  const auto hash = [&](const std::string& arguments, const std::string& folder) {
    EXPECT_EQ(run_radstudy("model" + tables(study) + "--outcome y --models logistic " + arguments +
                           " --out " + shell_quoted(study.directory / folder))
                  .exit_code,
              0);
    const std::string text = read_text(study.directory / folder / core::kOutputMarker);
    const auto at = text.find("\"settings_hash\": \"");
    return at == std::string::npos ? std::string() : text.substr(at + 18, 16);
  };
  const std::string base = hash("--k 5", "h1");
  EXPECT_EQ(base.size(), 16u);
  EXPECT_EQ(hash("--k 5 --jobs 1", "h2"), base);
  EXPECT_NE(hash("--k 4", "h3"), base);
}

}  // namespace
