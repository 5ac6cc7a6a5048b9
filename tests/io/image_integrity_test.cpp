// Damaged image files are refused with a message naming the file and the problem, never read as other
// voxels: truncated files, gzip streams with flipped bits, headers whose sizes, offsets, spacing or
// orientation cannot be right, images of more than three axes; for NIfTI, NRRD, MetaImage and DICOM.
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

#include "cli/cli_runner.hpp"
#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "io/image_io.hpp"
#include "io/scratch_directory.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;
using radstudy::InputError;
using radstudy::io::read_image;
using radstudy::io::read_label_mask;
using radstudy::testing::read_bytes;
using radstudy::testing::ScratchDirectory;
using radstudy::testing::shared_dir;
using radstudy::testing::write_bytes;

namespace {

const char* kStsCase = "data/sts/STS_031";
const char* kBrain1 = "data/pyradiomics/brain1";

std::string gzip_bytes(const std::string& bytes) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, bytes.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string gunzip_file(const fs::path& path) {
  gzFile file = gzopen(path.c_str(), "rb");
  std::string bytes;
  char buffer[1 << 16];
  for (int read; (read = gzread(file, buffer, sizeof buffer)) > 0;)
    bytes.append(buffer, static_cast<std::size_t>(read));
  gzclose(file);
  return bytes;
}

// The message of reading `path` as an image (or as a mask of label 1), or "" when it reads.
std::string image_error(const fs::path& path) {
  try {
    read_image(path.string());
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

std::string mask_error(const fs::path& path) {
  try {
    read_label_mask(path.string(), 1);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

#define EXPECT_REFUSED(message, path, words)                                           \
  do {                                                                                 \
    const std::string refusal = (message);                                             \
    EXPECT_NE(refusal, "") << (path) << " was read";                                   \
    EXPECT_NE(refusal.find((path).filename().string()), std::string::npos) << refusal; \
    EXPECT_NE(refusal.find(words), std::string::npos) << refusal;                      \
  } while (0)

template <typename T>
void put(std::string& bytes, std::size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof(T));
}

// The STS case's image as uncompressed NIfTI-1 bytes (header, extension flag, int16 voxels).
std::string sts_nifti_bytes() {
  return gunzip_file(shared_dir() / kStsCase / "ct_image.nii.gz");
}

// Writes the STS image with one header change, gzip-compressed, and returns the reading's message.
template <typename T>
std::string error_with_header_field(const ScratchDirectory& scratch, const std::string& name,
                                    std::size_t offset, T value) {
  std::string bytes = sts_nifti_bytes();
  put(bytes, offset, value);
  write_bytes(scratch / name, gzip_bytes(bytes));
  return image_error(scratch / name);
}

// Where the DEFLATE data of the gzip member at `start` begins (after the flags' optional fields).
std::size_t deflate_start(const std::string& bytes, std::size_t start) {
  const auto flags = static_cast<unsigned char>(bytes[start + 3]);
  std::size_t position = start + 10;
  if (flags & 4)
    position += 2 + (static_cast<unsigned char>(bytes[position]) |
                     (static_cast<unsigned char>(bytes[position + 1]) << 8));
  if (flags & 8) position = bytes.find('\0', position) + 1;
  if (flags & 16) position = bytes.find('\0', position) + 1;
  if (flags & 2) position += 2;
  return position;
}

bool same_voxels(const radstudy::core::IntensityImage& a, const radstudy::core::IntensityImage& b) {
  return a.geometry().size == b.geometry().size &&
         std::memcmp(a.voxels().data(), b.voxels().data(), a.voxels().size() * sizeof(float)) == 0;
}

// Copies `source` to `damaged` with bits flipped at 20 seeded positions of its DEFLATE stream (one flip
// per copy); each copy must be refused, or read as exactly the original voxels (a flip in padding bits).
void expect_bit_flips_refused(const fs::path& source, std::size_t gzip_offset, const fs::path& damaged) {
  SCOPED_TRACE(source.string());
  const std::string bytes = read_bytes(source);
  const auto original = read_image(source.string());
  const std::size_t first = deflate_start(bytes, gzip_offset) + 1;
  const std::size_t last = bytes.size() - 9;  // before the last byte of DEFLATE data and the trailer
  radstudy::core::SeededRandom random(20261204);
  std::size_t refused = 0, identical = 0;
  for (int flip = 0; flip < 20; ++flip) {
    std::string copy = bytes;
    const std::size_t position = first + random.below(last - first);
    copy[position] = static_cast<char>(copy[position] ^ (1 << random.below(8)));
    write_bytes(damaged, copy);
    try {
      const auto read = read_image(damaged.string());
      EXPECT_TRUE(same_voxels(read, original))
          << "a flipped bit at byte " << position << " was read as other voxels";
      ++identical;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find(damaged.filename().string()), std::string::npos)
          << error.what();
      ++refused;
    }
  }
  std::printf(
      "%s: 20 single-bit flips in the compressed stream: %zu refused, %zu read as the original voxels\n",
      source.filename().string().c_str(), refused, identical);
  EXPECT_GE(refused, 19U);
}

// Copies `source` cut at 20 offsets spread over the file; every cut must be refused.
template <typename Read>
void expect_truncations_refused(const fs::path& source, const fs::path& damaged, Read&& read) {
  SCOPED_TRACE(source.string());
  const std::string bytes = read_bytes(source);
  for (int cut = 0; cut < 20; ++cut) {
    const std::size_t length =
        std::min(bytes.size() - 1, bytes.size() * static_cast<std::size_t>(cut) / 20 + (cut == 0 ? 0 : 7));
    write_bytes(damaged, bytes.substr(0, length));
    const std::string message = read(damaged);
    EXPECT_NE(message, "") << "cut at " << length << " of " << bytes.size() << " bytes was read";
  }
}

}  // namespace

TEST(ImageIntegrity, TruncatedNiftiIsRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  const std::string image = read_bytes(shared_dir() / kStsCase / "ct_image.nii.gz");
  const std::string mask = read_bytes(shared_dir() / kStsCase / "ct_mask.nii.gz");
  write_bytes(scratch / "cut_1000.nii.gz", image.substr(0, 1000));
  write_bytes(scratch / "cut_half.nii.gz", image.substr(0, image.size() / 2));
  write_bytes(scratch / "header_only.nii", sts_nifti_bytes().substr(0, 352));
  write_bytes(scratch / "mask_half.nii.gz", mask.substr(0, mask.size() / 2));
  EXPECT_REFUSED(image_error(scratch / "cut_1000.nii.gz"), scratch / "cut_1000.nii.gz", "truncated");
  EXPECT_REFUSED(image_error(scratch / "cut_half.nii.gz"), scratch / "cut_half.nii.gz", "truncated");
  EXPECT_REFUSED(image_error(scratch / "header_only.nii"), scratch / "header_only.nii", "the file holds 0");
  EXPECT_REFUSED(mask_error(scratch / "mask_half.nii.gz"), scratch / "mask_half.nii.gz", "truncated");
  // Voxel data cut short inside an intact gzip stream.
  write_bytes(scratch / "short_data.nii.gz", gzip_bytes(sts_nifti_bytes().substr(0, 1000000)));
  EXPECT_REFUSED(image_error(scratch / "short_data.nii.gz"), scratch / "short_data.nii.gz",
                 "need 5318460 bytes of voxel data");
}

TEST(ImageIntegrity, GzipChecksumMismatchIsRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  std::string image = read_bytes(shared_dir() / kStsCase / "ct_image.nii.gz");
  image[image.size() - 6] ^= 0x10;  // the CRC-32
  write_bytes(scratch / "crc.nii.gz", image);
  EXPECT_REFUSED(image_error(scratch / "crc.nii.gz"), scratch / "crc.nii.gz", "CRC-32");
  image = read_bytes(shared_dir() / kStsCase / "ct_image.nii.gz");
  image[image.size() / 3] = static_cast<char>(image[image.size() / 3] ^ 0x04);
  write_bytes(scratch / "flip.nii.gz", image);
  EXPECT_REFUSED(image_error(scratch / "flip.nii.gz"), scratch / "flip.nii.gz", "damaged");
}

TEST(ImageIntegrity, VoxelOffsetOutsideTheFileOrUnalignedIsRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  EXPECT_REFUSED(error_with_header_field(scratch, "past_end.nii.gz", 108, 1e8F), scratch / "past_end.nii.gz",
                 "from byte 100000000");
  EXPECT_REFUSED(error_with_header_field(scratch, "unaligned.nii.gz", 108, 353.0F),
                 scratch / "unaligned.nii.gz", "multiple of 16");
  EXPECT_REFUSED(error_with_header_field(scratch, "inside_header.nii.gz", 108, 0.0F),
                 scratch / "inside_header.nii.gz", "at least 352");
  EXPECT_REFUSED(error_with_header_field(scratch, "shifted.nii.gz", 108, 368.0F), scratch / "shifted.nii.gz",
                 "truncated");
  EXPECT_REFUSED(error_with_header_field(scratch, "nan_offset.nii.gz", 108, std::nanf("")),
                 scratch / "nan_offset.nii.gz", "vox_offset");
}

TEST(ImageIntegrity, HeaderClaimingMoreVoxelsThanTheFileHoldsIsRefusedBeforeAllocating) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  std::string bytes = sts_nifti_bytes();
  for (std::size_t axis = 1; axis <= 3; ++axis) put<std::int16_t>(bytes, 40 + 2 * axis, 1000);
  write_bytes(scratch / "huge.nii.gz", gzip_bytes(bytes));
  EXPECT_REFUSED(image_error(scratch / "huge.nii.gz"), scratch / "huge.nii.gz",
                 "1000 x 1000 x 1000 voxels of 2 bytes need 2000000000 bytes");
  // Through the command, in bounded memory: the peak resident size stays far below 1 GB.
  if (!fs::exists("/usr/bin/time")) GTEST_SKIP() << "/usr/bin/time is not installed (Debian package time)";
  const fs::path mask = shared_dir() / kStsCase / "ct_mask.nii.gz";
  const std::string command = "/usr/bin/time -f 'peak_kb=%M' \"" + radstudy::testing::binary_path() +
                              "\" extract --image \"" + (scratch / "huge.nii.gz").string() + "\" --mask \"" +
                              mask.string() + "\" --out \"" + (scratch / "out.csv").string() + "\" 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  while (std::size_t read = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, read);
  const int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 1) << output;
  const auto peak = output.find("peak_kb=");
  ASSERT_NE(peak, std::string::npos) << output;
  EXPECT_LT(std::stol(output.substr(peak + 8)), 1'000'000) << output;
  EXPECT_FALSE(fs::exists(scratch / "out.csv"));
}

