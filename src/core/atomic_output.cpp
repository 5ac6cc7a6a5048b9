#include "core/atomic_output.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "core/errors.hpp"

namespace radstudy::core {
namespace fs = std::filesystem;
namespace {

// ---- Registry of live temporaries, read by the signal handler -------------------------------------

enum SlotKind : int {
  kRemove = 1,   // a temporary file or folder: removed
  kRestore = 2,  // an old folder set aside: whatever is at `target` is removed and the folder moved back
};
enum SlotState : int { kFree = 0, kFilling = 1, kLive = 2 };

constexpr int kSlotCount = 64;
constexpr std::size_t kPathBytes = 4096;

struct Slot {
  std::atomic<int> state{kFree};
  std::atomic<unsigned long> sequence{0};
  int kind = kRemove;
  char path[kPathBytes] = {};
  char target[kPathBytes] = {};
};

Slot g_slots[kSlotCount];
std::atomic<unsigned long> g_next_sequence{1};
std::atomic<unsigned long> g_next_temporary{1};

// A slot, or -1 when the registry is full (only the clean-up on a signal would then miss the path).
int register_path(SlotKind kind, const fs::path& path, const fs::path& target = {}) {
  const std::string first = path.string(), second = target.string();
  if (first.size() >= kPathBytes || second.size() >= kPathBytes) return -1;
  for (int k = 0; k < kSlotCount; ++k) {
    int expected = kFree;
    if (!g_slots[k].state.compare_exchange_strong(expected, kFilling)) continue;
    Slot& slot = g_slots[k];
    slot.kind = kind;
    std::memcpy(slot.path, first.c_str(), first.size() + 1);
    std::memcpy(slot.target, second.c_str(), second.size() + 1);
    slot.sequence.store(g_next_sequence.fetch_add(1));
    slot.state.store(kLive, std::memory_order_release);
    return k;
  }
  return -1;
}

void unregister_path(int slot) {
  if (slot >= 0) g_slots[slot].state.store(kFree, std::memory_order_release);
}

// Async-signal-safe removal of a file, a link or a whole folder tree (openat, getdents64, unlinkat).
void remove_tree_at(int parent, const char* name, int depth) noexcept {
  if (::unlinkat(parent, name, 0) == 0 || errno == ENOENT) return;
  if (depth > 32) return;
  const int folder = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (folder < 0) return;
  alignas(8) char buffer[4096];
  for (;;) {
    ::lseek(folder, 0, SEEK_SET);
    const long bytes = ::syscall(SYS_getdents64, folder, buffer, sizeof buffer);
    if (bytes <= 0) break;
    bool removed_any = false;
    for (long offset = 0; offset < bytes;) {
      // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name
      unsigned short record_length = 0;
      std::memcpy(&record_length, buffer + offset + 16, sizeof record_length);
      const char* entry = buffer + offset + 19;
      offset += record_length;
      if (std::strcmp(entry, ".") == 0 || std::strcmp(entry, "..") == 0) continue;
      remove_tree_at(folder, entry, depth + 1);
      removed_any = true;
    }
    if (!removed_any) break;
  }
  ::close(folder);
  ::unlinkat(parent, name, AT_REMOVEDIR);
}

// ".radstudy-<pid>-<n>.<suffix>" in `folder`: short whatever the output's name (NAME_MAX is 255).
fs::path temporary_name(const fs::path& folder, const char* suffix) {
  return folder / fmt::format(".radstudy-{}-{}.{}", ::getpid(), g_next_temporary.fetch_add(1), suffix);
}

std::string system_message(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// The path radstudy writes for `path`: absolute, with the folders' links resolved and a final symbolic
// link followed to its target (written through, not replaced).
fs::path resolve_output(const std::string& path) {
  fs::path resolved = fs::absolute(fs::path(path)).lexically_normal();
  if (!resolved.has_filename() && resolved.has_relative_path()) resolved = resolved.parent_path();
  for (int hop = 0; hop < 40; ++hop) {
    std::error_code error;
    if (!fs::is_symlink(resolved, error)) break;
    const fs::path link = fs::read_symlink(resolved, error);
    if (error) break;
    resolved = (link.is_absolute() ? link : resolved.parent_path() / link).lexically_normal();
    if (!resolved.has_filename() && resolved.has_relative_path()) resolved = resolved.parent_path();
  }
  std::error_code error;
  const fs::path folder = fs::weakly_canonical(resolved.parent_path(), error);
  return error ? resolved : folder / resolved.filename();
}

void fsync_folder(const fs::path& folder) {
  const int descriptor = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (descriptor < 0) return;
  ::fsync(descriptor);  // some file systems refuse it for folders; the files themselves were synced
  ::close(descriptor);
}

// Writes a new file (which must not exist) whole and synced; removes it and throws InputError naming
// `shown` on any failure. `mode_of`: an existing file whose permission bits the new file takes.
void write_new_file(const fs::path& file, const std::string& content, const std::string& shown,
                    const fs::path& mode_of = {}) {
  const int descriptor = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (descriptor < 0)
    throw InputError(fmt::format("{}: cannot write the file: {}", shown, system_message(errno)));
  auto fail = [&](const char* what, int error) {
    ::close(descriptor);
    ::unlink(file.c_str());
    throw InputError(fmt::format("{}: {}: {}", shown, what, system_message(error)));
  };
  for (std::size_t written = 0; written < content.size();) {
    const ssize_t bytes = ::write(descriptor, content.data() + written, content.size() - written);
    if (bytes < 0 && errno == EINTR) continue;
    if (bytes <= 0) fail("writing failed", bytes < 0 ? errno : ENOSPC);
    written += static_cast<std::size_t>(bytes);
  }
  struct stat old {};
  if (!mode_of.empty() && ::stat(mode_of.c_str(), &old) == 0 && S_ISREG(old.st_mode))
    ::fchmod(descriptor, old.st_mode & 07777);
  if (::fsync(descriptor) != 0) fail("writing failed", errno);
  if (::close(descriptor) != 0) {
    const int error = errno;
    ::unlink(file.c_str());
    throw InputError(fmt::format("{}: writing failed: {}", shown, system_message(error)));
  }
}

// Creates an empty folder under a fresh temporary name in `parent`, registered for removal.
fs::path make_temporary_folder(const fs::path& parent, int& slot, const std::string& shown) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path name = temporary_name(parent, "tmp");
    slot = register_path(kRemove, name);
    if (::mkdir(name.c_str(), 0777) == 0) return name;
    const int error = errno;
    unregister_path(slot);
    slot = -1;
    if (error != EEXIST)
      throw InputError(
          fmt::format("{}: cannot create a folder in {}: {}", shown, parent.string(), system_message(error)));
  }
  throw InputError(fmt::format("{}: cannot create a temporary folder in {}", shown, parent.string()));
}

void create_parent_folders(const fs::path& target, const std::string& shown) {
  std::error_code error;
  fs::create_directories(target.parent_path(), error);
  if (error || !fs::is_directory(target.parent_path()))
    throw InputError(fmt::format("{}: cannot create the folder {}: {}", shown, target.parent_path().string(),
                                 error ? error.message() : "a file of that name exists"));
}

// ---- Checks before the work ---------------------------------------------------------------------

struct Identity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  fs::path canonical;
};

