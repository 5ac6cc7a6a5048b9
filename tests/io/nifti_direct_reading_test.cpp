// NIfTI voxels read directly (io/nifti_file.hpp, libdeflate) must be exactly ITK's: same
// geometry, values, stored pixel type and errors, for every datatype, gzip layout and fallback case.
#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "io/nifti_file.hpp"
#include "io/scratch_directory.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;
using radstudy::InputError;
using radstudy::io::NiftiFile;
using radstudy::io::NiftiVoxelReading;
using radstudy::io::read_image;
using radstudy::io::read_label_mask;
using radstudy::testing::read_bytes;
using radstudy::testing::ScratchDirectory;
using radstudy::testing::shared_dir;
using radstudy::testing::write_bytes;

namespace {

struct ImageOutcome {
  radstudy::core::IntensityImage image;
  std::string error;
};

struct MaskOutcome {
  radstudy::core::Mask mask;
  std::string error;
};

ImageOutcome image_outcome(const fs::path& path, NiftiVoxelReading reading) {
  ImageOutcome outcome;
  try {
    outcome.image = read_image(path.string(), reading);
  } catch (const InputError& error) {
    outcome.error = error.what();
  }
  return outcome;
}

MaskOutcome mask_outcome(const fs::path& path, int label, NiftiVoxelReading reading) {
  MaskOutcome outcome;
  try {
    outcome.mask = read_label_mask(path.string(), label, reading);
  } catch (const InputError& error) {
    outcome.error = error.what();
  }
  return outcome;
}

template <typename T>
void expect_same_image_data(const radstudy::core::Image<T>& direct, const radstudy::core::Image<T>& itk) {
  EXPECT_EQ(direct.geometry().size, itk.geometry().size);
  EXPECT_EQ(direct.geometry().spacing, itk.geometry().spacing);
  EXPECT_EQ(direct.geometry().origin, itk.geometry().origin);
  EXPECT_EQ(direct.geometry().direction, itk.geometry().direction);
  ASSERT_EQ(direct.voxels().size(), itk.voxels().size());
  EXPECT_EQ(std::memcmp(direct.voxels().data(), itk.voxels().data(), direct.voxels().size() * sizeof(T)), 0)
      << "voxels differ";
}

void expect_same_image(const fs::path& path) {
  SCOPED_TRACE(path.string());
  const auto direct = image_outcome(path, NiftiVoxelReading::Direct);
  const auto itk = image_outcome(path, NiftiVoxelReading::ThroughItk);
  EXPECT_EQ(direct.error, itk.error);
  if (!itk.error.empty()) return;
  EXPECT_EQ(direct.image.stored_pixel_type(), itk.image.stored_pixel_type());
  expect_same_image_data(direct.image, itk.image);
}

void expect_same_mask(const fs::path& path, int label) {
  SCOPED_TRACE(path.string() + " label " + std::to_string(label));
  const auto direct = mask_outcome(path, label, NiftiVoxelReading::Direct);
  const auto itk = mask_outcome(path, label, NiftiVoxelReading::ThroughItk);
  EXPECT_EQ(direct.error, itk.error);
  if (itk.error.empty()) expect_same_image_data(direct.mask, itk.mask);
}

bool read_directly(const fs::path& path) {
  return NiftiFile::load(path.string()).readable_directly();
}

void expect_read_directly(const fs::path& path) {
  EXPECT_TRUE(read_directly(path)) << path << " is not read directly";
}

template <typename T>
void put(std::string& bytes, std::size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

// A NIfTI-1 file (uncompressed bytes) with the header ITK writes for a small oblique grid, and the
// given datatype and voxels.
template <typename T>
std::string nifti_bytes(const ScratchDirectory& scratch, std::int16_t datatype,
                        const std::vector<T>& voxels) {
  radstudy::core::IntensityImage image;
  image.geometry().size = {8, 5, static_cast<std::size_t>(voxels.size() / 40)};
  image.geometry().spacing = {0.7, 1.1, 2.5};
  image.geometry().origin = {-12.25, 30.5, 7.0};
  image.geometry().direction = {0.6, 0.8, 0, -0.8, 0.6, 0, 0, 0, 1};
  image.voxels().assign(image.geometry().voxel_count(), 0.0F);
  const fs::path template_path = scratch / "template.nii";
  radstudy::io::write_image(image, template_path.string());
  std::string bytes = read_bytes(template_path).substr(0, 352);
  EXPECT_EQ(bytes.size(), 352U);
  put<std::int16_t>(bytes, 70, datatype);
  put<std::int16_t>(bytes, 72, static_cast<std::int16_t>(8 * sizeof(T)));
  put<float>(bytes, 108, 352.0F);
  put<float>(bytes, 112, 1.0F);
  put<float>(bytes, 116, 0.0F);
  bytes.append(reinterpret_cast<const char*>(voxels.data()), voxels.size() * sizeof(T));
  return bytes;
}

// Writes `bytes` gzip-compressed, starting a new gzip member at each of `member_starts`.
void write_gzip(const fs::path& path, const std::string& bytes,
                const std::vector<std::size_t>& member_starts = {}) {
  gzFile file = gzopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::size_t written = 0;
  for (std::size_t end : member_starts) {
    ASSERT_GT(gzwrite(file, bytes.data() + written, static_cast<unsigned>(end - written)), 0);
    ASSERT_EQ(gzflush(file, Z_FINISH), Z_OK);
    written = end;
  }
  ASSERT_GT(gzwrite(file, bytes.data() + written, static_cast<unsigned>(bytes.size() - written)), 0);
  ASSERT_EQ(gzclose(file), Z_OK);
}

template <typename T>
std::vector<T> test_voxels(std::size_t count) {
  std::vector<T> voxels(count);
  for (std::size_t k = 0; k < count; ++k) voxels[k] = static_cast<T>(static_cast<int>(k % 7) - 2);
  voxels[1] = std::numeric_limits<T>::lowest();
  voxels[2] = std::numeric_limits<T>::max();
  voxels[3] = std::numeric_limits<T>::is_integer ? T{1} : std::numeric_limits<T>::denorm_min();
  return voxels;
}

// Every datatype, as .nii and .nii.gz, compared as an image and as masks of several labels.
template <typename T>
void expect_datatype_read_as_itk(const ScratchDirectory& scratch, std::int16_t datatype,
                                 const std::vector<T>& voxels, bool read_directly = true) {
  const std::string bytes = nifti_bytes(scratch, datatype, voxels);
  const std::string name = "datatype_" + std::to_string(datatype);
  write_bytes(scratch / (name + ".nii"), bytes);
  write_gzip(scratch / (name + ".nii.gz"), bytes);
  for (const char* extension : {".nii", ".nii.gz"}) {
    const fs::path path = scratch / (name + extension);
    if (read_directly) expect_read_directly(path);
    expect_same_image(path);
    for (int label : {0, 1, -1, 255, 70000}) expect_same_mask(path, label);
  }
}

}  // namespace

TEST(NiftiDirectReading, StsImagesAndMasksEqualItk) {
  RADSTUDY_REQUIRE_SHARED("data/sts");
  std::size_t cases = 0;
  for (const auto& entry : fs::directory_iterator(shared_dir() / "data/sts")) {
    if (!fs::exists(entry.path() / "ct_image.nii.gz")) continue;
    expect_read_directly(entry.path() / "ct_image.nii.gz");
    expect_read_directly(entry.path() / "ct_mask.nii.gz");
    expect_same_image(entry.path() / "ct_image.nii.gz");
    expect_same_mask(entry.path() / "ct_mask.nii.gz", 1);
    ++cases;
  }
  EXPECT_EQ(cases, 51U);
}

TEST(NiftiDirectReading, IbsiImagesAndMasksEqualItk) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  RADSTUDY_REQUIRE_SHARED("data/ibsi2/digital_phantoms");
  std::vector<fs::path> images = {"ibsi1/ct_phantom/nifti/image.nii.gz", "ibsi1/digital_phantom/image.nii.gz",
                                  "ibsi2/ct_phantom/nifti/image.nii.gz"};
  std::vector<fs::path> masks = {"ibsi1/ct_phantom/nifti/mask.nii.gz", "ibsi1/digital_phantom/mask.nii.gz",
                                 "ibsi2/ct_phantom/nifti/mask.nii.gz"};
  for (const auto& entry : fs::directory_iterator(shared_dir() / "data/ibsi2/digital_phantoms")) {
    images.push_back(entry.path() / "image.nii.gz");
    if (fs::exists(entry.path() / "mask.nii.gz")) masks.push_back(entry.path() / "mask.nii.gz");
  }
  for (const auto& image : images) {
    expect_read_directly(shared_dir() / "data" / image);
    expect_same_image(shared_dir() / "data" / image);
  }
  for (const auto& mask : masks) {
    expect_read_directly(shared_dir() / "data" / mask);
    for (int label : {0, 1}) expect_same_mask(shared_dir() / "data" / mask, label);
  }
}

