// Messages for bad inputs of extract, filter and predict: one line, "<file>: <problem>; <what to do>",
// naming the file, the wrong value and the value expected, without library text left unexplained.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>

#include "cli/cli_runner.hpp"
#include "cli/synthetic_case_files.hpp"
#include "core/csv.hpp"
#include "io/image_io.hpp"
#include "study/synthetic_cohort.hpp"

namespace fs = std::filesystem;
using namespace radstudy;
using radstudy::testing::CommandResult;
using radstudy::testing::fresh_directory;
using radstudy::testing::kFirstOrderParams;
using radstudy::testing::read_text;
using radstudy::testing::run_radstudy;
using radstudy::testing::shared_dir;
using radstudy::testing::shell_quoted;

namespace {

const char* kStsDicom = "data/sts/dicom/STS_001";

struct CaseFiles {
  fs::path image, mask, params;
};

// A small synthetic case and a first-order parameter file in `directory`.
CaseFiles write_case(const fs::path& directory) {
  const auto files = radstudy::testing::write_synthetic_case(directory);
  return {files.image, files.mask, radstudy::testing::write_first_order_params(directory)};
}

CommandResult extract(const fs::path& image, const fs::path& mask, const fs::path& params,
                      const fs::path& out, const std::string& options = "") {
  return run_radstudy("extract --image " + shell_quoted(image) + " --mask " + shell_quoted(mask) +
                      " --params " + shell_quoted(params) + " " + options + " --out " + shell_quoted(out));
}

// The run failed with `exit_code`, its message is one line holding each of `mentions` and no library text.
void expect_message(const CommandResult& result, int exit_code, std::initializer_list<std::string> mentions) {
  EXPECT_EQ(result.exit_code, exit_code) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  for (const auto& mention : mentions)
    EXPECT_NE(result.output.find(mention), std::string::npos)
        << "'" << mention << "' not in: " << result.output;
  for (const char* library : {"itk::", "ITK ERROR", "file suffix", "0x5", "json.exception", "yaml-cpp"})
    EXPECT_EQ(result.output.find(library), std::string::npos) << result.output;
}

}  // namespace

TEST(InputMessages, RtstructGivenAsAMaskWithoutRoiListsItsRois) {
  RADSTUDY_REQUIRE_SHARED(kStsDicom);
  const auto directory = fresh_directory("rtstruct_without_roi");
  const CaseFiles files = write_case(directory);
  const auto dicom = shared_dir() / kStsDicom;
  const auto rtstruct = dicom / "rtstruct/RS.dcm";
  expect_message(
      extract(dicom / "ct", rtstruct, files.params, directory / "out.csv"), 1,
      {rtstruct.string() + ": is a DICOM RTSTRUCT, not a label image; name the structure with --roi "
                           "(its ROIs: 'GTV_Mass_CT'), or a roi column in the manifest"});
  // The same in a manifest, and given as the image.
  std::ofstream(directory / "manifest.csv")
      << "id,image,mask\nP1," << (dicom / "ct").string() << "," << rtstruct.string() << "\n";
  const auto batch =
      run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") + " --params " +
                   shell_quoted(files.params) + " --out " + shell_quoted(directory / "out.csv"));
  EXPECT_NE(batch.output.find("is a DICOM RTSTRUCT, not a label image"), std::string::npos) << batch.output;
  expect_message(extract(rtstruct, files.mask, files.params, directory / "out.csv"), 1,
                 {"RS.dcm: is a DICOM RTSTRUCT (contours), not an image", "'GTV_Mass_CT'"});
}

