// The clean-up run by the SIGINT/SIGTERM handler, called at chosen moments in a child process (which
// then ends as a signal would end it: without destructors).
#include "core/atomic_output.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/errors.hpp"

namespace fs = std::filesystem;

namespace radstudy::core {
namespace {

fs::path fresh(const std::string& name) {
  const auto directory =
      fs::temp_directory_path() / ("radstudy_atomic_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(directory);
  fs::create_directories(directory);
  return directory;
}

std::string read(const fs::path& path) {
  std::ifstream stream(path, std::ios::binary);
  std::stringstream buffer;
  buffer << stream.rdbuf();
  return buffer.str();
}

// Runs `work` in a child that then calls the signal clean-up and exits without unwinding.
void in_child_then_signal_cleanup(const std::function<void()>& work) {
  const pid_t child = ::fork();
  if (child == 0) {
    try {
      work();
    } catch (...) {
      ::_exit(2);
    }
    remove_temporaries_on_signal();
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
}

std::size_t entries(const fs::path& folder) {
  std::size_t count = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(folder)) ++count;
  return count;
}

TEST(AtomicOutput, SignalWhileStagingRemovesTheStagingFolder) {
  const auto directory = fresh("staged");
  fs::create_directories(directory / "out");
  std::ofstream(directory / "out/a.csv") << "old\n";
  in_child_then_signal_cleanup([&] {
    StagedFolder folder((directory / "out").string());
    folder.write("a.csv", "new\n");
    folder.write("b.csv", "new\n");
  });
  EXPECT_EQ(entries(directory), 1u) << "only out/ may remain";
  EXPECT_EQ(read(directory / "out/a.csv"), "old\n");
  EXPECT_EQ(entries(directory / "out"), 1u);
  fs::remove_all(directory);
}

TEST(AtomicOutput, SignalDuringARebuildPutsTheOldFolderBack) {
  const auto directory = fresh("rebuild");
  fs::create_directories(directory / "demo/sub");
  std::ofstream(directory / "demo/sub/a.csv") << "old\n";
  in_child_then_signal_cleanup([&] {
    FolderRebuild folder((directory / "demo").string());
    fs::create_directories(directory / "demo/cohort/images");
    std::ofstream(directory / "demo/cohort/images/x.nii.gz") << "partial";
    StagedFolder inner((directory / "demo/table1").string());
    inner.write("table1.csv", "new\n");
  });
  EXPECT_EQ(entries(directory), 1u) << "only demo/ may remain";
  EXPECT_EQ(read(directory / "demo/sub/a.csv"), "old\n");
  EXPECT_EQ(entries(directory / "demo"), 1u) << "the new folder's entries must be gone";

  // Without an old folder the partial new one is removed.
  fs::remove_all(directory / "demo");
  in_child_then_signal_cleanup([&] {
    FolderRebuild folder((directory / "demo").string());
    std::ofstream(directory / "demo/params.yaml") << "partial";
  });
  EXPECT_EQ(entries(directory), 0u);
  fs::remove_all(directory);
}

TEST(AtomicOutput, SignalWhileWritingAFileLeavesTheOldFile) {
  const auto directory = fresh("file");
  std::ofstream(directory / "out.csv") << "old\n";
  in_child_then_signal_cleanup([&] {
    write_file_atomically((directory / "other.csv").string(), "done\n");  // completed: not a temporary
    StagedFolder folder((directory / "folder").string());
  });
  EXPECT_EQ(read(directory / "out.csv"), "old\n");
  EXPECT_EQ(read(directory / "other.csv"), "done\n");
  EXPECT_EQ(entries(directory), 2u);
  fs::remove_all(directory);
}

TEST(AtomicOutput, FailedFolderKeepsTheOldOneAndCommitSwapsWhole) {
  const auto directory = fresh("commit");
  fs::create_directories(directory / "out");
  std::ofstream(directory / "out/a.csv") << "old\n";
  std::ofstream(directory / "out/stale.csv") << "old\n";
  std::ofstream(directory / "out" / kLegacyOutputMarker) << "a.csv\nstale.csv\n";
  {
    StagedFolder folder((directory / "out").string());
    folder.write("a.csv", "new\n");
    EXPECT_NO_THROW(folder.write("tables/b.csv", "x")) << "subfolders are made";
    EXPECT_THROW(folder.write("a.csv/b.csv", "x"), InputError) << "a subfolder where a file is";
  }  // not committed: the old folder stays
  EXPECT_EQ(read(directory / "out/a.csv"), "old\n");
  EXPECT_EQ(entries(directory), 1u);
  {
    StagedFolder folder((directory / "out").string());
    folder.write("a.csv", "new\n");
    folder.commit();
  }
  EXPECT_EQ(read(directory / "out/a.csv"), "new\n");
  EXPECT_FALSE(fs::exists(directory / "out/stale.csv"));
  EXPECT_EQ(run_manifest_entries(directory / "out"), std::vector<std::string>{"a.csv"});
  EXPECT_EQ(entries(directory), 1u);
  fs::remove_all(directory);
}

}  // namespace
}  // namespace radstudy::core
