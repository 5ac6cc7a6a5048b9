#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <string>

#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "io/scratch_directory.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;
using radstudy::InputError;
using radstudy::io::read_image;
using radstudy::testing::read_bytes;
using radstudy::testing::ScratchDirectory;
using radstudy::testing::shared_dir;
using radstudy::testing::write_bytes;

namespace {

// Reads the DICOM directory and the NIfTI with io::read_image and requires the same grid (within 1e-3 mm)
// and the same value in every voxel.
void expect_dicom_equals_nifti(const fs::path& dicom_directory, const fs::path& nifti) {
  const auto from_dicom = read_image(dicom_directory.string());
  const auto from_nifti = read_image(nifti.string());
  const auto& dicom_grid = from_dicom.geometry();
  const auto& nifti_grid = from_nifti.geometry();
  ASSERT_EQ(dicom_grid.size, nifti_grid.size);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_NEAR(dicom_grid.spacing[axis], nifti_grid.spacing[axis], 1e-3) << "spacing axis " << axis;
    EXPECT_NEAR(dicom_grid.origin[axis], nifti_grid.origin[axis], 1e-3) << "origin axis " << axis;
  }
  for (int k = 0; k < 9; ++k)
    EXPECT_NEAR(dicom_grid.direction[k], nifti_grid.direction[k], 1e-6) << "direction " << k;
  std::size_t different = 0;
  double largest_difference = 0.0;
  for (std::size_t k = 0; k < from_dicom.voxel_count(); ++k) {
    const double difference = std::abs(double(from_dicom.voxels()[k]) - double(from_nifti.voxels()[k]));
    different += difference > 0.0;
    largest_difference = std::max(largest_difference, difference);
  }
  EXPECT_EQ(different, 0u) << "largest difference " << largest_difference;
  std::printf("%s: %zux%zux%zu voxels, %zu differ from the NIfTI (largest difference %g)\n",
              dicom_directory.string().c_str(), dicom_grid.size[0], dicom_grid.size[1], dicom_grid.size[2],
              different, largest_difference);
}

// Copies the regular files of `from` into `to`, except the ones named in `skip`.
void copy_files(const fs::path& from, const fs::path& to, const std::vector<std::string>& skip = {}) {
  for (const auto& entry : fs::directory_iterator(from))
    if (std::find(skip.begin(), skip.end(), entry.path().filename().string()) == skip.end())
      fs::copy_file(entry.path(), to / entry.path().filename());
}

std::string error_of(const fs::path& directory) {
  try {
    read_image(directory.string());
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

const char* kStsSeries = "data/sts/dicom/STS_001/ct";

}  // namespace

TEST(DicomSeries, IbsiCtPhantomEqualsNifti) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/dicom/image");
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/image.nii.gz");
  expect_dicom_equals_nifti(shared_dir() / "data/ibsi1/ct_phantom/dicom/image",
                            shared_dir() / "data/ibsi1/ct_phantom/nifti/image.nii.gz");
}

TEST(DicomSeries, Sts001EqualsNifti) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/ct");
  expect_dicom_equals_nifti(shared_dir() / "data/sts/dicom/STS_001/ct",
                            shared_dir() / "data/sts/STS_001/ct_image.nii.gz");
}

TEST(DicomSeries, Sts002EqualsNifti) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_002/ct");
  expect_dicom_equals_nifti(shared_dir() / "data/sts/dicom/STS_002/ct",
                            shared_dir() / "data/sts/STS_002/ct_image.nii.gz");
}

TEST(DicomSeries, RescaleInterceptIsApplied) {
  // The IBSI phantom stores unsigned values with RescaleIntercept -1000: air must come out near -1000 HU.
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/dicom/image");
  const auto image = read_image((shared_dir() / "data/ibsi1/ct_phantom/dicom/image").string());
  const auto [lowest, highest] = std::minmax_element(image.voxels().begin(), image.voxels().end());
  EXPECT_LE(*lowest, -900.0f);
  EXPECT_GE(*highest, 0.0f);
}

TEST(DicomSeries, SliceSpacingIsFreeOfDecimalNoise) {
  // Positions 76.5999984741211 ... -100.40000152587 over 59 gaps: 3 mm exactly, as the NIfTI has it.
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/dicom/image");
  const auto image = read_image((shared_dir() / "data/ibsi1/ct_phantom/dicom/image").string());
  EXPECT_EQ(image.geometry().spacing[2], 3.0);
}

TEST(DicomSeries, SortsSlicesByPositionNotByFileName) {
  // The IBSI phantom's file names run from head to feet; renaming them in reverse must change nothing.
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/dicom/image");
  const fs::path source = shared_dir() / "data/ibsi1/ct_phantom/dicom/image";
  ScratchDirectory scratch;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(source)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (std::size_t k = 0; k < files.size(); ++k)
    fs::copy_file(files[k], scratch / ("slice_" + std::to_string(files.size() - k) + ".dcm"));
  const auto original = read_image(source.string());
  const auto renamed = read_image(scratch.path().string());
  EXPECT_EQ(original.geometry().origin, renamed.geometry().origin);
  EXPECT_TRUE(original.voxels() == renamed.voxels());
}

TEST(DicomSeries, EmptyDirectoryIsAnError) {
  ScratchDirectory scratch;
  EXPECT_NE(error_of(scratch.path()).find("no DICOM image"), std::string::npos) << error_of(scratch.path());
}

