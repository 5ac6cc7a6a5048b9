#pragma once
// Internal to radstudy_io: shared DCMTK set-up for the DICOM readers.
#include <dcmtk/oflog/oflog.h>

#include <mutex>

namespace radstudy::io::detail {

// DCMTK logs parse problems on stderr; radstudy reports them in its own InputError messages instead.
inline void silence_dcmtk_logging() {
  static std::once_flag once;
  std::call_once(once, [] { OFLog::configure(OFLogger::FATAL_LOG_LEVEL); });
}

}  // namespace radstudy::io::detail