Identity identify(const fs::path& canonical) {
  Identity identity;
  identity.canonical = canonical;
  struct stat status {};
  if (::stat(canonical.c_str(), &status) == 0) {
    identity.exists = true;
    identity.device = status.st_dev;
    identity.inode = status.st_ino;
  }
  return identity;
}

fs::path canonical_input(const std::string& path) {
  std::error_code error;
  fs::path canonical = fs::weakly_canonical(fs::absolute(fs::path(path)), error);
  if (error) canonical = fs::absolute(fs::path(path)).lexically_normal();
  if (!canonical.has_filename() && canonical.has_relative_path()) canonical = canonical.parent_path();
  return canonical;
}

bool same_path(const Identity& a, const Identity& b) {
  if (a.exists && b.exists) return a.device == b.device && a.inode == b.inode;
  return a.canonical == b.canonical;
}

// True when `inner` lies strictly inside `folder` (both canonical).
bool lies_inside(const fs::path& inner, const fs::path& folder) {
  auto folder_part = folder.begin();
  auto inner_part = inner.begin();
  for (; folder_part != folder.end(); ++folder_part, ++inner_part)
    if (inner_part == inner.end() || *inner_part != *folder_part) return false;
  return inner_part != inner.end();
}

// Creates and removes a file in `folder`: the output can be written there.
void probe_writable(const fs::path& folder, const std::string& shown) {
  const fs::path probe = temporary_name(folder, "tmp");
  const int slot = register_path(kRemove, probe);
  const int descriptor = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  const int error = errno;
  if (descriptor >= 0) {
    ::close(descriptor);
    ::unlink(probe.c_str());
  }
  unregister_path(slot);
  if (descriptor < 0)
    throw InputError(
        fmt::format("{}: cannot write in the folder {}: {}", shown, folder.string(), system_message(error)));
}