TEST(DicomSeries, DirectoryWithoutImagesIsAnError) {
  // An RTSTRUCT alone is DICOM but holds no image.
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/rtstruct/RS.dcm");
  ScratchDirectory scratch;
  fs::copy_file(shared_dir() / "data/sts/dicom/STS_001/rtstruct/RS.dcm", scratch / "RS.dcm");
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("no DICOM image"), std::string::npos) << message;
}

TEST(DicomSeries, RtstructBesideTheSeriesIsIgnored) {
  RADSTUDY_REQUIRE_SHARED(kStsSeries);
  ScratchDirectory scratch;
  copy_files(shared_dir() / kStsSeries, scratch.path());
  fs::copy_file(shared_dir() / "data/sts/dicom/STS_001/rtstruct/RS.dcm", scratch / "RS.dcm");
  EXPECT_EQ(read_image(scratch.path().string()).geometry().size[2], 59u);
}

TEST(DicomSeries, MixedSeriesIsAnErrorListingThem) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_002/ct");
  ScratchDirectory scratch;
  copy_files(shared_dir() / kStsSeries, scratch.path());
  fs::copy_file(shared_dir() / "data/sts/dicom/STS_002/ct/000000.dcm", scratch / "other_series.dcm");
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("mixes DICOM series"), std::string::npos) << message;
  EXPECT_NE(message.find("1.3.6.1.4.1.14519.5.2.1.5168.1900.449841255123215696894565592289 (59 images"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("(1 images"), std::string::npos) << message;
}

TEST(DicomSeries, MissingSliceIsAnError) {
  RADSTUDY_REQUIRE_SHARED(kStsSeries);
  ScratchDirectory scratch;
  copy_files(shared_dir() / kStsSeries, scratch.path(), {"000020.dcm"});
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("1 slice(s) missing between 000019.dcm and 000021.dcm"), std::string::npos)
      << message;
}

TEST(DicomSeries, NonUniformSpacingIsAnError) {
  // Move slice 10 (z = -848.62 mm) by 1 mm, keeping the DS value's length so the file stays valid.
  RADSTUDY_REQUIRE_SHARED(kStsSeries);
  ScratchDirectory scratch;
  copy_files(shared_dir() / kStsSeries, scratch.path());
  std::string bytes = read_bytes(scratch / "000010.dcm");
  const auto at = bytes.find("\\-848.62000000000");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 17, "\\-847.62000000000");
  write_bytes(scratch / "000010.dcm", bytes);
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("non-uniform slice spacing"), std::string::npos) << message;
}

TEST(DicomSeries, DuplicatePositionIsAnError) {
  RADSTUDY_REQUIRE_SHARED(kStsSeries);
  ScratchDirectory scratch;
  copy_files(shared_dir() / kStsSeries, scratch.path());
  fs::copy_file(scratch / "000005.dcm", scratch / "000005_copy.dcm");
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("at the same position"), std::string::npos) << message;
}

TEST(DicomSeries, TruncatedFileIsAnErrorNamingIt) {
  RADSTUDY_REQUIRE_SHARED(kStsSeries);
  ScratchDirectory scratch;
  copy_files(shared_dir() / kStsSeries, scratch.path());
  const std::string bytes = read_bytes(scratch / "000030.dcm");
  write_bytes(scratch / "000030.dcm", bytes.substr(0, bytes.size() - 20000));
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("000030.dcm"), std::string::npos) << message;
  EXPECT_NE(message.find("corrupt"), std::string::npos) << message;
}

TEST(DicomSeries, FilesThatAreNotDicomArePassedOver) {
  RADSTUDY_REQUIRE_SHARED(kStsSeries);
  ScratchDirectory scratch;
  copy_files(shared_dir() / kStsSeries, scratch.path());
  write_bytes(scratch / "notes.txt", "These are not DICOM data, just a few words of text.\n");
  write_bytes(scratch / "Thumbs.db",
              std::string("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) + std::string(600, '\0'));
  write_bytes(scratch / "empty", "");
  const auto with_notes = read_image(scratch.path().string());
  const auto clean = read_image((shared_dir() / kStsSeries).string());
  EXPECT_EQ(with_notes.size(), clean.size());
  EXPECT_EQ(with_notes.voxels(), clean.voxels());
  // A file with the DICOM magic that DCMTK cannot parse stays an error naming it.
  const std::string slice = read_bytes(scratch / "000030.dcm");
  write_bytes(scratch / "000030.dcm", slice.substr(0, 132) + std::string("\x28\x00\x10\x00US\xff\x7f", 8));
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("000030.dcm"), std::string::npos) << message;
  EXPECT_EQ(message.find("notes.txt"), std::string::npos) << message;
}

TEST(DicomSeries, FolderWithoutDicomFilesSaysSo) {
  ScratchDirectory scratch;
  write_bytes(scratch / "notes.txt", "not DICOM\n");
  const std::string message = error_of(scratch.path());
  EXPECT_NE(message.find("no DICOM image"), std::string::npos) << message;
}

TEST(DicomSeries, MissingDirectoryIsAnError) {
  EXPECT_THROW(read_image("/nonexistent/radstudy/dicom_directory"), InputError);
}