TEST(InputMessages, MaskOffTheGridNamesBothFilesAndWhatDiffers) {
  const auto directory = fresh_directory("grid_message");
  const CaseFiles files = write_case(directory);
  auto mask = io::read_label_mask(files.mask.string(), 1);
  mask.geometry().origin[0] += 7.5;
  io::write_mask(mask, (directory / "shifted.nii.gz").string());
  const auto shifted = directory / "shifted.nii.gz";
  const std::string origin = shifted.string() + ": does not lie on the grid of " + files.image.string() +
                             ": origin differs by 7.5 mm";
  const std::string advice =
      "; set correctMask: true under setting: in the parameter file to resample the mask onto the image, or "
      "use the mask drawn on this image";
  expect_message(extract(files.image, shifted, files.params, directory / "out.csv"), 1, {origin, advice});

  // Two slices fewer: the size, with both values.
  core::Mask cut(core::Geometry{{48, 48, 14},
                                mask.spacing(),
                                io::read_image(files.image.string()).geometry().origin,
                                mask.geometry().direction});
  std::copy_n(io::read_label_mask(files.mask.string(), 1).voxels().begin(), cut.voxel_count(),
              cut.voxels().begin());
  io::write_mask(cut, (directory / "cut.nii.gz").string());
  expect_message(
      extract(files.image, directory / "cut.nii.gz", files.params, directory / "out.csv"), 1,
      {"cut.nii.gz: does not lie on the grid of", "size 48x48x14 vs the image's 48x48x16", advice});

  // radstudy filter --mask says the same.
  std::ofstream(directory / "original.yaml") << "imageType:\n  Original: {}\n";
  expect_message(
      run_radstudy("filter --image " + shell_quoted(files.image) + " --mask " + shell_quoted(shifted) +
                   " --params " + shell_quoted(directory / "original.yaml") + " --out " +
                   shell_quoted(directory / "map.nii.gz")),
      1, {origin, advice});

  // A perturbed batch: the case's row (and its perturbed rows) carry it.
  std::ofstream(directory / "manifest.csv")
      << "id,image,mask\nP1,image.nii.gz,mask.nii.gz\nP2,image.nii.gz,shifted.nii.gz\n";
  fs::create_directories(directory / "perturbed");
  const auto run = run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") +
                                " --params " + shell_quoted(files.params) + " --perturb erode --out " +
                                shell_quoted(directory / "perturbed/features.csv"));
  EXPECT_EQ(run.exit_code, 3) << run.output;
  const auto table = core::read_csv((directory / "perturbed/features.csv").string());
  const int error = table.column("error");
  ASSERT_GE(error, 0);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_NE(table.rows[1][static_cast<std::size_t>(error)].find("origin differs by 7.5 mm"),
            std::string::npos)
      << table.rows[1][static_cast<std::size_t>(error)];
}

TEST(InputMessages, DirectoryGivenForAFileSaysSo) {
  const auto directory = fresh_directory("directory_inputs");
  const CaseFiles files = write_case(directory);
  for (const char* name :
       {"params.d", "manifest.csv", "mask_dir.nii.gz", "image_dir.nii.gz", "model.json", "features.csv"})
    fs::create_directories(directory / name);
  const auto out = directory / "out.csv";
  expect_message(extract(files.image, files.mask, directory / "params.d", out), 2,
                 {"params.d: is a directory, not a file; give the path of the parameter (YAML) file"});
  expect_message(run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") +
                              " --params " + shell_quoted(files.params) + " --out " + shell_quoted(out)),
                 1, {"manifest.csv: is a directory, not a file; give the path of the manifest (CSV) file"});
  expect_message(extract(files.image, directory / "mask_dir.nii.gz", files.params, out), 1,
                 {"mask_dir.nii.gz: is a directory, not a file; give the path of the label image file"});
  expect_message(extract(directory / "image_dir.nii.gz", files.mask, files.params, out), 1,
                 {"image_dir.nii.gz: is a directory, not a file; give the path of the NIfTI image file"});
  expect_message(run_radstudy("predict --model " + shell_quoted(directory / "model.json") + " --features " +
                              shell_quoted(directory / "features.csv") + " --out " + shell_quoted(out)),
                 1, {"model.json: is a directory, not a file; give the path of the model"});
  std::ofstream(directory / "clinical.csv") << "id,label\nA,1\nB,0\n";
  expect_message(run_radstudy("univariate --features " + shell_quoted(directory / "features.csv") +
                              " --clinical " + shell_quoted(directory / "clinical.csv") +
                              " --outcome label --out " + shell_quoted(directory / "univariate")),
                 1, {"features.csv: is a directory, not a file; give the path of the"});
  for (const auto& output : {out, directory / "univariate"}) EXPECT_FALSE(fs::exists(output));
}

