// Per-case results, shards and merge (radstudy extract --results --shard, radstudy merge): the merged
// table is the bytes of one extract run, kept cases are not extracted again, and what is missing, stale or
// failed is named.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "cli/cli_runner.hpp"
#include "cli/synthetic_case_files.hpp"
#include "core/errors.hpp"
#include "study/case_results.hpp"
#include "study/manifest_shard.hpp"

namespace radstudy {
namespace {

namespace fs = std::filesystem;
using testing::fresh_directory;
using testing::read_text;
using testing::run_radstudy;
using testing::shell_quoted;

// Seven synthetic cases and one whose mask is missing; params.yaml (first order).
struct ShardCohort {
  fs::path directory, manifest, params;
  std::vector<std::string> ids;
};

ShardCohort write_shard_cohort(const std::string& name) {
  ShardCohort cohort;
  cohort.directory = fresh_directory(name);
  cohort.params = testing::write_first_order_params(cohort.directory);
  cohort.manifest = cohort.directory / "cases.csv";
  std::ofstream manifest(cohort.manifest);
  manifest << "id,image,mask\n";
  for (int k = 0; k < 7; ++k) {
    const std::string id = "case_" + std::to_string(k);
    const auto files = testing::write_synthetic_case(cohort.directory / id, k);
    manifest << id << "," << id << "/image.nii.gz," << id << "/mask.nii.gz\n";
    cohort.ids.push_back(id);
    if (k == 3) {
      manifest << "no_mask,case_3/image.nii.gz,case_3/absent_mask.nii.gz\n";
      cohort.ids.push_back("no_mask");
    }
  }
  return cohort;
}

std::string extract_shard(const ShardCohort& cohort, const fs::path& results, int shard, int shards,
                          const std::string& params_option) {
  const auto run = run_radstudy("extract --manifest " + shell_quoted(cohort.manifest) + " " + params_option +
                                " --results " + shell_quoted(results) + " --shard " + std::to_string(shard) +
                                "/" + std::to_string(shards) + " --jobs 2");
  EXPECT_TRUE(run.exit_code == 0 || run.exit_code == 3) << run.output;
  return run.output;
}

TEST(ManifestShard, EveryRowInExactlyOneShardRoundRobin) {
  for (std::size_t rows : {0u, 1u, 7u, 51u}) {
    for (std::size_t count : {1u, 3u, 4u, 60u}) {
      std::multiset<std::size_t> seen;
      for (std::size_t index = 1; index <= count; ++index)
        for (const auto row : study::shard_rows(rows, {index, count})) {
          EXPECT_EQ(study::shard_of_row(row, count), index);
          seen.insert(row);
        }
      ASSERT_EQ(seen.size(), rows);
      for (std::size_t row = 0; row < rows; ++row) EXPECT_EQ(seen.count(row), 1u);
    }
  }
  EXPECT_EQ(study::shard_rows(7, {2, 3}), (std::vector<std::size_t>{1, 4}));
}

TEST(ManifestShard, BadShardTextsAreRefusedWithTheFormExpected) {
  EXPECT_EQ(study::parse_shard("3/8").index, 3u);
  EXPECT_EQ(study::parse_shard("3/8").count, 8u);
  for (const char* text : {"0/4", "5/4", "1/0", "2", "a/b", "1/2/3", "-1/4", " 1/4", ""}) {
    try {
      study::parse_shard(text);
      ADD_FAILURE() << text << " was accepted";
    } catch (const ConfigError& error) {
      EXPECT_NE(std::string(error.what()).find("--shard"), std::string::npos) << error.what();
    }
  }
  const auto cohort = write_shard_cohort("shard_cli");
  const auto run = run_radstudy("extract --manifest " + shell_quoted(cohort.manifest) + " --results " +
                                shell_quoted(cohort.directory / "r") + " --shard 5/4");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("I must be 1 to N"), std::string::npos) << run.output;
  const auto no_manifest = run_radstudy("extract --image a.nii.gz --mask b.nii.gz --shard 1/2 --out x.csv");
  EXPECT_EQ(no_manifest.exit_code, 2) << no_manifest.output;
}

TEST(ShardMerge, ShardsMergedGiveTheBytesOfOneExtractRun) {
  const auto cohort = write_shard_cohort("shard_merge");
  const std::string params = "--params " + shell_quoted(cohort.params);
  const auto whole = run_radstudy("extract --manifest " + shell_quoted(cohort.manifest) + " " + params +
                                  " --jobs 2 --out " + shell_quoted(cohort.directory / "whole.csv"));
  ASSERT_EQ(whole.exit_code, 3) << whole.output;  // no_mask fails

  const auto results = cohort.directory / "results";
  for (int shard = 1; shard <= 3; ++shard) extract_shard(cohort, results, shard, 3, params);
  for (const auto& id : cohort.ids)
    EXPECT_TRUE(fs::exists(study::case_result_path(results.string(), id))) << id;
  const auto merged =
      run_radstudy("merge --results " + shell_quoted(results) + " --manifest " +
                   shell_quoted(cohort.manifest) + " --out " + shell_quoted(cohort.directory / "merged.csv"));
  EXPECT_EQ(merged.exit_code, 3) << merged.output;
  EXPECT_NE(merged.output.find("1 failed"), std::string::npos) << merged.output;
  EXPECT_NE(merged.output.find("no_mask"), std::string::npos) << merged.output;
  EXPECT_EQ(read_text(cohort.directory / "merged.csv"), read_text(cohort.directory / "whole.csv"));

  // A shard run again extracts nothing: every case of it is kept (the failed one too: an input error).
  const auto again = extract_shard(cohort, results, 2, 3, params);
  EXPECT_NE(again.find("0 case(s) extracted, 3 kept"), std::string::npos) << again;

  // --out beside --results: the shard's own table, from the case files.
  const auto with_out =
      run_radstudy("extract --manifest " + shell_quoted(cohort.manifest) + " " + params + " --results " +
                   shell_quoted(results) + " --out " + shell_quoted(cohort.directory / "again.csv"));
  EXPECT_EQ(with_out.exit_code, 3) << with_out.output;
  EXPECT_EQ(read_text(cohort.directory / "again.csv"), read_text(cohort.directory / "whole.csv"));
}

TEST(ShardMerge, MissingStaleAndChangedCasesAreNamedAndExtractedAgain) {
  const auto cohort = write_shard_cohort("shard_missing");
  const std::string params = "--params " + shell_quoted(cohort.params);
  const auto results = cohort.directory / "results";
  extract_shard(cohort, results, 1, 1, params);
  const auto merged_path = cohort.directory / "merged.csv";
  const std::string merge = "merge --results " + shell_quoted(results) + " --manifest " +
                            shell_quoted(cohort.manifest) + " --out " + shell_quoted(merged_path);

  // A missing case file: nothing written, the case named, the command to finish given.
  fs::remove(study::case_result_path(results.string(), "case_5"));
  auto run = run_radstudy(merge);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("case_5: no result file"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find("--allow-missing"), std::string::npos) << run.output;
  EXPECT_FALSE(fs::exists(merged_path));
  run = run_radstudy(merge + " --allow-missing");
  EXPECT_EQ(run.exit_code, 3) << run.output;
  EXPECT_NE(read_text(merged_path).find("case_5,"), std::string::npos);
  EXPECT_NE(read_text(merged_path).find("not extracted: no result file"), std::string::npos);

  // Running the shard again extracts the missing case only.
  auto output = extract_shard(cohort, results, 1, 1, params);
  EXPECT_NE(output.find("1 case(s) extracted, 7 kept"), std::string::npos) << output;

  // A changed image: its content key differs, so it is extracted again (and only it).
  {
    const auto bytes = read_text(cohort.directory / "case_6" / "image.nii.gz");
    testing::write_synthetic_case(cohort.directory / "case_6", 11);
    ASSERT_NE(read_text(cohort.directory / "case_6" / "image.nii.gz"), bytes);
  }
  output = extract_shard(cohort, results, 1, 1, params);
  EXPECT_NE(output.find("1 case(s) extracted, 7 kept"), std::string::npos) << output;

  // Other settings for one shard: the folder then holds two settings, merge says so and --params picks one.
  const auto other_params = cohort.directory / "other.yaml";
  std::ofstream(other_params) << "featureClass:\n  firstorder: [Mean]\nsetting:\n  binWidth: 25\n";
  extract_shard(cohort, results, 1, 2, "--params " + shell_quoted(other_params));
  run = run_radstudy(merge);
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("different settings"), std::string::npos) << run.output;
  run = run_radstudy(merge + " --params " + shell_quoted(cohort.params));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("extracted with other settings"), std::string::npos) << run.output;
  output = extract_shard(cohort, results, 1, 1, params);
  EXPECT_NE(output.find("4 case(s) extracted, 4 kept"), std::string::npos) << output;
  run = run_radstudy(merge + " --params " + shell_quoted(cohort.params));
  EXPECT_EQ(run.exit_code, 3) << run.output;
}

TEST(ShardMerge, AFolderThatIsNotAResultsFolderIsRefused) {
  const auto cohort = write_shard_cohort("shard_foreign");
  const auto foreign = cohort.directory / "foreign";
  fs::create_directories(foreign);
  std::ofstream(foreign / "thesis.docx") << "text";
  const auto run = run_radstudy("extract --manifest " + shell_quoted(cohort.manifest) + " --results " +
                                shell_quoted(foreign));
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_NE(run.output.find("not a radstudy results folder"), std::string::npos) << run.output;
  EXPECT_TRUE(fs::exists(foreign / "thesis.docx"));
  EXPECT_FALSE(fs::exists(foreign / "cases"));
  const auto merge =
      run_radstudy("merge --results " + shell_quoted(foreign) + " --manifest " +
                   shell_quoted(cohort.manifest) + " --out " + shell_quoted(cohort.directory / "m.csv"));
  EXPECT_EQ(merge.exit_code, 1) << merge.output;
  EXPECT_NE(merge.output.find("not a radstudy results folder"), std::string::npos) << merge.output;
}

}  // namespace
}  // namespace radstudy