TEST(NiftiDirectReading, Brain1WrittenAsNiftiEqualsItk) {
  RADSTUDY_REQUIRE_SHARED("data/pyradiomics/brain1/image.nrrd");
  ScratchDirectory scratch;
  const fs::path brain1 = shared_dir() / "data/pyradiomics/brain1";
  radstudy::io::write_image(read_image((brain1 / "image.nrrd").string()),
                            (scratch / "image.nii.gz").string());
  radstudy::io::write_mask(read_label_mask((brain1 / "label.nrrd").string(), 1),
                           (scratch / "label.nii.gz").string());
  expect_read_directly(scratch / "image.nii.gz");
  expect_read_directly(scratch / "label.nii.gz");
  expect_same_image(scratch / "image.nii.gz");
  for (int label : {0, 1, 2}) expect_same_mask(scratch / "label.nii.gz", label);
}

TEST(NiftiDirectReading, EveryDatatypeEqualsItk) {
  ScratchDirectory scratch;
  constexpr std::size_t kCount = 8 * 5 * 3;
  expect_datatype_read_as_itk(scratch, 256, test_voxels<std::int8_t>(kCount));
  expect_datatype_read_as_itk(scratch, 2, test_voxels<std::uint8_t>(kCount));
  expect_datatype_read_as_itk(scratch, 4, test_voxels<std::int16_t>(kCount));
  expect_datatype_read_as_itk(scratch, 512, test_voxels<std::uint16_t>(kCount));
  expect_datatype_read_as_itk(scratch, 8, test_voxels<std::int32_t>(kCount));
  expect_datatype_read_as_itk(scratch, 768, test_voxels<std::uint32_t>(kCount));
  expect_datatype_read_as_itk(scratch, 16, test_voxels<float>(kCount));
  expect_datatype_read_as_itk(scratch, 64, test_voxels<double>(kCount));  // lowest/max overflow float: error
  // Not read directly: 64-bit integers.
  expect_datatype_read_as_itk(scratch, 1024, test_voxels<std::int64_t>(kCount), false);
}