TEST(InputMessages, NonDicomFilesInASeriesFolderArePassedOver) {
  RADSTUDY_REQUIRE_SHARED(kStsDicom);
  const auto directory = fresh_directory("series_with_notes");
  const auto dicom = shared_dir() / kStsDicom;
  fs::create_directories(directory / "series");
  for (const auto& entry : fs::directory_iterator(dicom / "ct"))
    fs::copy_file(entry.path(), directory / "series" / entry.path().filename());
  std::ofstream(directory / "series/notes.txt") << "Scanned on the second visit; see the report.\n";
  std::ofstream(directory / "series/report.pdf")
      << "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
  std::ofstream(directory / "series/Thumbs.db", std::ios::binary)
      << std::string("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8) << std::string(600, '\0');
  std::ofstream(directory / "params.yaml") << kFirstOrderParams;
  const auto rtstruct = dicom / "rtstruct/RS.dcm";
  std::string tables[2];
  int k = 0;
  for (const auto& series : {dicom / "ct", directory / "series"}) {
    const auto out = directory / ("out" + std::to_string(k) + ".csv");
    const auto run =
        extract(series, rtstruct, directory / "params.yaml", out, "--roi GTV_Mass_CT --case-id STS_001");
    ASSERT_EQ(run.exit_code, 0) << run.output;
    tables[k++] = read_text(out);
  }
  EXPECT_EQ(tables[0], tables[1]);
}

TEST(InputMessages, LabelOutOfRangeGivesTheRange) {
  const auto directory = fresh_directory("label_range");
  const CaseFiles files = write_case(directory);
  const std::string range = "a mask label is a whole number from 1 to 2147483647 (0 is the background)";
  for (const std::string label : {"99999999999", "0", "-2"}) {
    std::ofstream(directory / "manifest.csv")
        << "id,image,mask,label\nP1,image.nii.gz,mask.nii.gz," << label << "\n";
    expect_message(
        run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") + " --params " +
                     shell_quoted(files.params) + " --out " + shell_quoted(directory / "out.csv")),
        1, {"manifest.csv: case P1: label " + label + " is out of range; " + range});
    std::ofstream(directory / "label.yaml") << kFirstOrderParams << "  label: " << label << "\n";
    expect_message(extract(files.image, files.mask, directory / "label.yaml", directory / "out.csv"), 2,
                   {"label.yaml: setting 'label': " + label + " is out of range; " + range});
  }
  std::ofstream(directory / "manifest.csv") << "id,image,mask,label\nP1,image.nii.gz,mask.nii.gz,1.5\n";
  expect_message(
      run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") + " --params " +
                   shell_quoted(files.params) + " --out " + shell_quoted(directory / "out.csv")),
      1, {"label '1.5' is not a whole number; " + range});
  // --label 0 would select the background: refused as a usage error, nothing extracted.
  expect_message(extract(files.image, files.mask, files.params, directory / "out.csv", "--label 0"), 2,
                 {"radstudy extract: --label: 0 is out of range; " + range});
  EXPECT_FALSE(fs::exists(directory / "out.csv"));
}

TEST(InputMessages, RegionMessagesHaveNoStraySpace) {
  const auto directory = fresh_directory("one_voxel_message");
  const CaseFiles files = write_case(directory);
  auto mask = io::read_label_mask(files.mask.string(), 1);
  std::fill(mask.voxels().begin(), mask.voxels().end(), 0);
  mask.at(20, 20, 8) = 1;
  io::write_mask(mask, (directory / "one.nii.gz").string());
  const auto run = extract(files.image, directory / "one.nii.gz", files.params, directory / "out.csv");
  expect_message(run, 1, {"the region holds a single voxel; features need"});
  EXPECT_EQ(run.output.find(" ;"), std::string::npos) << run.output;
}

