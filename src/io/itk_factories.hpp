#pragma once

namespace radstudy::io {

// Registers ITK's NIfTI, NRRD, MetaImage and GDCM image IO factories once (thread-safe).
// A static library cannot rely on ITK's generated registration manager, so the readers call this.
void ensure_itk_io_factories();

}  // namespace radstudy::io