TEST(ImageIntegrity, SpacingThatIsZeroNanOrNegativeIsRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  EXPECT_REFUSED(error_with_header_field(scratch, "zero.nii.gz", 80, 0.0F), scratch / "zero.nii.gz",
                 "pixdim[1]");
  EXPECT_REFUSED(error_with_header_field(scratch, "nan.nii.gz", 84, std::nanf("")), scratch / "nan.nii.gz",
                 "pixdim[2]");
  EXPECT_REFUSED(error_with_header_field(scratch, "negative.nii.gz", 88, -2.0F), scratch / "negative.nii.gz",
                 "pixdim[3]");
  EXPECT_REFUSED(
      error_with_header_field(scratch, "infinite.nii.gz", 88, std::numeric_limits<float>::infinity()),
      scratch / "infinite.nii.gz", "pixdim[3]");
}

TEST(ImageIntegrity, OrientationThatIsNotFiniteOrSingularIsRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  std::string bytes = sts_nifti_bytes();
  put<std::int16_t>(bytes, 254, 1);  // sform_code
  const float sform[12] = {-0.9F, 0, 0, 90, 0, -0.9F, 0, 60, 0, 0, 3, -800};
  for (int k = 0; k < 12; ++k) put<float>(bytes, 280 + 4 * static_cast<std::size_t>(k), sform[k]);
  write_bytes(scratch / "sform.nii.gz", gzip_bytes(bytes));
  EXPECT_EQ(image_error(scratch / "sform.nii.gz"), "");  // a valid sform reads
  put<float>(bytes, 284, std::nanf(""));
  write_bytes(scratch / "sform_nan.nii.gz", gzip_bytes(bytes));
  EXPECT_REFUSED(image_error(scratch / "sform_nan.nii.gz"), scratch / "sform_nan.nii.gz", "srow_x[1]");
  EXPECT_REFUSED(mask_error(scratch / "sform_nan.nii.gz"), scratch / "sform_nan.nii.gz", "sform");
  for (int k = 0; k < 12; ++k) put<float>(bytes, 280 + 4 * static_cast<std::size_t>(k), 0.0F);
  write_bytes(scratch / "sform_zero.nii.gz", gzip_bytes(bytes));
  EXPECT_REFUSED(image_error(scratch / "sform_zero.nii.gz"), scratch / "sform_zero.nii.gz", "singular");
  EXPECT_REFUSED(error_with_header_field(scratch, "quaternion_nan.nii.gz", 260, std::nanf("")),
                 scratch / "quaternion_nan.nii.gz", "quatern_c");
  EXPECT_REFUSED(
      error_with_header_field(scratch, "qoffset_inf.nii.gz", 276, -std::numeric_limits<float>::infinity()),
      scratch / "qoffset_inf.nii.gz", "qoffset_z");
}