TEST(InputMessages, CaseErrorWithALineBreakStaysOneCsvLine) {
  const auto directory = fresh_directory("one_line_error");
  const CaseFiles files = write_case(directory);
  // A path holding a line break (quoted in the manifest) ends up in the case's error text.
  std::ofstream(directory / "manifest.csv")
      << "id,image,mask\nP1,image.nii.gz,mask.nii.gz\n"
         "P2,\"scan of\nvisit 2.nii.gz\",mask.nii.gz\nP3,image.nii.gz,mask.nii.gz\n";
  const auto run =
      run_radstudy("extract --manifest " + shell_quoted(directory / "manifest.csv") + " --params " +
                   shell_quoted(files.params) + " --out " + shell_quoted(directory / "out.csv"));
  EXPECT_EQ(run.exit_code, 3) << run.output;
  const std::string text = read_text(directory / "out.csv");
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 4) << text;
  const auto table = core::parse_csv(text, "out.csv");
  ASSERT_EQ(table.rows.size(), 3u);
  const std::string error = table.rows[1][static_cast<std::size_t>(table.column("error"))];
  EXPECT_NE(error.find("scan of visit 2.nii.gz: no such file"), std::string::npos) << error;
}

TEST(InputMessages, MalformedImageFilesAreExplainedWithoutLibraryText) {
  const auto directory = fresh_directory("malformed_images");
  const CaseFiles files = write_case(directory);
  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(directory / name, std::ios::binary) << bytes;
    return directory / name;
  };
  const auto out = directory / "out.csv";
  expect_message(extract(write("text.nrrd", "just some notes\n"), files.mask, files.params, out), 1,
                 {"text.nrrd: not a NRRD file", "; check that the file is the image"});
  expect_message(extract(write("empty.mha", ""), files.mask, files.params, out), 1,
                 {"empty.mha: not a MetaImage file", "; check that the file is the image"});
  // An uncompressed NIfTI cut 1000 bytes short.
  const auto image = io::read_image(files.image.string());
  io::write_image(image, (directory / "whole.nii").string());
  const std::string whole = read_text(directory / "whole.nii");
  expect_message(
      extract(write("cut.nii", whole.substr(0, whole.size() - 1000)), files.mask, files.params, out), 1,
      {"cut.nii: truncated", "the file holds", "; the file was probably cut short"});
  const std::string nrrd_header = "NRRD0004\ntype: short\ndimension: 3\nsizes: 4 3 2\nencoding: raw\n";
  expect_message(extract(write("detached.nhdr", nrrd_header + "data file: voxels.raw\n\n"), files.mask,
                         files.params, out),
                 1,
                 {"detached.nhdr: its header names the data file 'voxels.raw'", "which does not exist",
                  "; put the data file beside the header"});
  // Headers that pass radstudy's checks but that ITK refuses.
  const std::string voxels(4 * 3 * 2 * 2, '\1');
  expect_message(extract(write("zero.mha",
                               "ObjectType = Image\nNDims = 3\nDimSize = 4 3 2\nElementSpacing = 1 0 1\n"
                               "ElementType = MET_SHORT\nElementDataFile = LOCAL\n" +
                                   voxels),
                         files.mask, files.params, out),
                 1,
                 {"zero.mha: not a readable MetaImage file: the header gives a voxel spacing of 0",
                  "; check the file, or export the image again"});
  expect_message(extract(write("space.nrrd",
                               "NRRD0004\ntype: short\ndimension: 3\nsizes: 4 3 2\n"
                               "space directions: (1,0,0) (0,1,0)\nencoding: raw\n\n" +
                                   voxels),
                         files.mask, files.params, out),
                 1, {"space.nrrd: not a readable NRRD file", "; check the file"});
  expect_message(extract(write("scan.png", "\x89PNG\r\n"), files.mask, files.params, out), 1,
                 {"scan.png: not an image file radstudy reads; give a NIfTI"});
}