void check_name_length(const fs::path& target, const fs::path& existing_folder, const std::string& shown) {
  long limit = ::pathconf(existing_folder.c_str(), _PC_NAME_MAX);
  if (limit <= 0) limit = 255;
  const std::size_t length = target.filename().string().size();
  if (length > static_cast<std::size_t>(limit))
    throw InputError(
        fmt::format("{}: the file name has {} bytes, the file system allows {}", shown, length, limit));
}

fs::path nearest_existing_folder(fs::path folder, const std::string& shown) {
  std::error_code error;
  while (!fs::exists(folder, error) && folder.has_relative_path()) folder = folder.parent_path();
  if (!fs::is_directory(folder, error))
    throw InputError(fmt::format("{}: {} is a file, not a folder", shown, folder.string()));
  return folder;
}

// `later_entries`: names that outputs written after this folder put in it; `in_earlier_folder`: the
// output goes into a folder written before it (which the run creates).
void check_output_on_disk(const OutputPath& output, const fs::path& target,
                          const std::vector<std::string>& later_entries, bool in_earlier_folder) {
  const std::string shown = fmt::format("{} {}", output.option, output.path);
  std::error_code error;
  if (output.kind == OutputKind::kFile && in_earlier_folder) {
    check_name_length(target, nearest_existing_folder(target.parent_path(), shown), shown);
    return;
  }
  if (output.kind == OutputKind::kFile) {
    if (!fs::is_directory(target.parent_path(), error))
      throw InputError(fmt::format("{}: the folder {} does not exist", shown, target.parent_path().string()));
    check_name_length(target, target.parent_path(), shown);
    if (fs::is_directory(target, error))
      throw InputError(fmt::format("{}: is a folder; give a file name", shown));
    probe_writable(target.parent_path(), shown);
    return;
  }
  const fs::path existing = nearest_existing_folder(target.parent_path(), shown);
  check_name_length(target, existing, shown);
  probe_writable(existing, shown);
  if (!fs::exists(target, error)) return;
  if (!fs::is_directory(target, error)) throw InputError(fmt::format("{}: is a file, not a folder", shown));
  const fs::path current = fs::current_path();
  if (current == target || lies_inside(current, target))
    throw InputError(
        fmt::format("{}: is or holds the current folder; an output folder is replaced whole: give another "
                    "folder",
                    shown));
  std::vector<std::string> replaced = run_manifest_entries(target);
  replaced.insert(replaced.end(), output.also_replaced.begin(), output.also_replaced.end());
  replaced.insert(replaced.end(), later_entries.begin(), later_entries.end());
  replaced.push_back(kOutputMarker);
  replaced.push_back(kLegacyOutputMarker);
  // Files listed by the manifest, and the subfolders that hold only such files ("tables/summary.csv").
  const auto listed = [&](const std::string& name) {
    return std::find(replaced.begin(), replaced.end(), name) != replaced.end();
  };
  const auto holds_listed = [&](const std::string& folder) {
    return std::any_of(replaced.begin(), replaced.end(),
                       [&](const std::string& name) { return name.rfind(folder + "/", 0) == 0; });
  };
  std::vector<std::string> foreign;
  for (auto entry = fs::recursive_directory_iterator(target); entry != fs::recursive_directory_iterator();
       ++entry) {
    const std::string name = entry->path().lexically_relative(target).generic_string();
    if (listed(name)) {
      entry.disable_recursion_pending();
      continue;
    }
    if (entry->is_directory(error) && !entry->is_symlink(error) && holds_listed(name)) continue;
    foreign.push_back(name);
    entry.disable_recursion_pending();
  }
  if (!foreign.empty()) {
    std::sort(foreign.begin(), foreign.end());
    throw InputError(fmt::format(
        "{}: the folder holds '{}'{}, which radstudy did not write there; an output folder "
        "is replaced whole: give a new or empty folder, or move that away",
        shown, foreign.front(), foreign.size() > 1 ? fmt::format(" and {} more", foreign.size() - 1) : ""));
  }
}

}  // namespace

