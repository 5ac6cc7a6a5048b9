// The sbatch scripts of radstudy slurm extract and their checks; the dry run (no Slurm needed). The real
// submission is tests/slurm/slurm_cluster_test.sh.
#include "cluster/slurm_scripts.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cli/cli_runner.hpp"
#include "cli/synthetic_case_files.hpp"
#include "core/errors.hpp"

namespace radstudy {
namespace {

namespace fs = std::filesystem;
using testing::fresh_directory;
using testing::read_text;
using testing::run_radstudy;
using testing::shell_quoted;

TEST(SlurmScripts, ArrayRangesAndShellQuoting) {
  EXPECT_EQ(cluster::array_ranges({1, 2, 3, 5}), "1-3,5");
  EXPECT_EQ(cluster::array_ranges({2}), "2");
  EXPECT_EQ(cluster::array_ranges({1, 3, 4, 5, 9, 10}), "1,3-5,9-10");
  EXPECT_EQ(cluster::shell_quoted("/data/it's here"), "'/data/it'\\''s here'");
}

TEST(SlurmScripts, ResourcesThatSbatchWouldRefuseAreRefusedFirst) {
  cluster::SlurmResources good;
  good.memory = "8G";
  good.time = "1-12:00:00";
  good.partition = "short";
  good.sbatch_arguments = {"--qos=long"};
  EXPECT_NO_THROW(cluster::check_resources(good));
  for (const char* memory : {"8 GB", "", "-1G", "8G\n#SBATCH --x"}) {
    auto bad = good;
    bad.memory = memory;
    EXPECT_THROW(cluster::check_resources(bad), ConfigError) << memory;
  }
  for (const char* time : {"1 hour", "12:00:00:00", ""}) {
    auto bad = good;
    bad.time = time;
    EXPECT_THROW(cluster::check_resources(bad), ConfigError) << time;
  }
  auto bad = good;
  bad.partition = "short; rm -rf /";
  EXPECT_THROW(cluster::check_resources(bad), ConfigError);
  bad = good;
  bad.sbatch_arguments = {"qos=long"};
  EXPECT_THROW(cluster::check_resources(bad), ConfigError);
}

TEST(SlurmScripts, ArrayScriptRunsItsShardAndTreatsFailedCasesAsDone) {
  cluster::ExtractJob job;
  job.radstudy = "/opt/radstudy/bin/radstudy";
  job.manifest = "/data/my cases.csv";
  job.params = "/data/params.yaml";
  job.results = "/scratch/results";
  job.out = "/data/features.csv";
  job.tasks = 8;
  job.shards = {2, 5, 6, 7};
  job.logs = "/scratch/results/slurm/logs";
  job.written_by = "radstudy slurm extract ...";
  job.resources.partition = "short";
  const auto array = cluster::extract_array_script(job);
  EXPECT_NE(array.find("#SBATCH --array=2,5-7\n"), std::string::npos) << array;
  EXPECT_NE(array.find("#SBATCH --output=/scratch/results/slurm/logs/extract_%A_%a.out"), std::string::npos);
  EXPECT_NE(array.find("#SBATCH --partition=short\n"), std::string::npos);
  EXPECT_NE(array.find("--manifest '/data/my cases.csv'"), std::string::npos) << array;
  EXPECT_NE(array.find("--shard \"${SLURM_ARRAY_TASK_ID}/8\""), std::string::npos) << array;
  EXPECT_NE(array.find("if [ \"$status\" -eq 3 ]; then exit 0; fi"), std::string::npos);
  const auto merge = cluster::merge_script(job);
  EXPECT_NE(merge.find("#SBATCH --kill-on-invalid-dep=yes"), std::string::npos);
  EXPECT_NE(merge.find("#SBATCH --cpus-per-task=1\n"), std::string::npos);
  EXPECT_NE(merge.find("merge --results '/scratch/results' --manifest '/data/my cases.csv' --params "
                       "'/data/params.yaml' --out '/data/features.csv'"),
            std::string::npos)
      << merge;
}

TEST(SlurmScripts, DryRunWritesTheScriptsAndResubmitsOnlyShardsWithCasesLeft) {
  const auto directory = fresh_directory("slurm_dry_run");
  const auto params = testing::write_first_order_params(directory);
  std::ofstream manifest(directory / "cases.csv");
  manifest << "id,image,mask\n";
  for (int k = 0; k < 5; ++k) {
    const std::string id = "c" + std::to_string(k);
    testing::write_synthetic_case(directory / id, k);
    manifest << id << "," << id << "/image.nii.gz," << id << "/mask.nii.gz\n";
  }
  manifest.close();
  const auto results = directory / "results";
  const std::string command = "slurm extract --manifest " + shell_quoted(directory / "cases.csv") +
                              " --params " + shell_quoted(params) + " --results " + shell_quoted(results) +
                              " --out " + shell_quoted(directory / "features.csv") + " --tasks 3 --dry-run";
  auto run = run_radstudy(command);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("5 to extract in 3 of 3 task(s)"), std::string::npos) << run.output;
  const auto script = read_text(results / "slurm" / "extract.sbatch");
  EXPECT_NE(script.find("#SBATCH --array=1-3\n"), std::string::npos) << script;
  EXPECT_FALSE(fs::exists(directory / "features.csv"));

  // Shard 2 of 3 (rows 2 and 5: c1, c4) done by hand: the array then holds shards 1 and 3 only.
  run = run_radstudy("extract --manifest " + shell_quoted(directory / "cases.csv") + " --params " +
                     shell_quoted(params) + " --results " + shell_quoted(results) + " --shard 2/3");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  run = run_radstudy(command);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("2 done, 0 failed (kept), 3 to extract in 2 of 3 task(s)"), std::string::npos)
      << run.output;
  EXPECT_NE(read_text(results / "slurm" / "extract.sbatch").find("#SBATCH --array=1,3\n"), std::string::npos);

  run = run_radstudy(command + " --mem 4GB");
  EXPECT_EQ(run.exit_code, 2) << run.output;
  EXPECT_NE(run.output.find("--mem 4GB"), std::string::npos) << run.output;
}

}  // namespace
}  // namespace radstudy
