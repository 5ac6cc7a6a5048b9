#include "core/text.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "core/errors.hpp"
#include "core/geometry.hpp"
#include "core/text_file.hpp"
#include "io/scratch_directory.hpp"

using namespace radstudy;
using radstudy::testing::ScratchDirectory;

namespace {

std::string error_of(auto&& action) {
  try {
    action();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST(OneLine, CollapsesLineBreaksTabsAndRunsOfSpaces) {
  EXPECT_EQ(core::one_line("itk::ERROR: reader\n  file.nrrd:\tcannot\r\n\n read   it  \n"),
            "itk::ERROR: reader file.nrrd: cannot read it");
  EXPECT_EQ(core::one_line("already one line"), "already one line");
  EXPECT_EQ(core::one_line(" \n\t "), "");
}

TEST(TextFile, DirectoryIsNamedAsADirectoryNotAnEmptyFile) {
  ScratchDirectory scratch;
  std::filesystem::create_directories(scratch / "features.csv");
  const std::string path = (scratch / "features.csv").string();
  EXPECT_EQ(error_of([&] { core::read_csv(path, "feature table (CSV)"); }),
            path + ": is a directory, not a file; give the path of the feature table (CSV) file");
  EXPECT_EQ(error_of([&] { core::DataTable::read(path, "id"); }),
            path + ": is a directory, not a file; give the path of the CSV table file");
  EXPECT_EQ(error_of([&] { core::read_text_file((scratch / "none.json").string(), "model"); }),
            (scratch / "none.json").string() + ": no such file; give the path of the model file");
  std::ofstream(scratch / "empty.csv");
  const std::string message = error_of([&] { core::read_csv((scratch / "empty.csv").string()); });
  EXPECT_NE(message.find("empty.csv: the file is empty"), std::string::npos) << message;
}

TEST(GridDifference, NamesEachPartThatDiffersWithBothValues) {
  core::Geometry image;
  image.size = {512, 512, 120};
  image.spacing = {0.8, 0.8, 2.5};
  core::Geometry mask = image;
  EXPECT_EQ(core::describe_grid_difference(mask, image, "the image"), "");
  mask.size[2] = 118;
  mask.origin[2] = 2.5;
  EXPECT_EQ(
      core::describe_grid_difference(mask, image, "the image"),
      "size 512x512x118 vs the image's 512x512x120, origin differs by 2.5 mm ((0, 0, 2.5) vs the image's "
      "(0, 0, 0))");
  mask = image;
  mask.spacing[0] = 0.9;
  mask.direction = {-1, 0, 0, 0, -1, 0, 0, 0, 1};
  const std::string text = core::describe_grid_difference(mask, image, "the image");
  EXPECT_NE(text.find("spacing (0.9, 0.8, 2.5) mm vs the image's (0.8, 0.8, 2.5) mm"), std::string::npos)
      << text;
  EXPECT_NE(text.find("direction (-1, 0, 0, 0, -1, 0, 0, 0, 1) vs the image's"), std::string::npos) << text;
  EXPECT_EQ(text.find("size"), std::string::npos) << text;
  // Within same_grid's tolerance (1e-4 of the spacing; origin 10 times that) nothing differs.
  mask = image;
  mask.origin[0] = 0.0005;
  EXPECT_TRUE(image.same_grid(mask));
  EXPECT_EQ(core::describe_grid_difference(mask, image, "the image"), "");
}
