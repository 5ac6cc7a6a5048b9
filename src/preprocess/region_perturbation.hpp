#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/image.hpp"

namespace radstudy::preprocess {

// A perturbation of a case for feature-robustness (ICC) studies when no second segmentation exists.
// Applied on the image's own grid, after reading and before any preprocessing:
//   erode[:MM] / dilate[:MM]  the mask by a ball of radius MM millimetres (default: the smallest voxel
//                             spacing, i.e. one voxel in-plane); voxels outside the image count as outside
//   shift[:MM]                the mask by MM millimetres (default: the smallest spacing) in a seeded random
//                             direction (in-plane for a 2D image), rounded to whole voxels per axis; a
//                             translation that rounds to nothing moves one voxel along its largest component
//   noise[:SD]                Gaussian noise of standard deviation SD (image units, default 10) added to
//                             every voxel; rounded back to integers when the file stored integers
enum class PerturbationKind { erode, dilate, shift, noise };

struct Perturbation {
  PerturbationKind kind = PerturbationKind::erode;
  std::optional<double> amount;  // millimetres, or the noise SD; default as above
  std::string name;              // unique output name: "erode", "dilate_2mm", "noise_20", "shift_2" ...
};

// Parses a comma-separated list such as "erode,dilate:2,shift:1.5,noise:20". Names are made unique by a
// numbered suffix when a specification repeats (shift,shift -> shift, shift_2). ConfigError on an unknown
// kind, a non-numeric or non-positive amount, or an empty list.
std::vector<Perturbation> parse_perturbations(const std::string& specification);

// What a perturbation did to one case, for the record.
struct PerturbationRecord {
  std::size_t voxels_before = 0;
  std::size_t voxels_after = 0;
  double amount = 0;                       // the amount used (mm, or the noise SD)
  std::array<long, 3> shift_voxels{0, 0, 0};  // shift only
};

// Applies `perturbation` to the image or mask in place. `seed` drives the random choices (shift direction,
// noise); the same seed gives the same result. InputError when the region is empty afterwards.
PerturbationRecord apply_perturbation(const Perturbation& perturbation, core::IntensityImage& image, core::Mask& mask,
                                      std::uint64_t seed);

// The morphological operations on their own (ball radius in millimetres).
core::Mask eroded(const core::Mask& mask, double radius_mm);
core::Mask dilated(const core::Mask& mask, double radius_mm);
core::Mask shifted(const core::Mask& mask, const std::array<long, 3>& offset_voxels);

}  // namespace radstudy::preprocess