namespace {
RunRecord& run_record() {
  static RunRecord record;
  return record;
}
}  // namespace

void set_run_record(RunRecord record) {
  run_record() = std::move(record);
}

std::string run_manifest_text(std::vector<std::string> entries) {
  std::sort(entries.begin(), entries.end());
  const RunRecord& record = run_record();
  nlohmann::ordered_json manifest;
  manifest["radstudy_version"] = record.version;
  manifest["command_line"] = record.command_line;
  manifest["settings_hash"] = record.settings_hash;
  manifest["files"] = entries;
  return manifest.dump(1) + "\n";
}

std::vector<std::string> run_manifest_entries(const fs::path& folder) {
  std::vector<std::string> entries;
  std::ifstream manifest(folder / kOutputMarker);
  if (manifest) {
    const auto json = nlohmann::json::parse(manifest, nullptr, false);
    if (json.is_object() && json.contains("files") && json["files"].is_array())
      for (const auto& entry : json["files"])
        if (entry.is_string() && !entry.get<std::string>().empty())
          entries.push_back(entry.get<std::string>());
    return entries;
  }
  std::ifstream legacy(folder / kLegacyOutputMarker);
  for (std::string line; std::getline(legacy, line);)
    if (!line.empty()) entries.push_back(line);
  return entries;
}

void remove_temporaries_on_signal() noexcept {
  bool done[kSlotCount] = {};
  for (;;) {  // newest first: a folder's files before the folder, a new folder before the old one moves back
    int newest = -1;
    unsigned long newest_sequence = 0;
    for (int k = 0; k < kSlotCount; ++k) {
      if (done[k] || g_slots[k].state.load(std::memory_order_acquire) != kLive) continue;
      const unsigned long sequence = g_slots[k].sequence.load();
      if (newest < 0 || sequence > newest_sequence) {
        newest = k;
        newest_sequence = sequence;
      }
    }
    if (newest < 0) return;
    done[newest] = true;
    const Slot& slot = g_slots[newest];
    if (slot.kind == kRemove) {
      remove_tree_at(AT_FDCWD, slot.path, 0);
    } else {
      struct stat status {};
      if (::lstat(slot.path, &status) != 0) continue;  // not set aside yet
      remove_tree_at(AT_FDCWD, slot.target, 0);
      ::rename(slot.path, slot.target);
    }
  }
}

