#include <malloc.h>
#include <signal.h>

#include "cli/command_line.hpp"
#include "core/atomic_output.hpp"

namespace {

// Each case allocates and frees image-sized buffers; glibc's defaults return them to the kernel
// (mmap/trim) and the next case pays a page fault per 4 KiB again. Keep freed memory for reuse.
void keep_freed_memory_for_reuse() {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
}

// SIGINT/SIGTERM/SIGHUP: remove the temporary files and folders being written (an old folder set
// aside goes back), then die of the signal as without the handler.
void remove_temporaries_and_die(int signal_number) {
  radstudy::core::remove_temporaries_on_signal();
  ::raise(signal_number);  // the action is the default again (SA_RESETHAND): delivered on return
}

void install_signal_handlers() {
  struct sigaction action {};
  action.sa_handler = remove_temporaries_and_die;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  const int stopping[] = {SIGINT, SIGTERM, SIGHUP};
  for (const int signal_number : stopping) sigaddset(&action.sa_mask, signal_number);
  for (const int signal_number : stopping) {
    struct sigaction previous {};
    ::sigaction(signal_number, nullptr, &previous);
    if (previous.sa_handler != SIG_IGN)
      ::sigaction(signal_number, &action, nullptr);  // nohup, `cmd &` keep it
  }
  // A file size limit (ulimit -f) makes writes fail with EFBIG, reported and cleaned up as any write error.
  ::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();
  install_signal_handlers();
  return radstudy::cli::run_command_line(argc, argv);
}
