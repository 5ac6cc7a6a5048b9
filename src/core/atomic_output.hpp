#pragma once
#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

// Outputs that are never lost or left half-written: files replaced by rename, folders swapped whole,
// every output path checked before the work, and temporaries removed when SIGINT/SIGTERM stop the run.
namespace radstudy::core {

enum class OutputKind { kFile, kFolder };

// An output named on the command line, e.g. {"--out", "results", OutputKind::kFolder}. An empty path
// is ignored. `also_replaced` lists entries an earlier run of the same command may have left in the
// folder (besides those its marker names), which the new folder replaces.
struct OutputPath {
  std::string option;
  std::string path;
  OutputKind kind = OutputKind::kFile;
  std::vector<std::string> also_replaced = {};
};

// An input file or folder, e.g. {"--manifest", "cases.csv"}. An empty path is ignored.
struct InputPath {
  std::string option;
  std::string path;
};

// Checks, before the work starts, that every output can be written and does not destroy an input or an
// earlier output of the same run (outputs are written in the order given):
// - ConfigError (usage, exit 2) when the command line contradicts itself: an output is an input (same
//   file, also through a link), an input lies in an output folder (replaced whole), two outputs are
//   the same path, or an output file lies in an output folder written after it;
// - InputError (exit 1) when the disk does not allow it: a missing folder, a file where a folder is
//   expected or the reverse, a name longer than the file system allows, a folder radstudy cannot write
//   in, an output folder that is the current folder or holds entries radstudy did not write there.
void check_outputs(const std::vector<OutputPath>& outputs, const std::vector<InputPath>& inputs);

// Writes `content` to `path` through a temporary file in the same folder (fsync, then rename, then
// fsync of the folder), so an existing file is replaced whole or not at all. A path that is a symbolic
// link is written through: its target is replaced, the link kept. InputError naming the path on any
// failure (no space, no permission, ...), with the temporary file removed.
void write_file_atomically(const std::string& path, const std::string& content);
// The same for a file that a library writes by name (an image writer): `write` receives a temporary path in
// the target's folder, ending in `extension` (e.g. ".nii.gz", so the library picks the format), which is
// then synced and renamed to `path`.
void write_file_atomically_with(const std::string& path, const std::string& extension,
                                const std::function<void(const std::string& temporary_path)>& write);

// A folder written whole: the files go to a temporary sibling folder, which commit() swaps with the
// old folder (atomically where the file system allows, else by two renames), so that a reader sees the
// old folder or the new one, never a mix. Files of the old folder that the new run does not write go
// with the old folder. A folder path that is a symbolic link is written through (the link is kept).
// Without commit() (an exception, a signal) the temporary folder is removed and the old folder kept.
// A name may hold subfolders ("tables/summary.csv"): they are made.
class StagedFolder {
 public:
  explicit StagedFolder(const std::string& folder);
  ~StagedFolder();
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;

  void write(const std::string& name, const std::string& content);
  void commit();

 private:
  std::filesystem::path target_, staging_;
  std::vector<std::string> names_;
  int registration_ = -1;
  bool committed_ = false;
};

// A folder rebuilt in place, for work that writes many files and reads some of them back (the demo):
// the old folder is moved aside to a hidden sibling, the work writes into a new folder at the same
// path, and commit() removes the old one. Without commit() (an exception, a signal) the new folder is
// removed and the old one moved back.
class FolderRebuild {
 public:
  explicit FolderRebuild(const std::string& folder);
  ~FolderRebuild();
  FolderRebuild(const FolderRebuild&) = delete;
  FolderRebuild& operator=(const FolderRebuild&) = delete;

  // Records the new folder's entries in its marker and drops the old folder.
  void commit();

 private:
  std::filesystem::path target_, aside_;
  int registration_ = -1;
  bool committed_ = false;
};

// The run manifest radstudy writes in each output folder: the command line, the version, the settings
// hash and the entries the run wrote there. A later run replaces exactly those (the old folder goes
// whole, so no file of an earlier run stays beside the new ones).
inline constexpr const char* kOutputMarker = "radstudy-run.json";
// The plain list of entries that radstudy 0.x wrote instead; still read, never written.
inline constexpr const char* kLegacyOutputMarker = ".radstudy";

// What the run manifests of this process say about the run; set once by the command line before any
// output is written (empty fields otherwise).
struct RunRecord {
  std::vector<std::string> command_line;
  std::string version;
  std::string settings_hash;
};
void set_run_record(RunRecord record);
// The manifest of a folder holding `entries` (sorted in the file), as JSON text.
std::string run_manifest_text(std::vector<std::string> entries);
// The entries a folder's manifest (or legacy marker) lists; none when it has neither or it is unreadable.
std::vector<std::string> run_manifest_entries(const std::filesystem::path& folder);

// Removes every registered temporary file and folder, and moves folders set aside back. Only
// async-signal-safe calls: for the SIGINT/SIGTERM handler, which then re-raises the signal.
void remove_temporaries_on_signal() noexcept;

}  // namespace radstudy::core
