#include "features/ibsi/intensity_volume_histogram.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "features/common/feature_table.hpp"
#include "features/common/sample_statistics.hpp"

namespace radstudy::features::ibsi {
namespace {

// nu_i: fraction of the volume with intensity >= i; gamma_i = (i - min G) / (max G - min G).
const std::vector<FeatureSpec> kIvhFeatures = {
    {"VolumeAtIntensityFraction10", "BC2M_10", ""},   // V10: nu at the first i with gamma_i >= 0.1
    {"VolumeAtIntensityFraction90", "BC2M_90", ""},   // V90
    {"IntensityAtVolumeFraction10", "GBPN_10", ""},   // I10: the first i with nu_i <= 0.1
    {"IntensityAtVolumeFraction90", "GBPN_90", ""},   // I90
    {"VolumeFractionDifference", "DDTU", ""},         // V10 - V90
    {"IntensityFractionDifference", "CNV2", ""},      // I10 - I90
    {"AreaUnderCurve", "9CMM", ""},                   // trapezoidal area under nu(gamma)
};

std::vector<FeatureDescription> describe(const settings::ExtractionSettings&) {
  return describe_features("ivh", kIvhFeatures);
}

FeatureValues compute(const RegionData& region) {
  const auto& settings = region.settings;
  std::vector<double> values = masked_values(region.image, region.intensity_mask);
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const double minimum = *min_it, maximum = *max_it;
  const auto& range = settings.resegment_range;

  double range_low, range_high, step;
  if (settings.ivh_bin_width) {
    // Calibrated continuous intensities: fixed bin size from the lower bound, bin centres.
    const double width = *settings.ivh_bin_width;
    const double lower = range.empty() ? minimum : range[0];
    const double upper = range.size() > 1 ? range[1] : maximum;
    for (double& value : values) value = lower + (std::floor((value - lower) / width) + 0.5) * width;
    range_low = lower + 0.5 * width;
    range_high = upper - 0.5 * width;
    step = width;
  } else if (settings.ivh_bin_count) {
    // Arbitrary units: fixed bin number over the region's range; the bins are the intensities.
    const int bins = *settings.ivh_bin_count;
    for (double& value : values)
      value = maximum > minimum
                  ? std::min(std::floor(bins * (value - minimum) / (maximum - minimum)) + 1.0, static_cast<double>(bins))
                  : 1.0;
    range_low = 1.0;
    range_high = bins;
    step = 1.0;
  } else {
    // Calibrated discrete intensities.
    range_low = range.empty() ? minimum : range[0];
    range_high = range.size() > 1 ? range[1] : maximum;
    step = 1.0;
  }

  // Checked before the curve is walked: each point costs a binary search over the voxels.
  const double point_count = std::floor((range_high - range_low) / step + 1e-9) + 1;
  if (!(point_count <= settings::kMaxIvhBins)) {
    const double span = range_high - range_low + step;
    throw ConfigError(fmt::format(
        "{}: setting 'ivhBinWidth': {} gives {:.3g} intensity-volume histogram points on this region "
        "(intensities "
        "{} to {}); the limit is {}; use ivhBinWidth >= {:.2g}, or ivhBinCount",
        settings.source.empty() ? std::string("settings") : settings.source,
        settings.ivh_bin_width ? fmt::format("{}", *settings.ivh_bin_width)
                               : std::string("not set (steps of 1)"),
        point_count, minimum, maximum, settings::kMaxIvhBins, span / (settings::kMaxIvhBins - 1) * 1.01));
  }
  std::sort(values.begin(), values.end());
  const double count = static_cast<double>(values.size());
  const long points = static_cast<long>(point_count);
  auto intensity = [&](long k) { return range_low + static_cast<double>(k) * step; };
  // Small slack so that bin centres computed in floating point compare as the same intensity.
  const double slack = 1e-9 * step;
  auto volume_fraction = [&](double level) {
    return static_cast<double>(values.end() - std::lower_bound(values.begin(), values.end(), level - slack)) / count;
  };
  auto intensity_fraction = [&](long k) {
    return range_high > range_low ? (intensity(k) - range_low) / (range_high - range_low) : 0.0;
  };
  auto volume_at = [&](double fraction) {
    for (long k = 0; k < points; ++k)
      if (intensity_fraction(k) >= fraction - 1e-12) return volume_fraction(intensity(k));
    return 0.0;
  };
  auto intensity_at = [&](double fraction) {
    for (long k = 0; k < points; ++k)
      if (volume_fraction(intensity(k)) <= fraction) return intensity(k);
    return intensity(points);
  };
  const double v10 = volume_at(0.10), v90 = volume_at(0.90);
  const double i10 = intensity_at(0.10), i90 = intensity_at(0.90);
  double area = 0.0;
  for (long k = 0; k + 1 < points; ++k)
    area += (intensity_fraction(k + 1) - intensity_fraction(k)) *
            (volume_fraction(intensity(k)) + volume_fraction(intensity(k + 1))) / 2.0;
  return name_values(describe(settings), {v10, v90, i10, i90, v10 - v90, i10 - i90, area});
}

}  // namespace

FeatureFamily make_ivh_family() {
  return {"ivh", "IBSI intensity-volume histogram features", describe, compute};
}

}  // namespace radstudy::features::ibsi