TEST(NiftiDirectReading, NonFiniteVoxelsGiveItksErrorAndMaskValues) {
  ScratchDirectory scratch;
  constexpr std::size_t kCount = 8 * 5 * 3;
  std::vector<float> floats(kCount, 1.0F);
  floats[5] = std::nanf("");
  floats[6] = std::numeric_limits<float>::infinity();
  floats[7] = -std::numeric_limits<float>::infinity();
  expect_datatype_read_as_itk(scratch, 16, floats);
  EXPECT_NE(image_outcome(scratch / "datatype_16.nii.gz", NiftiVoxelReading::Direct).error.find("3 NaN"),
            std::string::npos);
  std::vector<double> doubles(kCount, 0.5);
  doubles[9] = std::nan("");
  doubles[10] = 1e300;  // finite, but not as float
  expect_datatype_read_as_itk(scratch, 64, doubles);
  doubles[9] = 0.25;
  doubles[10] = -1e30;
  expect_datatype_read_as_itk(scratch, 64, doubles);
}

TEST(NiftiDirectReading, SeveralGzipMembersEqualItk) {
  ScratchDirectory scratch;
  const std::size_t count = 8 * 5 * 1640;  // 131 KB of int16: the buffer grows from the last member's size
  const std::string bytes = nifti_bytes(scratch, 4, test_voxels<std::int16_t>(count));
  write_gzip(scratch / "members.nii.gz", bytes, {100, 1000, 100000});
  expect_read_directly(scratch / "members.nii.gz");
  expect_same_image(scratch / "members.nii.gz");
  expect_same_mask(scratch / "members.nii.gz", 1);
  const auto direct = NiftiFile::load((scratch / "members.nii.gz").string());
  ASSERT_TRUE(direct.readable_directly());
  EXPECT_EQ(std::memcmp(direct.voxels<std::int16_t>(), bytes.data() + 352, count * 2), 0);
}

