// Outputs are never lost or left half-written: checked before the work, written whole (files by rename,
// folders swapped), written through symbolic links, and no temporary left by a failure or a signal.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>
#include <thread>

#include "cli/cli_runner.hpp"
#include "core/atomic_output.hpp"
#include "io/image_io.hpp"
#include "study/synthetic_cohort.hpp"

namespace fs = std::filesystem;

namespace radstudy::testing {
namespace {

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::map<std::string, std::string> folder_contents(const fs::path& folder) {
  return radstudy::testing::output_folder_contents(folder);
}

// Names of radstudy's temporary files and folders (".radstudy-<pid>-<n>.tmp/.old") anywhere under `folder`.
std::vector<std::string> leftover_temporaries(const fs::path& folder) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(folder))
    if (entry.path().filename().string().rfind(".radstudy-", 0) == 0) found.push_back(entry.path().string());
  return found;
}

// A feature table and a clinical table of `cases` random cases (labels alternate 0/1).
void write_study(const fs::path& directory, int cases, int features, unsigned seed) {
  fs::create_directories(directory);
  std::mt19937 random(seed);
  std::normal_distribution<double> normal;
  std::string table = "id", clinical = "id,y\n";
  for (int j = 0; j < features; ++j) table += ",f" + std::to_string(j);
  table += "\n";
  for (int i = 0; i < cases; ++i) {
    table += "c" + std::to_string(i);
    for (int j = 0; j < features; ++j)
      table += "," + std::to_string(normal(random) + (i % 2) * 0.3 * (j % 3));
    table += "\n";
    clinical += "c" + std::to_string(i) + "," + std::to_string(i % 2) + "\n";
  }
  write_text(directory / "features.csv", table);
  write_text(directory / "clinical.csv", clinical);
}

std::string univariate_on(const fs::path& study, const fs::path& out) {
  return "univariate --features " + shell_quoted(study / "features.csv") + " --clinical " +
         shell_quoted(study / "clinical.csv") + " --outcome y --out " + shell_quoted(out);
}

