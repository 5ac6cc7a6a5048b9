// Checks that feature computation gives bit-identical values before and after an optimisation,
// independently of preprocessing: `save` freezes the prepared regions of the STS cases (PyRadiomics'
// default STS parameter file) into a folder; `print` reads them back and prints every value of the
// intensity and texture families under several settings as hexadecimal floats (%a), one per line.
// Diff two `print` outputs to compare builds.
// Usage: build/feature_values_check save DIR [CASE...] | print DIR
//        (RADSTUDY_SHARED overrides ../shared)
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "features/feature_family.hpp"
#include "io/image_io.hpp"
#include "preprocess/region_preparation.hpp"
#include "settings/extraction_settings.hpp"

namespace {

using namespace radstudy;
namespace fs = std::filesystem;

fs::path shared_dir() {
  if (const char* dir = std::getenv("RADSTUDY_SHARED")) return dir;
  return fs::path(RADSTUDY_SOURCE_DIR).parent_path() / "shared";
}

template <typename T>
void write_raw(std::ofstream& out, const T* data, std::size_t count) {
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(sizeof(T) * count));
}
template <typename T>
void read_raw(std::ifstream& in, T* data, std::size_t count) {
  in.read(reinterpret_cast<char*>(data), static_cast<std::streamsize>(sizeof(T) * count));
}

void save_region(const preprocess::PreparedRegion& region, const fs::path& path) {
  std::ofstream out(path, std::ios::binary);
  const core::Geometry& geometry = region.image.geometry();
  write_raw(out, &geometry, 1);
  write_raw(out, region.image.voxels().data(), region.image.voxel_count());
  write_raw(out, region.morphological_mask.voxels().data(), region.morphological_mask.voxel_count());
  write_raw(out, region.intensity_mask.voxels().data(), region.intensity_mask.voxel_count());
}

preprocess::PreparedRegion load_region(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  core::Geometry geometry;
  read_raw(in, &geometry, 1);
  preprocess::PreparedRegion region{core::IntensityImage(geometry), core::Mask(geometry), core::Mask(geometry)};
  read_raw(in, region.image.voxels().data(), region.image.voxel_count());
  read_raw(in, region.morphological_mask.voxels().data(), region.morphological_mask.voxel_count());
  read_raw(in, region.intensity_mask.voxels().data(), region.intensity_mask.voxel_count());
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return region;
}

// Settings variants that exercise the code paths of the intensity and texture families.
std::vector<std::pair<std::string, std::string>> settings_variants() {
  return {
      {"sts", "setting:\n  binWidth: 25\n"},
      {"binCount_distances_weighted",
       "setting:\n  binCount: 32\n  distances: [1, 2]\n  weightingNorm: euclidean\n  gldm_a: 1\n"
       "  voxelArrayShift: 1000\n  symmetricalGLCM: false\n"},
      {"ibsi_force2D",
       "setting:\n  binWidth: 20\n  force2D: true\n  discretisation: ibsi\n  resegmentRange: [-500, 400]\n"
       "  textureAggregation: [2Davg, 2Dsmrg, 25Ddmrg, 25Dmrg, 3Davg, 3Dmrg]\n  ivhBinWidth: 5\n"},
  };
}

const std::vector<std::string> kFamilies = {"firstorder", "glcm", "glrlm", "glszm", "gldm", "ngtdm",
                                            "loc", "stat", "ih", "ivh", "cm", "rlm", "szm", "dzm", "ngt", "ngl"};

int print_values(const fs::path& folder) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().extension() == ".region") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::vector<std::pair<std::string, settings::ExtractionSettings>> variants;
  for (const auto& [name, yaml] : settings_variants())
    variants.emplace_back(name, settings::parse_extraction_settings(yaml, name));
  for (const auto& file : files) {
    const auto region = load_region(file);
    const std::string id = file.stem().string();
    for (const auto& [variant, settings] : variants) {
      const features::RegionData data{region.image, region.morphological_mask, region.intensity_mask, settings};
      for (const auto& family_name : kFamilies) {
        const auto* family = features::find_family(family_name);
        if (!family) continue;
        try {
          for (const auto& value : family->compute(data))
            std::printf("%s %s %s %a\n", id.c_str(), variant.c_str(), value.name.c_str(), value.value);
        } catch (const std::exception& error) {
          std::printf("%s %s %s error: %s\n", id.c_str(), variant.c_str(), family_name.c_str(), error.what());
        }
      }
    }
  }
  return 0;
}

int save_regions(const fs::path& folder, std::vector<std::string> ids) {
  fs::create_directories(folder);
  if (ids.empty())
    for (const auto& entry : fs::directory_iterator(shared_dir() / "data/sts"))
      if (entry.is_directory() && entry.path().filename().string().rfind("STS_", 0) == 0)
        ids.push_back(entry.path().filename().string());
  std::sort(ids.begin(), ids.end());
  const auto settings = settings::load_extraction_settings(
      (shared_dir() / "reference/pyradiomics/params_sts_original.yaml").string());
  for (const auto& id : ids) {
    const auto case_folder = shared_dir() / "data/sts" / id;
    const auto image = io::read_image((case_folder / "ct_image.nii.gz").string());
    const auto mask = io::read_label_mask((case_folder / "ct_mask.nii.gz").string(), settings.label);
    save_region(preprocess::prepare_region(image, mask, settings), folder / (id + ".region"));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: feature_values_check save DIR [CASE...] | print DIR\n";
    return 2;
  }
  const std::string command = argv[1];
  try {
    if (command == "save") return save_regions(argv[2], std::vector<std::string>(argv + 3, argv + argc));
    if (command == "print") return print_values(argv[2]);
  } catch (const std::exception& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
  std::cerr << "unknown command " << command << "\n";
  return 2;
}
