#include "io/rtstruct.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/errors.hpp"
#include "io/image_io.hpp"
#include "io/scratch_directory.hpp"
#include "study/rtstruct_mask.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;
using radstudy::InputError;
using radstudy::testing::ScratchDirectory;
using radstudy::testing::shared_dir;

namespace {

struct Agreement {
  std::size_t rtstruct_voxels = 0;
  std::size_t nifti_voxels = 0;
  std::size_t both = 0;
  double dice() const { return 2.0 * double(both) / double(rtstruct_voxels + nifti_voxels); }
  double relative_volume_difference() const {
    return (double(rtstruct_voxels) - double(nifti_voxels)) / double(nifti_voxels);
  }
};

// Rasterises the ROI of the RTSTRUCT onto the grid of the DICOM series and compares it with the NIfTI mask.
Agreement compare_with_nifti_mask(const std::string& series, const std::string& rtstruct,
                                  const std::string& roi, const std::string& nifti_mask) {
  const auto image = radstudy::io::read_image((shared_dir() / series).string());
  const auto from_rtstruct =
      radstudy::study::read_rtstruct_mask((shared_dir() / rtstruct).string(), roi, image.geometry());
  const auto reference = radstudy::io::read_label_mask((shared_dir() / nifti_mask).string(), 1);
  EXPECT_TRUE(reference.geometry().same_grid(image.geometry())) << "the NIfTI mask is not on the DICOM grid";
  EXPECT_EQ(reference.voxel_count(), from_rtstruct.voxel_count());
  Agreement agreement;
  for (std::size_t k = 0; k < from_rtstruct.voxel_count() && k < reference.voxel_count(); ++k) {
    const bool ours = from_rtstruct.voxels()[k] != 0;
    const bool theirs = reference.voxels()[k] != 0;
    agreement.rtstruct_voxels += ours;
    agreement.nifti_voxels += theirs;
    agreement.both += ours && theirs;
  }
  std::printf(
      "%s ROI %s: %zu voxels from the RTSTRUCT, %zu in the NIfTI mask (difference %+ld, %+.3f%%), "
      "%zu in both, Dice %.5f\n",
      rtstruct.c_str(), roi.c_str(), agreement.rtstruct_voxels, agreement.nifti_voxels,
      long(agreement.rtstruct_voxels) - long(agreement.nifti_voxels),
      100.0 * agreement.relative_volume_difference(), agreement.both, agreement.dice());
  return agreement;
}

// An STS case's GTV_Mass_CT from its DICOM RTSTRUCT against its NIfTI mask.
void expect_sts_rtstruct_matches_nifti_mask(const std::string& case_id) {
  const std::string dicom = "data/sts/dicom/" + case_id;
  const auto agreement = compare_with_nifti_mask(dicom + "/ct", dicom + "/rtstruct/RS.dcm", "GTV_Mass_CT",
                                                 "data/sts/" + case_id + "/ct_mask.nii.gz");
  EXPECT_LE(std::abs(agreement.relative_volume_difference()), 0.03);  // the acceptance bar
  EXPECT_EQ(agreement.both, agreement.nifti_voxels);                  // what the rule achieves
  EXPECT_EQ(agreement.rtstruct_voxels, agreement.nifti_voxels);
}

std::string error_of(const std::string& rtstruct_path, const std::string& roi) {
  try {
    radstudy::io::read_rtstruct_contours(rtstruct_path, roi);
  } catch (const InputError& error) {
    return error.what();
  }
  return "no error";
}

const char* kIbsiRtstruct = "data/ibsi1/ct_phantom/dicom/rtstruct/DCM_RS_00060.dcm";

}  // namespace

TEST(Rtstruct, IbsiCtPhantomMatchesNiftiMask) {
  RADSTUDY_REQUIRE_SHARED(kIbsiRtstruct);
  const auto agreement = compare_with_nifti_mask("data/ibsi1/ct_phantom/dicom/image", kIbsiRtstruct, "GTV-1",
                                                 "data/ibsi1/ct_phantom/nifti/mask.nii.gz");
  EXPECT_EQ(agreement.nifti_voxels, 125256u);
  // The rasterisation rule reproduces MIRP's conversion voxel for voxel.
  EXPECT_EQ(agreement.rtstruct_voxels, agreement.nifti_voxels);
  EXPECT_EQ(agreement.both, agreement.nifti_voxels);
}