TEST(ImageIntegrity, NanSformInABatchIsAnErrorRowAndTheOthersComplete) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  std::string bytes = sts_nifti_bytes();
  put<std::int16_t>(bytes, 254, 1);
  for (int k = 0; k < 12; ++k) put<float>(bytes, 280 + 4 * static_cast<std::size_t>(k), std::nanf(""));
  write_bytes(scratch / "bad.nii.gz", gzip_bytes(bytes));
  const fs::path sts = shared_dir() / kStsCase;
  write_bytes(scratch / "cases.csv", "id,image,mask\ngood1," + (sts / "ct_image.nii.gz").string() + "," +
                                         (sts / "ct_mask.nii.gz").string() + "\nbad,bad.nii.gz," +
                                         (sts / "ct_mask.nii.gz").string() + "\ngood2," +
                                         (sts / "ct_image.nii.gz").string() + "," +
                                         (sts / "ct_mask.nii.gz").string() + "\n");
  const auto result =
      radstudy::testing::run_radstudy("extract --manifest \"" + (scratch / "cases.csv").string() +
                                      "\" --out \"" + (scratch / "out.csv").string() + "\"");
  EXPECT_EQ(result.exit_code, 3) << result.output;
  const std::string table = read_bytes(scratch / "out.csv");
  EXPECT_NE(table.find("srow_x[0]"), std::string::npos) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 4) << table;
}

