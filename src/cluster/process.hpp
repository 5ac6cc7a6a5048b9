#pragma once
#include <string>
#include <vector>

// Runs another program (the scheduler's commands) and collects what it prints.
namespace radstudy::cluster {

struct ProcessResult {
  int exit_code = 0;  // 128 + the signal's number when a signal ended it
  std::string out;
  std::string err;
};

// Runs `arguments` (the program, found on PATH, then its arguments; no shell) and waits for it.
// InputError when the program cannot be started (not installed, not executable).
ProcessResult run_process(const std::vector<std::string>& arguments);

}  // namespace radstudy::cluster