// Runs `radstudy <arguments>` with a file size limit (setrlimit RLIMIT_FSIZE, SIGXFSZ ignored): every
// write beyond `limit` bytes fails with EFBIG, as on a full disk.
CommandResult run_with_file_size_limit(const std::string& arguments, rlim_t limit) {
  const fs::path log = fs::temp_directory_path() / ("radstudy_limit_" + std::to_string(::getpid()) + ".log");
  const std::string command = "\"" + binary_path() + "\" " + arguments + " > " + shell_quoted(log) + " 2>&1";
  const pid_t child = ::fork();
  if (child == 0) {
    const rlimit size_limit{limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &size_limit);
    ::signal(SIGXFSZ, SIG_IGN);
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.output = read_text(log);
  fs::remove(log);
  return result;
}

std::size_t largest_file(const std::map<std::string, std::string>& contents) {
  std::size_t largest = 0;
  for (const auto& [name, text] : contents) largest = std::max(largest, text.size());
  return largest;
}

std::size_t smallest_file(const std::map<std::string, std::string>& contents) {
  std::size_t smallest = SIZE_MAX;
  for (const auto& [name, text] : contents) smallest = std::min(smallest, text.size());
  return smallest;
}

// A write fails half-way through the folder (file size limit): the folder is all old, then all new.
TEST(OutputSafety, FolderIsAllOldOrAllNewWhenAWriteFails) {
  const auto directory = fresh_directory("output_full_limit");
  write_study(directory / "old", 40, 30, 1);
  write_study(directory / "new", 40, 30, 2);
  ASSERT_EQ(run_radstudy(univariate_on(directory / "old", directory / "expected")).exit_code, 0);
  ASSERT_EQ(run_radstudy(univariate_on(directory / "new", directory / "out")).exit_code, 0);
  ASSERT_EQ(run_radstudy(univariate_on(directory / "old", directory / "out")).exit_code, 0);
  const auto old_contents = folder_contents(directory / "out");
  ASSERT_EQ(old_contents, folder_contents(directory / "expected"));

  // The reference of the new folder, and a limit that lets the small files through but not the largest.
  ASSERT_EQ(run_radstudy(univariate_on(directory / "new", directory / "reference")).exit_code, 0);
  const auto new_contents = folder_contents(directory / "reference");
  ASSERT_LT(smallest_file(new_contents) + 1000, largest_file(new_contents));
  const auto failed = run_with_file_size_limit(univariate_on(directory / "new", directory / "out"),
                                               largest_file(new_contents) - 500);
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  EXPECT_NE(failed.output.find("File too large"), std::string::npos) << failed.output;
  EXPECT_EQ(folder_contents(directory / "out"), old_contents) << "the old folder must be kept whole";
  EXPECT_TRUE(leftover_temporaries(directory).empty()) << leftover_temporaries(directory).front();

  const auto done = run_radstudy(univariate_on(directory / "new", directory / "out"));
  ASSERT_EQ(done.exit_code, 0) << done.output;
  EXPECT_EQ(folder_contents(directory / "out"), new_contents);
  fs::remove_all(directory);
}

// The same on a real full disk: a 256 KiB tmpfs (needs root; skipped with a message otherwise, the file
// size limit above covers the rule everywhere).
TEST(OutputSafety, FolderIsAllOldWhenTheDiskIsFull) {
  const auto directory = fresh_directory("output_full_tmpfs");
  const auto disk = directory / "disk";
  fs::create_directories(disk);
  if (::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=256k") != 0) {
    fs::remove_all(directory);
    GTEST_SKIP() << "cannot mount a small tmpfs here (" << std::strerror(errno)
                 << "); FolderIsAllOldOrAllNewWhenAWriteFails covers the rule with a file size limit";
  }
  write_study(directory, 40, 30, 3);
  ASSERT_EQ(run_radstudy(univariate_on(directory, disk / "out")).exit_code, 0);
  write_study(directory, 40, 30, 4);
  const auto old_contents = folder_contents(disk / "out");
  {  // Fill the disk, then free 8 KiB: less than the new folder needs.
    std::ofstream filler(disk / "filler", std::ios::binary);
    const std::string block(4096, 'x');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size())) && filler.flush()) {
    }
  }
  fs::resize_file(disk / "filler", fs::file_size(disk / "filler") - 8192);
  const auto failed = run_radstudy(univariate_on(directory, disk / "out"));
  EXPECT_EQ(failed.exit_code, 1) << failed.output;
  EXPECT_NE(failed.output.find("No space left on device"), std::string::npos) << failed.output;
  EXPECT_EQ(folder_contents(disk / "out"), old_contents) << "the old folder must be kept whole";
  EXPECT_TRUE(leftover_temporaries(disk).empty()) << leftover_temporaries(disk).front();
  ::umount(disk.c_str());
  fs::remove_all(directory);
}