TEST(ImageIntegrity, MoreThanThreeAxesAreRefusedUnlessTheExtraAxesHaveOneVoxel) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  const std::string bytes = sts_nifti_bytes();
  const std::string voxels = bytes.substr(352);
  std::string four = bytes;
  put<std::int16_t>(four, 40, 4);
  put<std::int16_t>(four, 48, 2);
  write_bytes(scratch / "four.nii.gz", gzip_bytes(four + voxels));
  EXPECT_REFUSED(image_error(scratch / "four.nii.gz"), scratch / "four.nii.gz",
                 "a 4D image (2 along axis 4)");
  std::string five = bytes;
  put<std::int16_t>(five, 40, 5);
  put<std::int16_t>(five, 48, 1);
  put<std::int16_t>(five, 50, 3);
  write_bytes(scratch / "five.nii.gz", gzip_bytes(five + voxels + voxels));
  EXPECT_REFUSED(image_error(scratch / "five.nii.gz"), scratch / "five.nii.gz",
                 "a 5D image (3 along axis 5)");
  std::string single_volume = bytes;
  put<std::int16_t>(single_volume, 40, 4);
  put<std::int16_t>(single_volume, 48, 1);
  write_bytes(scratch / "single_volume.nii.gz", gzip_bytes(single_volume));
  EXPECT_EQ(image_error(scratch / "single_volume.nii.gz"), "");
}

