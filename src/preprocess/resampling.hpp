#pragma once
#include <array>
#include <vector>

#include "core/image.hpp"
#include "preprocess/bounding_box.hpp"
#include "settings/extraction_settings.hpp"

namespace radstudy::preprocess {

// What an interpolator does with a sample point near or beyond the edge of the input grid.
enum class EdgeMode {
  // ITK's ResampleImageFilter: a point outside [-0.5, n - 0.5) on any axis gets 0; linear
  // interpolation clamps its upper neighbour, B-spline mirrors its support (PyRadiomics).
  Itk,
  // IBSI: the grid is padded with the nearest boundary intensity (the point is clamped to [0, n - 1]).
  Nearest,
};

// The output grid of PyRadiomics' resampleImage: aligned to the input origin, covering the mask's
// bounding box plus `pad_distance` output voxels, clipped to the input extent. `spacing` is the
// requested spacing after PyRadiomics' substitutions (0 and single-slice axes keep the mask spacing).
core::Geometry pyradiomics_resampling_grid(const core::Geometry& mask_geometry, const BoundingBox& box,
                                           const core::Vec3& spacing, int pad_distance);

// The spacing PyRadiomics resamples to: 0 keeps the mask's spacing, and so does an axis on which
// the region spans a single voxel.
core::Vec3 pyradiomics_target_spacing(const core::Geometry& mask_geometry, const BoundingBox& box,
                                      const std::vector<double>& requested);

// The full IBSI interpolation grid (IBSI 1, "Notes on interpolation"): size ceil(n * s / s'),
// centred on the centre of the input grid, same direction. An axis with spacing 0 (or, for 2D
// interpolation, axis 2) keeps its input grid.
core::Geometry ibsi_interpolation_grid(const core::Geometry& input, const std::vector<double>& spacing,
                                       bool in_plane_only);

// The part of `grid` (whose direction equals the input's) that covers the input index box `box`
// grown by one input voxel, plus `padding` output voxels; clipped to `grid`.
core::Geometry sub_grid_covering(const core::Geometry& grid, const core::Geometry& input, const BoundingBox& box,
                                 int padding);

// Interpolates `image` at the voxel centres of `output` (same direction as the input, any
// spacing and origin). Separable passes along x, then y, then z over the part of the input the
// output needs. Nearest: ITK's round-half-up; Linear: ITK's v0 + (v1 - v0) d, x then y then z;
// BSpline: cubic B-spline with ITK's mirror-boundary coefficients and weights.
std::vector<double> interpolate(const core::IntensityImage& image, const core::Geometry& output,
                                settings::Interpolator interpolator, EdgeMode edge_mode);

// The same for a mask (0/1), returning the interpolated values (nearest: 0 or 1; linear or
// B-spline: the fraction of the voxel inside, before any partial-volume threshold).
std::vector<double> interpolate_mask(const core::Mask& mask, const core::Geometry& output,
                                     settings::Interpolator interpolator, EdgeMode edge_mode);

// The interpolated image cut to `box` grown by `padding` voxels (clipped to the grid), each value
// cast like ITK into `stored_type`: the voxels of crop(image_from_values(output, interpolate(image,
// output, ...), stored_type), box, padding), computing only those. Tagged with `stored_type`.
core::IntensityImage interpolate_cropped(const core::IntensityImage& image, const core::Geometry& output,
                                         const BoundingBox& box, int padding, settings::Interpolator interpolator,
                                         EdgeMode edge_mode, core::PixelType stored_type);

// Nearest-neighbour resampling of a mask straight into a mask: the same voxels as
// interpolate_mask(mask, output, Nearest, edge_mode) thresholded at 0.5, without the passes in double.
core::Mask resample_mask_nearest(const core::Mask& mask, const core::Geometry& output, EdgeMode edge_mode);

}  // namespace radstudy::preprocess