TEST(Rtstruct, Sts001VolumeWithinThreePercentOfNiftiMask) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/rtstruct/RS.dcm");
  expect_sts_rtstruct_matches_nifti_mask("STS_001");
}

TEST(Rtstruct, Sts002VolumeWithinThreePercentOfNiftiMask) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_002/rtstruct/RS.dcm");
  expect_sts_rtstruct_matches_nifti_mask("STS_002");
}

TEST(Rtstruct, ReadsClosedPlanarContoursInPatientCoordinates) {
  RADSTUDY_REQUIRE_SHARED(kIbsiRtstruct);
  const auto contours =
      radstudy::io::read_rtstruct_contours((shared_dir() / kIbsiRtstruct).string(), "GTV-1");
  ASSERT_EQ(contours.size(), 26u);
  EXPECT_EQ(contours.front().points.size(), 141u);
  for (const auto& contour : contours)
    for (const auto& point : contour.points) EXPECT_DOUBLE_EQ(point[2], contour.points.front()[2]);
}

TEST(Rtstruct, MissingFileIsAnError) {
  const std::string message = error_of("/nonexistent/radstudy/RS.dcm", "GTV-1");
  EXPECT_NE(message.find("no such RTSTRUCT file"), std::string::npos) << message;
}

TEST(Rtstruct, FileThatIsNotDicomIsAnError) {
  ScratchDirectory scratch;
  radstudy::testing::write_bytes(scratch / "RS.dcm", "this is a text file, not an RT structure set\n");
  const std::string message = error_of((scratch / "RS.dcm").string(), "GTV-1");
  EXPECT_NE(message.find("not a DICOM file"), std::string::npos) << message;
}

TEST(Rtstruct, DicomImageInsteadOfRtstructIsAnError) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/ct/000000.dcm");
  const std::string message =
      error_of((shared_dir() / "data/sts/dicom/STS_001/ct/000000.dcm").string(), "GTV_Mass_CT");
  EXPECT_NE(message.find("not a DICOM RTSTRUCT (Modality is 'CT')"), std::string::npos) << message;
}

TEST(Rtstruct, AbsentRoiNameListsTheRoisPresent) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/rtstruct/RS.dcm");
  const std::string message =
      error_of((shared_dir() / "data/sts/dicom/STS_001/rtstruct/RS.dcm").string(), "GTV-1");
  EXPECT_NE(message.find("no ROI named 'GTV-1'"), std::string::npos) << message;
  EXPECT_NE(message.find("'GTV_Mass_CT'"), std::string::npos) << message;
}

TEST(Rtstruct, ContoursOffTheImageGridAreAnError) {
  // The IBSI phantom's contours do not lie on STS_001's slices.
  RADSTUDY_REQUIRE_SHARED(kIbsiRtstruct);
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/ct");
  const auto image = radstudy::io::read_image((shared_dir() / "data/sts/dicom/STS_001/ct").string());
  EXPECT_THROW(
      radstudy::study::read_rtstruct_mask((shared_dir() / kIbsiRtstruct).string(), "GTV-1", image.geometry()),
      InputError);
}

TEST(Rtstruct, RoiNamesAreGivenForAnRtstructOnly) {
  RADSTUDY_REQUIRE_SHARED("data/sts/dicom/STS_001/rtstruct/RS.dcm");
  const auto names =
      radstudy::io::rtstruct_roi_names((shared_dir() / "data/sts/dicom/STS_001/rtstruct/RS.dcm").string());
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, std::vector<std::string>{"GTV_Mass_CT"});
  for (const char* other : {"data/sts/dicom/STS_001/ct/000000.dcm", "data/sts/dicom/STS_001/ct",
                            "data/sts/STS_001/ct_mask.nii.gz"})
    EXPECT_FALSE(radstudy::io::rtstruct_roi_names((shared_dir() / other).string()).has_value()) << other;
  ScratchDirectory scratch;
  radstudy::testing::write_bytes(scratch / "notes.dcm", "not DICOM\n");
  EXPECT_FALSE(radstudy::io::rtstruct_roi_names((scratch / "notes.dcm").string()).has_value());
}