void check_outputs(const std::vector<OutputPath>& outputs, const std::vector<InputPath>& inputs) {
  std::vector<const OutputPath*> given;
  for (const auto& output : outputs)
    if (!output.path.empty()) given.push_back(&output);
  std::vector<fs::path> targets;
  std::vector<Identity> identities;
  for (const auto* output : given) {
    targets.push_back(resolve_output(output->path));
    identities.push_back(identify(targets.back()));
  }
  // The command line first (usage errors), then the disk.
  for (const auto& input : inputs) {
    if (input.path.empty()) continue;
    const Identity identity = identify(canonical_input(input.path));
    for (std::size_t k = 0; k < given.size(); ++k) {
      if (same_path(identities[k], identity))
        throw ConfigError(
            fmt::format("{} {} is also the input {} {}: radstudy would overwrite it; give another "
                        "output path",
                        given[k]->option, given[k]->path, input.option, input.path));
      if (given[k]->kind == OutputKind::kFolder && lies_inside(identity.canonical, targets[k]))
        throw ConfigError(
            fmt::format("{} {} lies in the output folder {} {}, which radstudy replaces whole; give "
                        "another output folder",
                        input.option, input.path, given[k]->option, given[k]->path));
    }
  }
  for (std::size_t a = 0; a < given.size(); ++a)
    for (std::size_t b = a + 1; b < given.size(); ++b) {
      if (same_path(identities[a], identities[b]))
        throw ConfigError(fmt::format("{} {} and {} {} are the same path; give two different outputs",
                                      given[a]->option, given[a]->path, given[b]->option, given[b]->path));
      if (given[b]->kind == OutputKind::kFolder && lies_inside(targets[a], targets[b]))
        throw ConfigError(
            fmt::format("{} {} lies in {} {}, which is written after it and replaced whole; give a "
                        "path outside that folder",
                        given[a]->option, given[a]->path, given[b]->option, given[b]->path));
    }
  for (std::size_t k = 0; k < given.size(); ++k) {
    std::vector<std::string> later_entries;
    for (std::size_t later = k + 1; later < given.size(); ++later)
      if (targets[later].parent_path() == targets[k])
        later_entries.push_back(targets[later].filename().string());
    bool in_earlier_folder = false;
    for (std::size_t earlier = 0; earlier < k; ++earlier)
      in_earlier_folder |=
          given[earlier]->kind == OutputKind::kFolder && targets[k].parent_path() == targets[earlier];
    check_output_on_disk(*given[k], targets[k], later_entries, in_earlier_folder);
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  const fs::path target = resolve_output(path);
  const fs::path folder = target.parent_path();
  if (!fs::is_directory(folder))
    throw InputError(fmt::format("{}: the folder {} does not exist", path, folder.string()));
  for (int attempt = 0;; ++attempt) {
    const fs::path temporary = temporary_name(folder, "tmp");
    std::error_code error;
    if (fs::exists(temporary, error) && attempt < 100) continue;  // a stale name: take the next one
    const int slot = register_path(kRemove, temporary);
    try {
      write_new_file(temporary, content, path, target);
    } catch (const InputError&) {
      unregister_path(slot);
      throw;
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
      const int error = errno;
      ::unlink(temporary.c_str());
      unregister_path(slot);
      throw InputError(fmt::format("{}: cannot replace the file: {}", path, system_message(error)));
    }
    unregister_path(slot);
    fsync_folder(folder);
    return;
  }
}

void write_file_atomically_with(const std::string& path, const std::string& extension,
                                const std::function<void(const std::string& temporary_path)>& write) {
  const fs::path target = resolve_output(path);
  const fs::path folder = target.parent_path();
  if (!fs::is_directory(folder))
    throw InputError(fmt::format("{}: the folder {} does not exist", path, folder.string()));
  const std::string suffix = "tmp" + extension;
  fs::path temporary = temporary_name(folder, suffix.c_str());
  for (int attempt = 0; fs::exists(temporary) && attempt < 100; ++attempt)
    temporary = temporary_name(folder, suffix.c_str());
  const int slot = register_path(kRemove, temporary);
  auto discard = [&] {
    std::error_code error;
    fs::remove(temporary, error);
    unregister_path(slot);
  };
  try {
    write(temporary.string());
  } catch (...) {
    discard();
    throw;
  }
  const int descriptor = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = descriptor >= 0 && ::fsync(descriptor) == 0;
  if (descriptor >= 0) ::close(descriptor);
  if (!synced) {
    const int error = errno;
    discard();
    throw InputError(fmt::format("{}: writing failed: {}", path, system_message(error)));
  }
  if (::rename(temporary.c_str(), target.c_str()) != 0) {
    const int error = errno;
    discard();
    throw InputError(fmt::format("{}: cannot replace the file: {}", path, system_message(error)));
  }
  unregister_path(slot);
  fsync_folder(folder);
}

StagedFolder::StagedFolder(const std::string& folder) : target_(resolve_output(folder)) {
  if (fs::exists(target_) && !fs::is_directory(target_))
    throw InputError(fmt::format("{}: is a file, not a folder", folder));
  create_parent_folders(target_, folder);
  staging_ = make_temporary_folder(target_.parent_path(), registration_, folder);
}

StagedFolder::~StagedFolder() {
  if (committed_) return;
  std::error_code error;
  fs::remove_all(staging_, error);
  unregister_path(registration_);
}

void StagedFolder::write(const std::string& name, const std::string& content) {
  if (const auto folder = fs::path(name).parent_path(); !folder.empty()) {
    std::error_code error;
    fs::create_directories(staging_ / folder, error);
    if (error)
      throw InputError(
          fmt::format("{}: cannot make the folder: {}", (target_ / folder).string(), error.message()));
  }
  write_new_file(staging_ / name, content, (target_ / name).string());
  names_.push_back(name);
}

void StagedFolder::commit() {
  const std::string shown = target_.string();
  write_new_file(staging_ / kOutputMarker, run_manifest_text(names_), (target_ / kOutputMarker).string());
  fsync_folder(staging_);
  const fs::path parent = target_.parent_path();
  struct stat old {};
  if (::stat(target_.c_str(), &old) == 0) {
    ::chmod(staging_.c_str(), old.st_mode & 07777);
    if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
      // The staging name now holds the old folder, still registered for removal.
      std::error_code error;
      fs::remove_all(staging_, error);
      unregister_path(registration_);
      committed_ = true;
      fsync_folder(parent);
      return;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
      throw InputError(fmt::format("{}: cannot replace the folder: {}", shown, system_message(errno)));
    // No atomic exchange here: the old folder aside, the new one in, the old one removed.
    const fs::path aside = temporary_name(parent, "old");
    const int restore = register_path(kRestore, aside, target_);
    if (::rename(target_.c_str(), aside.c_str()) != 0) {
      const int error = errno;
      unregister_path(restore);
      throw InputError(fmt::format("{}: cannot replace the folder: {}", shown, system_message(error)));
    }
    if (::rename(staging_.c_str(), target_.c_str()) != 0) {
      const int error = errno;
      ::rename(aside.c_str(), target_.c_str());
      unregister_path(restore);
      throw InputError(fmt::format("{}: cannot replace the folder: {}", shown, system_message(error)));
    }
    const int old_folder = register_path(kRemove, aside);
    unregister_path(restore);
    unregister_path(registration_);
    committed_ = true;
    std::error_code error;
    fs::remove_all(aside, error);
    unregister_path(old_folder);
  } else {
    if (::rename(staging_.c_str(), target_.c_str()) != 0)
      throw InputError(fmt::format("{}: cannot create the folder: {}", shown, system_message(errno)));
    unregister_path(registration_);
    committed_ = true;
  }
  fsync_folder(parent);
}

FolderRebuild::FolderRebuild(const std::string& folder) : target_(resolve_output(folder)) {
  if (fs::exists(target_) && !fs::is_directory(target_))
    throw InputError(fmt::format("{}: is a file, not a folder", folder));
  create_parent_folders(target_, folder);
  struct stat old {};
  const bool had_old = ::stat(target_.c_str(), &old) == 0;
  if (had_old) {
    aside_ = temporary_name(target_.parent_path(), "old");
    registration_ = register_path(kRestore, aside_, target_);
    if (::rename(target_.c_str(), aside_.c_str()) != 0) {
      const int error = errno;
      unregister_path(registration_);
      throw InputError(
          fmt::format("{}: cannot move the old folder aside: {}", folder, system_message(error)));
    }
  } else {
    registration_ = register_path(kRemove, target_);
  }
  if (::mkdir(target_.c_str(), had_old ? (old.st_mode & 07777) : 0777) != 0) {
    const int error = errno;
    if (had_old) ::rename(aside_.c_str(), target_.c_str());
    unregister_path(registration_);
    throw InputError(fmt::format("{}: cannot create the folder: {}", folder, system_message(error)));
  }
}

FolderRebuild::~FolderRebuild() {
  if (committed_) return;
  std::error_code error;
  fs::remove_all(target_, error);
  if (!aside_.empty()) ::rename(aside_.c_str(), target_.c_str());
  unregister_path(registration_);
}

void FolderRebuild::commit() {
  std::vector<std::string> entries;
  for (const auto& entry : fs::directory_iterator(target_))
    if (entry.path().filename() != kOutputMarker) entries.push_back(entry.path().filename().string());
  write_file_atomically((target_ / kOutputMarker).string(), run_manifest_text(entries));
  if (!aside_.empty()) {
    const int old_folder = register_path(kRemove, aside_);
    unregister_path(registration_);
    committed_ = true;
    std::error_code error;
    fs::remove_all(aside_, error);
    unregister_path(old_folder);
  } else {
    unregister_path(registration_);
    committed_ = true;
  }
  fsync_folder(target_.parent_path());
}

}  // namespace radstudy::core