TEST(ImageIntegrity, InconsistentDatatypeIsRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  ScratchDirectory scratch;
  EXPECT_REFUSED(error_with_header_field(scratch, "bitpix.nii.gz", 72, std::int16_t{32}),
                 scratch / "bitpix.nii.gz", "bitpix is 32");
  EXPECT_REFUSED(error_with_header_field(scratch, "rgb.nii.gz", 70, std::int16_t{128}),
                 scratch / "rgb.nii.gz", "RGB24");
  EXPECT_REFUSED(error_with_header_field(scratch, "size.nii.gz", 0, std::int32_t{349}),
                 scratch / "size.nii.gz", "not a NIfTI file");
  EXPECT_REFUSED(error_with_header_field(scratch, "slope.nii.gz", 112, std::nanf("")),
                 scratch / "slope.nii.gz", "scl_slope");
}

TEST(ImageIntegrity, DamagedNrrdIsRefused) {
  RADSTUDY_REQUIRE_SHARED(kBrain1);
  ScratchDirectory scratch;
  const std::string image = read_bytes(shared_dir() / kBrain1 / "image.nrrd");
  const std::size_t data_start = image.find("\n\n") + 2;
  write_bytes(scratch / "half.nrrd", image.substr(0, image.size() / 2));
  EXPECT_REFUSED(image_error(scratch / "half.nrrd"), scratch / "half.nrrd", "truncated");
  write_bytes(scratch / "header.nrrd", image.substr(0, data_start));
  EXPECT_REFUSED(image_error(scratch / "header.nrrd"), scratch / "header.nrrd", "no voxel data");
  std::string flipped = image;
  flipped[flipped.size() * 2 / 3] = static_cast<char>(flipped[flipped.size() * 2 / 3] ^ 0x20);
  write_bytes(scratch / "flip.nrrd", flipped);
  EXPECT_REFUSED(image_error(scratch / "flip.nrrd"), scratch / "flip.nrrd", "damaged");

  // Raw data: a header over too few bytes; sizes of four axes; a skewed or NaN direction.
  const std::string header =
      "NRRD0004\ntype: short\ndimension: 3\nspace: left-posterior-superior\nsizes: 4 3 2\n"
      "space directions: (0.5,0,0) (0,0.5,0) (0,0,2)\nendian: little\nencoding: raw\nspace origin: "
      "(0,0,0)\n\n";
  const std::string voxels(4 * 3 * 2 * 2, '\1');
  write_bytes(scratch / "raw.nrrd", header + voxels);
  EXPECT_EQ(image_error(scratch / "raw.nrrd"), "");
  write_bytes(scratch / "raw_short.nrrd", header + voxels.substr(0, 40));
  EXPECT_REFUSED(image_error(scratch / "raw_short.nrrd"), scratch / "raw_short.nrrd", "need 48 bytes");
  std::string four = header;
  four.replace(four.find("dimension: 3"), 12, "dimension: 4");
  four.replace(four.find("sizes: 4 3 2"), 12, "sizes: 4 3 2 2");
  four.replace(four.find("(0,0,2)"), 7, "(0,0,2) none");
  write_bytes(scratch / "four.nrrd", four + voxels + voxels);
  EXPECT_REFUSED(image_error(scratch / "four.nrrd"), scratch / "four.nrrd", "4D image");
  for (const auto& [name, directions] : std::vector<std::pair<std::string, std::string>>{
           {"skew.nrrd", "(0.5,0,0) (0.3,0.5,0) (0,0,2)"}, {"nan.nrrd", "(nan,0,0) (0,0.5,0) (0,0,2)"}}) {
    std::string changed = header;
    changed.replace(changed.find("(0.5,0,0) (0,0.5,0) (0,0,2)"), 27, directions);
    write_bytes(scratch / name, changed + voxels);
    const std::string message = image_error(scratch / name);
    EXPECT_NE(message, "") << name;
    EXPECT_NE(message.find(name), std::string::npos) << message;
  }
  // Text, hex and bzip2 encodings claiming far more voxels than the file holds: refused before ITK allocates.
  for (const auto& [name, encoding, data] :
       std::vector<std::array<std::string, 3>>{{"ascii.nrrd", "ascii", "1 2 3\n"},
                                               {"hex.nrrd", "hex", "0102\n"},
                                               {"bzip2.nrrd", "bzip2", "BZh9"}}) {
    std::string changed = header;
    changed.replace(changed.find("sizes: 4 3 2"), 12, "sizes: 1000 1000 1000");
    changed.replace(changed.find("encoding: raw"), 13, "encoding: " + encoding);
    write_bytes(scratch / name, changed + data);
    EXPECT_REFUSED(image_error(scratch / name), scratch / name,
                   encoding == "bzip2" ? "not one radstudy reads" : "need");
  }
  // A detached header whose data file is short.
  write_bytes(scratch / "detached.nhdr", header.substr(0, header.size() - 1) + "data file: detached.raw\n");
  write_bytes(scratch / "detached.raw", voxels.substr(0, 30));
  EXPECT_REFUSED(image_error(scratch / "detached.nhdr"), scratch / "detached.raw", "need 48 bytes");
}

