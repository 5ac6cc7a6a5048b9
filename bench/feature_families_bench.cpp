// Times preprocessing and each feature class on one STS case (default: STS_001) with the
// PyRadiomics default parameter file of the STS reference values, to show where the time goes.
// Usage: build/feature_families_bench [--benchmark_filter=...]   (RADSTUDY_SHARED overrides ../shared)
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "features/feature_family.hpp"
#include "features/region_cache.hpp"
#include "io/image_io.hpp"
#include "preprocess/region_preparation.hpp"
#include "settings/extraction_settings.hpp"

namespace {

using namespace radstudy;

std::filesystem::path shared_dir() {
  if (const char* dir = std::getenv("RADSTUDY_SHARED")) return dir;
  return std::filesystem::path(RADSTUDY_SOURCE_DIR).parent_path() / "shared";
}

struct BenchCase {
  core::IntensityImage image;
  core::Mask mask;
  settings::ExtractionSettings settings;
  preprocess::PreparedRegion region;
};

const BenchCase& bench_case() {
  static const BenchCase loaded = [] {
    const char* id = std::getenv("RADSTUDY_BENCH_CASE");
    const auto folder = shared_dir() / "data/sts" / (id ? id : "STS_001");
    BenchCase c;
    c.image = io::read_image((folder / "ct_image.nii.gz").string());
    c.mask = io::read_label_mask((folder / "ct_mask.nii.gz").string(), 1);
    c.settings = settings::load_extraction_settings(
        (shared_dir() / "reference/pyradiomics/params_sts_original.yaml").string());
    c.region = preprocess::prepare_region(c.image, c.mask, c.settings);
    return c;
  }();
  return loaded;
}

void prepare(benchmark::State& state) {
  const auto& c = bench_case();
  for (auto _ : state) benchmark::DoNotOptimize(preprocess::prepare_region(c.image, c.mask, c.settings));
}

// One family alone: each iteration starts from a fresh RegionData, so the time includes the shared
// discretisation and texture grid that the family asks for.
void family(benchmark::State& state, const features::FeatureFamily* family) {
  const auto& c = bench_case();
  for (auto _ : state) {
    const features::RegionData data{c.region.image, c.region.morphological_mask, c.region.intensity_mask,
                                    c.settings};
    benchmark::DoNotOptimize(family->compute(data));
  }
}

// The discretised texture grid that the families of a region share.
void texture_grid(benchmark::State& state) {
  const auto& c = bench_case();
  for (auto _ : state) {
    const features::RegionData data{c.region.image, c.region.morphological_mask, c.region.intensity_mask,
                                    c.settings};
    benchmark::DoNotOptimize(features::region_cache(data).texture_grid(data, 1));
  }
}

// Every family of the parameter file on one region, as `radstudy extract` computes them.
void all_families(benchmark::State& state) {
  const auto& c = bench_case();
  for (auto _ : state) {
    const features::RegionData data{c.region.image, c.region.morphological_mask, c.region.intensity_mask,
                                    c.settings};
    for (const auto& family : features::feature_registry())
      if (c.settings.feature_classes.count(family.name)) benchmark::DoNotOptimize(family.compute(data));
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (!std::filesystem::exists(shared_dir() / "data/sts")) {
    std::cerr << "STS data not found under " << shared_dir() << " (set RADSTUDY_SHARED)\n";
    return 1;
  }
  benchmark::RegisterBenchmark("prepare_region", prepare)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("texture_grid", texture_grid)->Unit(benchmark::kMillisecond);
  for (const char* name : {"firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"})
    if (const auto* found = features::find_family(name))
      benchmark::RegisterBenchmark(name, family, found)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("all_families", all_families)->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
