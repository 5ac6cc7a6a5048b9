#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "core/seeded_random.hpp"

namespace radstudy::study {

using core::SeededRandom;

// One synthetic patient: a CT-like volume with a liver-like organ and a lesion, its mask and
// clinical variables. The lesion's heterogeneity carries the outcome signal.
struct SyntheticCase {
  std::string id;
  core::IntensityImage image;
  core::Mask mask;
  int progressive_disease = 0;  // outcome (1 = PD)
  double heterogeneity = 0.0;   // the latent signal behind the outcome
  double age = 0, albumin = 0, bilirubin = 0;
  std::string sex;
  double os_days = 0;
  int death = 0;
};

struct SyntheticCohortOptions {
  int cases = 24;
  std::uint64_t seed = 20231;
  core::Size3 size{96, 96, 36};
  core::Vec3 spacing{0.8, 0.8, 2.5};
  // false: the outcome and the survival are drawn without the lesion's latent heterogeneity, so the
  // image carries no information about them (a null study; the clinical variables keep theirs).
  bool signal = true;
};

SyntheticCase make_synthetic_case(int index, const SyntheticCohortOptions& options);
// The same case's id and clinical values (outcome, survival...) without its image: cheap.
SyntheticCase make_synthetic_clinical(int index, const SyntheticCohortOptions& options);

// Writes images and masks (NIfTI), manifest.csv (id,image,mask) and clinical.csv into `directory`.
// Returns the manifest path.
std::string write_synthetic_cohort(const std::string& directory, const SyntheticCohortOptions& options);

}  // namespace radstudy::study