TEST(ImageIntegrity, DamagedMetaImageIsRefused) {
  ScratchDirectory scratch;
  const std::string header =
      "ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n"
      "Offset = 0 0 0\nElementSpacing = 0.5 0.5 2\nDimSize = 4 3 2\nElementType = MET_SHORT\n";
  const std::string voxels(4 * 3 * 2 * 2, '\2');
  write_bytes(scratch / "raw.mha", header + "ElementDataFile = LOCAL\n" + voxels);
  EXPECT_EQ(image_error(scratch / "raw.mha"), "");
  write_bytes(scratch / "raw_short.mha", header + "ElementDataFile = LOCAL\n" + voxels.substr(0, 47));
  EXPECT_REFUSED(image_error(scratch / "raw_short.mha"), scratch / "raw_short.mha", "need 48 bytes");
  write_bytes(scratch / "detached.mhd", header + "ElementDataFile = detached.raw\n");
  write_bytes(scratch / "detached.raw", voxels.substr(0, 20));
  EXPECT_REFUSED(image_error(scratch / "detached.mhd"), scratch / "detached.raw", "need 48 bytes");
  // Voxels spread over a list or a numbered pattern of files: refused (MetaIO divides by a zero step).
  write_bytes(scratch / "pattern.mhd", header + "ElementDataFile = slice%03d.raw 1 2 0\n");
  EXPECT_REFUSED(image_error(scratch / "pattern.mhd"), scratch / "pattern.mhd", "one data file");
  std::string four = header;
  four.replace(four.find("NDims = 3"), 9, "NDims = 4");
  four.replace(four.find("DimSize = 4 3 2"), 15, "DimSize = 4 3 2 3");
  write_bytes(scratch / "four.mha", four + "ElementDataFile = LOCAL\n" + voxels + voxels + voxels);
  EXPECT_REFUSED(image_error(scratch / "four.mha"), scratch / "four.mha", "4D image");

  // Compressed (as ITK writes it): truncated and flipped.
  radstudy::core::IntensityImage image;
  image.geometry().size = {40, 30, 20};
  image.voxels().resize(image.geometry().voxel_count());
  for (std::size_t k = 0; k < image.voxels().size(); ++k) image.voxels()[k] = static_cast<float>(k % 1000);
  radstudy::io::write_image(image, (scratch / "compressed.mha").string());
  EXPECT_EQ(image_error(scratch / "compressed.mha"), "");
  const std::string compressed = read_bytes(scratch / "compressed.mha");
  write_bytes(scratch / "compressed_cut.mha", compressed.substr(0, compressed.size() - 100));
  EXPECT_REFUSED(image_error(scratch / "compressed_cut.mha"), scratch / "compressed_cut.mha",
                 "damaged or truncated");
  std::string flipped = compressed;
  flipped[flipped.size() - 300] = static_cast<char>(flipped[flipped.size() - 300] ^ 0x01);
  write_bytes(scratch / "compressed_flip.mha", flipped);
  EXPECT_REFUSED(image_error(scratch / "compressed_flip.mha"), scratch / "compressed_flip.mha", "damaged");
}