// SIGINT and SIGTERM at many moments of a run (computing, writing the folder, writing --save): no
// temporary file or folder is left, and the outputs are the old ones or the new ones, each whole.
TEST(OutputSafety, SignalsLeaveNoTemporaryAndWholeOutputs) {
  const auto directory = fresh_directory("output_signals");
  write_study(directory / "old", 60, 12, 5);
  write_study(directory / "new", 60, 12, 6);
  auto model_on = [&](const fs::path& study, const fs::path& out) {
    return std::vector<std::string>{binary_path(), "model",
                                    "--features",  (study / "features.csv").string(),
                                    "--clinical",  (study / "clinical.csv").string(),
                                    "--outcome",   "y",
                                    "--models",    "logistic,knn,naive_bayes",
                                    "--repeats",   "200",
                                    "--out",       (out / "cv").string(),
                                    "--save",      (out / "model.json").string()};
  };
  // Signals the child `signal_after` seconds after its start, or (signal_after < 0 with a signal) as soon
  // as a staging folder with a file in it appears in `watched`: in the middle of writing the folder.
  auto run = [](const std::vector<std::string>& arguments, double signal_after, int signal_number,
                const fs::path& watched = {}) {
    const pid_t child = ::fork();
    if (child == 0) {
      std::vector<char*> argv;
      for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
      argv.push_back(nullptr);
      std::freopen("/dev/null", "w", stdout);
      std::freopen("/dev/null", "w", stderr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    if (signal_after >= 0) {
      std::this_thread::sleep_for(std::chrono::duration<double>(signal_after));
      ::kill(child, signal_number);
    } else if (signal_number != 0) {
      bool writing = false;
      for (int status = 0; !writing && ::waitpid(child, &status, WNOHANG) == 0;) {
        std::error_code error;
        for (const auto& entry : fs::directory_iterator(watched, error))
          if (entry.path().filename().string().rfind(".radstudy-", 0) == 0 && entry.is_directory(error) &&
              !fs::is_empty(entry.path(), error))
            writing = true;
        if (writing) {
          ::kill(child, signal_number);
          ::waitpid(child, &status, 0);
          return status;
        }
      }
      return -1;  // the run ended before it was seen writing
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return status;
  };
  fs::create_directories(directory / "old_out");
  fs::create_directories(directory / "new_out");
  ASSERT_EQ(run(model_on(directory / "old", directory / "old_out"), -1, 0), 0);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(run(model_on(directory / "new", directory / "new_out"), -1, 0), 0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const auto old_contents = folder_contents(directory / "old_out");
  const auto new_contents = folder_contents(directory / "new_out");
  ASSERT_NE(old_contents, new_contents);

  int interrupted = 0;
  const int attempts = 12, at_the_write = 4;
  for (int attempt = 0; attempt < attempts + at_the_write; ++attempt) {
    const auto out = directory / "out";
    fs::remove_all(out);
    fs::copy(directory / "old_out", out, fs::copy_options::recursive);
    const double after = attempt < attempts ? seconds * (0.2 + 0.9 * attempt / attempts) : -1.0;
    const int signal_number = attempt % 2 == 0 ? SIGINT : SIGTERM;
    const int status = run(model_on(directory / "new", out), after, signal_number, out);
    if (attempt >= attempts) {
      ASSERT_NE(status, -1) << "the run was never seen writing its folder";
      EXPECT_TRUE(WIFSIGNALED(status)) << "attempt " << attempt << " at the write";
    }
    if (WIFSIGNALED(status)) {
      EXPECT_EQ(WTERMSIG(status), signal_number);
      ++interrupted;
    } else {
      EXPECT_EQ(WEXITSTATUS(status), 0) << "attempt " << attempt;
    }
    EXPECT_TRUE(leftover_temporaries(directory).empty())
        << "attempt " << attempt << " after " << after << " s: " << leftover_temporaries(directory).front();
    const auto contents = folder_contents(out);
    // The folder and the model file are each old or new: compare them separately.
    std::map<std::string, std::string> folder, old_folder, new_folder;
    for (const auto& [name, text] : contents)
      if (name != "model.json") folder[name] = text;
    for (const auto& [name, text] : old_contents)
      if (name != "model.json") old_folder[name] = text;
    for (const auto& [name, text] : new_contents)
      if (name != "model.json") new_folder[name] = text;
    EXPECT_TRUE(folder == old_folder || folder == new_folder) << "attempt " << attempt << ": cv/ is a mix";
    const auto model = contents.find("model.json");
    ASSERT_NE(model, contents.end()) << "attempt " << attempt;
    EXPECT_TRUE(model->second == old_contents.at("model.json") ||
                model->second == new_contents.at("model.json"))
        << "attempt " << attempt << ": model.json is neither the old nor the new one";
    if (folder == old_folder) {
      EXPECT_EQ(model->second, old_contents.at("model.json")) << "written after cv/";
    }
  }
  EXPECT_GT(interrupted, 0) << "no run was interrupted: the job is too short for the test";
  fs::remove_all(directory);
}

// Synthetic cases on disk and a manifest listing them.
fs::path write_cases(const fs::path& directory, int cases, bool missing_images) {
  study::SyntheticCohortOptions options;
  options.size = {40, 40, 12};
  std::string manifest = "id,image,mask\n";
  for (int index = 0; index < cases; ++index) {
    const std::string id = "C" + std::to_string(index);
    if (!missing_images) {
      const auto patient = study::make_synthetic_case(index, options);
      io::write_image(patient.image, (directory / (id + "_image.nii.gz")).string());
      io::write_mask(patient.mask, (directory / (id + "_mask.nii.gz")).string());
    }
    manifest += id + "," + id + "_image.nii.gz," + id + "_mask.nii.gz\n";
  }
  const auto path = directory / (missing_images ? "missing.csv" : "manifest.csv");
  write_text(path, manifest);
  write_text(directory / "params.yaml", "featureClass:\n  firstorder:\nsetting:\n  binWidth: 25\n");
  return path;
}

// A batch where every case fails replaces nothing: exit 1, the errors on stderr, OUT.csv kept.
TEST(OutputSafety, AllFailedBatchKeepsTheEarlierTable) {
  const auto directory = fresh_directory("output_all_failed");
  const auto manifest = write_cases(directory, 3, true);
  write_text(directory / "out.csv", "precious\n");
  const auto result =
      run_radstudy("extract --manifest " + shell_quoted(manifest) + " --params " +
                   shell_quoted(directory / "params.yaml") + " --out " + shell_quoted(directory / "out.csv"));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("all 3 case(s) failed"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("the earlier file is kept as it was"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("C2 FAILED"), std::string::npos) << result.output;
  EXPECT_EQ(read_text(directory / "out.csv"), "precious\n");

  // With perturbations: neither the table nor the perturbation folder is replaced.
  fs::create_directories(directory / "p");
  write_text(directory / "p/erode.csv", "precious\n");
  write_text(directory / "p/.radstudy", "erode.csv\n");
  const auto perturbed =
      run_radstudy("extract --manifest " + shell_quoted(manifest) + " --params " +
                   shell_quoted(directory / "params.yaml") + " --out " + shell_quoted(directory / "out.csv") +
                   " --perturb erode --perturb-out " + shell_quoted(directory / "p"));
  EXPECT_EQ(perturbed.exit_code, 1) << perturbed.output;
  EXPECT_EQ(read_text(directory / "out.csv"), "precious\n");
  EXPECT_EQ(read_text(directory / "p/erode.csv"), "precious\n");
  fs::remove_all(directory);
}

// Outputs that cannot be written fail before the work, in well under a second, touching nothing.
TEST(OutputSafety, UnwritableOutputsFailBeforeTheWork) {
  const auto directory = fresh_directory("output_early");
  write_study(directory, 60, 12, 7);
  fs::create_directories(directory / "cv");
  write_text(directory / "cv/metrics.csv", "old\n");
  write_text(directory / "cv/.radstudy", "metrics.csv\n");
  // The outputs are checked before any input is read: with a features table that cannot be read, the
  // error is still the --save folder's (no timing: a loaded machine or a sanitizer makes that flaky).
  write_text(directory / "unreadable_features.csv", "id,f1\nP1,1\nP1,2\n");
  const auto result = run_radstudy("model --features " + shell_quoted(directory / "unreadable_features.csv") +
                                   " --clinical " + shell_quoted(directory / "clinical.csv") +
                                   " --outcome y --repeats 500 --out " + shell_quoted(directory / "cv") +
                                   " --save " + shell_quoted(directory / "missing/model.json"));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("--save " + (directory / "missing/model.json").string() + ": the folder"),
            std::string::npos)
      << result.output;
  EXPECT_NE(result.output.find("does not exist"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("appears twice"), std::string::npos) << result.output;
  EXPECT_EQ(read_text(directory / "cv/metrics.csv"), "old\n");

  // --perturb-out naming a file: refused before any case is extracted.
  const auto manifest = write_cases(directory, 2, false);
  write_text(directory / "features_out.csv", "old\n");
  write_text(directory / "perturbed.csv", "a file\n");
  const auto perturb = run_radstudy(
      "extract --manifest " + shell_quoted(manifest) + " --params " +
      shell_quoted(directory / "params.yaml") + " --out " + shell_quoted(directory / "features_out.csv") +
      " --perturb erode --perturb-out " + shell_quoted(directory / "perturbed.csv"));
  EXPECT_EQ(perturb.exit_code, 1) << perturb.output;
  EXPECT_NE(perturb.output.find("--perturb-out " + (directory / "perturbed.csv").string() +
                                ": is a file, not a folder"),
            std::string::npos)
      << perturb.output;
  EXPECT_EQ(perturb.output.find("[1/2]"), std::string::npos)
      << "no case may be extracted: " << perturb.output;
  EXPECT_EQ(read_text(directory / "features_out.csv"), "old\n");
  EXPECT_EQ(read_text(directory / "perturbed.csv"), "a file\n");

  // An output folder holding files radstudy did not write is not replaced.
  write_text(directory / "cv/notes.txt", "mine\n");
  const auto foreign = run_radstudy("univariate --features " + shell_quoted(directory / "features.csv") +
                                    " --clinical " + shell_quoted(directory / "clinical.csv") +
                                    " --outcome y --out " + shell_quoted(directory / "cv"));
  EXPECT_EQ(foreign.exit_code, 1) << foreign.output;
  EXPECT_NE(foreign.output.find("holds 'notes.txt', which radstudy did not write there"), std::string::npos)
      << foreign.output;
  EXPECT_EQ(read_text(directory / "cv/notes.txt"), "mine\n");
  fs::remove_all(directory);
}

// An output file may go into an output folder written before it (model --save into --out), even a new
// one; an output file inside a folder written after it would be lost: a usage error.
TEST(OutputSafety, OutputFilesInsideOutputFolders) {
  const auto directory = fresh_directory("output_nested");
  write_study(directory, 40, 4, 10);
  const std::string model = "model --features " + shell_quoted(directory / "features.csv") + " --clinical " +
                            shell_quoted(directory / "clinical.csv") +
                            " --outcome y --models logistic --out " + shell_quoted(directory / "new/cv") +
                            " --save " + shell_quoted(directory / "new/cv/model.json");
  for (int run = 0; run < 2; ++run) {  // the second run replaces the folder, model.json included
    const auto result = run_radstudy(model);
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_TRUE(fs::exists(directory / "new/cv/model.json"));
    EXPECT_TRUE(fs::exists(directory / "new/cv/metrics.csv"));
  }
  const auto manifest = write_cases(directory, 1, true);
  const auto result = run_radstudy("extract --manifest " + shell_quoted(manifest) + " --out " +
                                   shell_quoted(directory / "p/f.csv") + " --perturb erode --perturb-out " +
                                   shell_quoted(directory / "p"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("which is written after it and replaced whole"), std::string::npos)
      << result.output;

  // The demo's folder: a file where the folder should be, or a folder holding foreign files, is refused.
  write_text(directory / "demo", "a file\n");
  auto demo = run_radstudy("demo --cases 2 --out " + shell_quoted(directory / "demo"));
  EXPECT_EQ(demo.exit_code, 1) << demo.output;
  EXPECT_NE(demo.output.find("is a file, not a folder"), std::string::npos) << demo.output;
  fs::remove(directory / "demo");
  fs::create_directories(directory / "demo/cohort");
  write_text(directory / "demo/thesis.tex", "mine\n");
  demo = run_radstudy("demo --cases 2 --out " + shell_quoted(directory / "demo"));
  EXPECT_EQ(demo.exit_code, 1) << demo.output;
  EXPECT_NE(demo.output.find("holds 'thesis.tex'"), std::string::npos) << demo.output;
  EXPECT_EQ(read_text(directory / "demo/thesis.tex"), "mine\n");
  fs::remove_all(directory);
}

// An output that is an input (same path, a link to it, an image of the manifest, an input inside an
// output folder) is a usage error: exit 2, the input untouched.
TEST(OutputSafety, OutputsThatAreInputsAreRefused) {
  const auto directory = fresh_directory("output_is_input");
  const auto manifest = write_cases(directory, 2, false);
  const std::string manifest_text = read_text(manifest);
  const std::string extract = "extract --params " + shell_quoted(directory / "params.yaml") + " --manifest " +
                              shell_quoted(manifest) + " --out ";
  auto result = run_radstudy(extract + shell_quoted(manifest));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("--out " + manifest.string() + " is also the input --manifest"),
            std::string::npos)
      << result.output;
  EXPECT_EQ(read_text(manifest), manifest_text);

  fs::create_symlink(manifest, directory / "link.csv");
  result = run_radstudy(extract + shell_quoted(directory / "link.csv"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_EQ(read_text(manifest), manifest_text);

  const std::string image = read_text(directory / "C1_image.nii.gz");
  result = run_radstudy(extract + shell_quoted(directory / "C1_image.nii.gz"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("is also the input the image of case C1 in --manifest"), std::string::npos)
      << result.output;
  EXPECT_EQ(read_text(directory / "C1_image.nii.gz"), image);

  write_study(directory, 20, 4, 8);
  result = run_radstudy("univariate --features " + shell_quoted(directory / "features.csv") + " --clinical " +
                        shell_quoted(directory / "clinical.csv") + " --outcome y --out " +
                        shell_quoted(directory));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("lies in the output folder --out"), std::string::npos) << result.output;
  EXPECT_TRUE(fs::exists(directory / "features.csv"));

  result =
      run_radstudy("model --features " + shell_quoted(directory / "features.csv") + " --clinical " +
                   shell_quoted(directory / "clinical.csv") + " --outcome y --out " +
                   shell_quoted(directory / "cv") + " --save " + shell_quoted(directory / "clinical.csv"));
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("is also the input --clinical"), std::string::npos) << result.output;
  fs::remove_all(directory);
}

// A 250-character file name is written (the temporary name is short); one beyond the file system's
// limit is refused before the work.
TEST(OutputSafety, LongFileNames) {
  const auto directory = fresh_directory("output_long_name");
  const std::string name = std::string(246, 'n') + ".csv";
  auto result = run_radstudy("features --out " + shell_quoted(directory / name));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(read_text(directory / name).find("original_firstorder_Mean"), std::string::npos);
  result = run_radstudy("features --out " + shell_quoted(directory / name));  // replacing it works too
  ASSERT_EQ(result.exit_code, 0) << result.output;

  result = run_radstudy("features --out " + shell_quoted(directory / (std::string(252, 'n') + ".csv")));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("the file name has 256 bytes, the file system allows 255"), std::string::npos)
      << result.output;
  EXPECT_TRUE(leftover_temporaries(directory).empty());
  fs::remove_all(directory);
}

// A symbolic link is written through: the target file or folder gets the new content, the link stays.
TEST(OutputSafety, SymbolicLinksAreWrittenThrough) {
  const auto directory = fresh_directory("output_links");
  fs::create_directories(directory / "real");
  write_text(directory / "real/list.csv", "old\n");
  fs::create_symlink(directory / "real/list.csv", directory / "list.csv");
  auto result = run_radstudy("features --out " + shell_quoted(directory / "list.csv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(fs::is_symlink(directory / "list.csv"));
  EXPECT_NE(read_text(directory / "real/list.csv").find("original_firstorder_Mean"), std::string::npos);

  write_study(directory, 30, 5, 9);
  fs::create_directories(directory / "real/uni");
  write_text(directory / "real/uni/pca_scores.csv", "stale\n");
  write_text(directory / "real/uni/extra.csv", "from an earlier run\n");
  write_text(directory / "real/uni/.radstudy", "pca_scores.csv\nextra.csv\n");
  fs::create_directory_symlink("real/uni", directory / "uni");
  result = run_radstudy(univariate_on(directory, directory / "uni"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_TRUE(fs::is_symlink(directory / "uni"));
  EXPECT_NE(read_text(directory / "real/uni/pca_scores.csv"), "stale\n");
  EXPECT_TRUE(fs::exists(directory / "real/uni/univariate.csv"));
  EXPECT_FALSE(fs::exists(directory / "real/uni/extra.csv"))
      << "an earlier run's file goes with the old folder";
  EXPECT_TRUE(leftover_temporaries(directory).empty());
  fs::remove_all(directory);
}

}  // namespace
}  // namespace radstudy::testing
