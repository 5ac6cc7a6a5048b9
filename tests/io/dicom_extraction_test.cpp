// Acceptance: `radstudy extract` on the IBSI CT phantom's DICOM series + RTSTRUCT gives the features the
// NIfTI image + mask give (hence the config C reference values the IBSI reference test checks on the NIfTI).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>

#include "cli/cli_runner.hpp"
#include "core/csv.hpp"
#include "io/scratch_directory.hpp"
#include "test_data.hpp"

using radstudy::testing::run_radstudy;
using radstudy::testing::ScratchDirectory;
using radstudy::testing::shared_dir;
using radstudy::testing::shell_quoted;

TEST(DicomExtraction, IbsiPhantomConfigCFromDicomEqualsNifti) {
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/dicom/rtstruct/DCM_RS_00060.dcm");
  RADSTUDY_REQUIRE_SHARED("data/ibsi1/ct_phantom/nifti/mask.nii.gz");
  const auto phantom = shared_dir() / "data/ibsi1/ct_phantom";
  const auto params = std::filesystem::path(RADSTUDY_SOURCE_DIR) / "configs/ibsi1/config_C.yaml";
  ScratchDirectory scratch;
  const auto from_dicom =
      run_radstudy("extract --image " + shell_quoted(phantom / "dicom/image") + " --mask " +
                   shell_quoted(phantom / "dicom/rtstruct/DCM_RS_00060.dcm") + " --roi GTV-1 --params " +
                   shell_quoted(params) + " --out " + shell_quoted(scratch / "dicom.csv"));
  ASSERT_EQ(from_dicom.exit_code, 0) << from_dicom.output;
  const auto from_nifti =
      run_radstudy("extract --image " + shell_quoted(phantom / "nifti/image.nii.gz") + " --mask " +
                   shell_quoted(phantom / "nifti/mask.nii.gz") + " --params " + shell_quoted(params) +
                   " --out " + shell_quoted(scratch / "nifti.csv"));
  ASSERT_EQ(from_nifti.exit_code, 0) << from_nifti.output;

  const auto dicom = radstudy::core::read_csv((scratch / "dicom.csv").string());
  const auto nifti = radstudy::core::read_csv((scratch / "nifti.csv").string());
  ASSERT_EQ(dicom.header, nifti.header);
  ASSERT_EQ(dicom.rows.size(), 1u);
  ASSERT_EQ(nifti.rows.size(), 1u);
  std::size_t compared = 0;
  std::size_t equal = 0;
  for (std::size_t column = 0; column < dicom.header.size(); ++column) {
    const std::string& name = dicom.header[column];
    if (name == "id" || name == "error") continue;
    const double ours = std::strtod(dicom.rows[0][column].c_str(), nullptr);
    const double theirs = std::strtod(nifti.rows[0][column].c_str(), nullptr);
    ++compared;
    const bool same = ours == theirs || std::abs(ours - theirs) <= 1e-9 * std::abs(theirs);
    equal += same;
    EXPECT_TRUE(same) << name << ": DICOM " << dicom.rows[0][column] << ", NIfTI " << nifti.rows[0][column];
  }
  std::printf("IBSI CT phantom, config C: %zu of %zu features from DICOM + RTSTRUCT equal the NIfTI's\n",
              equal, compared);
  EXPECT_GT(compared, 150u);
}