TEST(ImageIntegrity, DicomPixelDataShorterThanTheFrameIsRefused) {
  const char* series = "data/sts/dicom/STS_001/ct";
  RADSTUDY_REQUIRE_SHARED(series);
  ScratchDirectory scratch;
  for (const auto& entry : fs::directory_iterator(shared_dir() / series))
    fs::copy_file(entry.path(), scratch / entry.path().filename());
  std::string slice = read_bytes(scratch / "000010.dcm");
  const std::string pixel_tag("\xE0\x7F\x10\x00", 4);
  const std::size_t tag = slice.rfind(pixel_tag);
  ASSERT_NE(tag, std::string::npos);
  const bool explicit_vr = slice.compare(tag + 4, 2, "OW") == 0 || slice.compare(tag + 4, 2, "OB") == 0;
  const std::size_t length_at = tag + (explicit_vr ? 8 : 4);
  std::uint32_t length = 0;
  std::memcpy(&length, slice.data() + length_at, 4);
  const std::uint32_t shorter = length - 2048;
  std::memcpy(slice.data() + length_at, &shorter, 4);
  slice.resize(slice.size() - 2048);
  write_bytes(scratch / "000010.dcm", slice);
  const std::string message = image_error(scratch.path());
  EXPECT_NE(message.find("000010.dcm"), std::string::npos) << message;
  EXPECT_NE(message.find("pixel data holds"), std::string::npos) << message;
}

// Acceptance: every shared test image cut at 20 offsets is refused.
TEST(ImageIntegrity, SharedImagesCutAtTwentyOffsetsAreRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  RADSTUDY_REQUIRE_SHARED(kBrain1);
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/ct");
  ScratchDirectory scratch;
  expect_truncations_refused(shared_dir() / kStsCase / "ct_image.nii.gz", scratch / "cut.nii.gz",
                             image_error);
  expect_truncations_refused(shared_dir() / kStsCase / "ct_mask.nii.gz", scratch / "cut_mask.nii.gz",
                             mask_error);
  expect_truncations_refused(shared_dir() / "data/ibsi1/ct_phantom/nifti/image.nii.gz",
                             scratch / "cut_ibsi.nii.gz", image_error);
  expect_truncations_refused(shared_dir() / "data/ibsi1/digital_phantom/mask.nii.gz",
                             scratch / "cut_phantom.nii.gz", mask_error);
  write_bytes(scratch / "sts.nii", sts_nifti_bytes());
  expect_truncations_refused(scratch / "sts.nii", scratch / "cut.nii", image_error);
  expect_truncations_refused(shared_dir() / kBrain1 / "image.nrrd", scratch / "cut.nrrd", image_error);
  expect_truncations_refused(shared_dir() / kBrain1 / "label.nrrd", scratch / "cut_label.nrrd", mask_error);
  // A DICOM slice, read as part of its series.
  const fs::path series = scratch / "series";
  fs::create_directories(series);
  for (const auto& entry : fs::directory_iterator(shared_dir() / "data/sts/dicom/STS_001/ct"))
    fs::copy_file(entry.path(), series / entry.path().filename());
  const std::string slice = read_bytes(series / "000020.dcm");
  write_bytes(scratch / "slice.dcm", slice);
  expect_truncations_refused(scratch / "slice.dcm", series / "000020.dcm",
                             [&](const fs::path&) { return image_error(series); });
}

// Acceptance: bits flipped in the compressed stream of every compressed shared format are refused.
TEST(ImageIntegrity, BitsFlippedInCompressedStreamsAreRefused) {
  RADSTUDY_REQUIRE_SHARED(kStsCase);
  RADSTUDY_REQUIRE_SHARED(kBrain1);
  ScratchDirectory scratch;
  expect_bit_flips_refused(shared_dir() / kStsCase / "ct_image.nii.gz", 0, scratch / "flip.nii.gz");
  expect_bit_flips_refused(shared_dir() / "data/ibsi1/ct_phantom/nifti/image.nii.gz", 0,
                           scratch / "flip2.nii.gz");
  const std::string brain1 = read_bytes(shared_dir() / kBrain1 / "image.nrrd");
  expect_bit_flips_refused(shared_dir() / kBrain1 / "image.nrrd", brain1.find("\n\n") + 2,
                           scratch / "flip.nrrd");
}