TEST(NiftiDirectReading, FilesNotReadDirectlyStillEqualItk) {
  ScratchDirectory scratch;
  constexpr std::size_t kCount = 8 * 5 * 3;
  const std::string bytes = nifti_bytes(scratch, 4, test_voxels<std::int16_t>(kCount));
  auto variant = [&](const std::string& name, auto&& change) {
    std::string changed = bytes;
    change(changed);
    write_gzip(scratch / (name + ".nii.gz"), changed);
    EXPECT_FALSE(read_directly(scratch / (name + ".nii.gz"))) << name;
    expect_same_image(scratch / (name + ".nii.gz"));
    expect_same_mask(scratch / (name + ".nii.gz"), 1);
  };
  variant("scaled", [](std::string& b) { put<float>(b, 112, 2.0F); });
  variant("offset", [](std::string& b) { put<float>(b, 116, -1024.0F); });

  // Byte-swapped header (and data).
  std::string swapped = bytes;
  auto swap_at = [&](std::size_t offset, std::size_t size) {
    std::reverse(swapped.begin() + static_cast<std::ptrdiff_t>(offset),
                 swapped.begin() + static_cast<std::ptrdiff_t>(offset + size));
  };
  // The NIfTI-1 header's numeric fields: (offset, size) runs of 2- or 4-byte values.
  const std::vector<std::array<std::size_t, 3>> numeric_fields = {
      {0, 4, 1},   {32, 4, 1},  {36, 2, 1},  {40, 2, 8},  {56, 4, 3},  {68, 2, 4},
      {76, 4, 11}, {120, 2, 1}, {124, 4, 6}, {252, 2, 2}, {256, 4, 18}};
  for (const auto& [offset, size, count] : numeric_fields)
    for (std::size_t k = 0; k < count; ++k) swap_at(offset + k * size, size);
  for (std::size_t offset = 352; offset < swapped.size(); offset += 2) swap_at(offset, 2);
  write_gzip(scratch / "swapped.nii.gz", swapped);
  EXPECT_FALSE(read_directly(scratch / "swapped.nii.gz"));
  expect_same_image(scratch / "swapped.nii.gz");

  // Bytes after the gzip member (ignored, as zlib's gzread does) and plain bytes named .nii.gz: read
  // directly.
  write_gzip(scratch / "trailing.nii.gz", bytes);
  write_bytes(scratch / "trailing.nii.gz", read_bytes(scratch / "trailing.nii.gz") + "garbage!");
  write_bytes(scratch / "plain.nii.gz", bytes);
  for (const char* name : {"trailing.nii.gz", "plain.nii.gz"}) {
    expect_read_directly(scratch / name);
    expect_same_image(scratch / name);
    expect_same_mask(scratch / name, 1);
  }
}
