#include "features/common/sample_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <optional>

#include "core/mask_runs.hpp"

namespace radstudy::features {

double SampleMoments::skewness() const { return variance > 0 ? m3 / std::pow(variance, 1.5) : 0.0; }
double SampleMoments::kurtosis() const { return variance > 0 ? m4 / (variance * variance) : 0.0; }

SampleMoments moments_about_mean(const std::vector<double>& values, double total, double* mean_absolute_deviation) {
  SampleMoments moments;
  if (values.empty()) {
    if (mean_absolute_deviation) *mean_absolute_deviation = std::nan("");
    return moments;
  }
  moments.count = static_cast<double>(values.size());
  moments.mean = total / moments.count;
  double m2 = 0.0, m3 = 0.0, m4 = 0.0, absolute = 0.0;
  for (double value : values) {
    const double deviation = value - moments.mean;
    const double squared = deviation * deviation;
    m2 += squared;
    m3 += squared * deviation;
    m4 += squared * squared;
    absolute += std::abs(deviation);
  }
  moments.variance = m2 / moments.count;
  moments.m3 = m3 / moments.count;
  moments.m4 = m4 / moments.count;
  if (mean_absolute_deviation) *mean_absolute_deviation = absolute / moments.count;
  return moments;
}

SampleMoments sample_moments(const std::vector<double>& values) {
  return moments_about_mean(values, std::accumulate(values.begin(), values.end(), 0.0), nullptr);
}

namespace {

// The smallest of [begin, end) (not empty), in four independent lanes that the compiler keeps in
// registers. Equal to *std::min_element for finite values up to the sign of a zero minimum, which
// no interpolated percentile depends on.
double minimum_of(const double* begin, const double* end) {
  constexpr std::size_t kLanes = 4;
  double lowest[kLanes];
  for (std::size_t lane = 0; lane < kLanes; ++lane) lowest[lane] = *begin;
  const std::size_t count = static_cast<std::size_t>(end - begin);
  std::size_t k = 0;
  for (; k + kLanes <= count; k += kLanes)
    for (std::size_t lane = 0; lane < kLanes; ++lane)
      lowest[lane] = begin[k + lane] < lowest[lane] ? begin[k + lane] : lowest[lane];
  for (; k < count; ++k) lowest[0] = begin[k] < lowest[0] ? begin[k] : lowest[0];
  return std::min(std::min(lowest[0], lowest[1]), std::min(lowest[2], lowest[3]));
}

// The second smallest of the multiset [begin, end) plus `extra` (begin < end), in four lanes.
double second_smallest_of(const double* begin, const double* end, double extra) {
  constexpr std::size_t kLanes = 4;
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  double smallest[kLanes], second[kLanes];
  for (std::size_t lane = 0; lane < kLanes; ++lane) smallest[lane] = second[lane] = kInfinity;
  const std::size_t count = static_cast<std::size_t>(end - begin);
  std::size_t k = 0;
  for (; k + kLanes <= count; k += kLanes)
    for (std::size_t lane = 0; lane < kLanes; ++lane) {
      const double value = begin[k + lane];
      const double larger = value < smallest[lane] ? smallest[lane] : value;
      second[lane] = larger < second[lane] ? larger : second[lane];
      smallest[lane] = value < smallest[lane] ? value : smallest[lane];
    }
  std::vector<double> candidates(begin + k, end);
  candidates.push_back(extra);
  for (std::size_t lane = 0; lane < kLanes; ++lane) {
    candidates.push_back(smallest[lane]);
    candidates.push_back(second[lane]);
  }
  std::nth_element(candidates.begin(), candidates.begin() + 1, candidates.end());
  return candidates[1];
}

}  // namespace

std::vector<double> linear_percentiles(std::vector<double>& values, const std::vector<double>& fractions) {
  std::vector<double> result(fractions.size(), std::nan(""));
  if (values.empty()) return result;
  const std::size_t last = values.size() - 1;
  // Select the needed order statistics in ascending rank; each selection narrows the range.
  std::vector<std::size_t> order(fractions.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fractions[a] < fractions[b]; });
  std::vector<std::size_t> lower_ranks(order.size());
  std::vector<double> lower_values(order.size());
  auto begin = values.begin();
  for (std::size_t j = 0; j < order.size(); ++j) {
    const double position = static_cast<double>(last) * fractions[order[j]];
    lower_ranks[j] = std::min(static_cast<std::size_t>(std::floor(position)), last);
    auto lower = values.begin() + static_cast<std::ptrdiff_t>(lower_ranks[j]);
    if (lower >= begin) {
      std::nth_element(begin, lower, values.end());
      begin = lower;
    }
    lower_values[j] = *lower;
  }
  // The next value above rank r is the smallest of (r, end). The selection of the next larger rank
  // r' reorders [r, end) so that [r, r') holds values <= the one at r' (among them the smallest, the
  // value of rank r) and [r', end) values >= it, and later selections only reorder [r', end): the
  // second smallest of [r, r') and the value at r' is the one.
  for (std::size_t j = 0; j < order.size(); ++j) {
    const std::size_t lower_rank = lower_ranks[j];
    const double lower_value = lower_values[j];
    double upper_value = lower_value;
    if (lower_rank < last) {
      std::size_t next = j + 1;
      while (next < order.size() && lower_ranks[next] <= lower_rank) ++next;
      if (next == order.size()) {
        upper_value = minimum_of(values.data() + lower_rank + 1, values.data() + values.size());
      } else {
        upper_value = second_smallest_of(values.data() + lower_rank, values.data() + lower_ranks[next],
                                         lower_values[next]);
      }
    }
    const double position = static_cast<double>(last) * fractions[order[j]];
    const double weight = position - static_cast<double>(lower_rank);
    result[order[j]] = lower_value + (upper_value - lower_value) * weight;
  }
  return result;
}

double mean_absolute_deviation(const std::vector<double>& values, double centre) {
  if (values.empty()) return std::nan("");
  double sum = 0.0;
  for (double value : values) sum += std::abs(value - centre);
  return sum / static_cast<double>(values.size());
}

double robust_mean_absolute_deviation(const std::vector<double>& values, double lower, double upper) {
  double sum = 0.0;
  std::size_t count = 0;
  for (double value : values)
    if (value >= lower && value <= upper) {
      sum += value;
      ++count;
    }
  if (count == 0) return std::nan("");
  const double mean = sum / static_cast<double>(count);
  double deviation = 0.0;
  for (double value : values)
    if (value >= lower && value <= upper) deviation += std::abs(value - mean);
  return deviation / static_cast<double>(count);
}

std::optional<IntegerValueCounts> IntegerValueCounts::of(const std::vector<double>& values, double minimum,
                                                         double maximum) {
  if (values.empty() || !std::isfinite(minimum) || !std::isfinite(maximum)) return std::nullopt;
  const double width = maximum - minimum + 1.0;
  // Beyond this width the counts cost more than selection on the values would.
  if (!(width <= 16.0 * static_cast<double>(values.size()) + 65536.0) || minimum != std::floor(minimum))
    return std::nullopt;
  IntegerValueCounts result;
  result.minimum_ = minimum;
  result.total_ = values.size();
  result.counts_.assign(static_cast<std::size_t>(width), 0u);
  // Every value lies in [minimum, maximum]; a fractional one is counted in a wrong cell first and
  // then rejects the whole sample.
  bool integral = true;
  for (double value : values) {
    const double offset = value - minimum;
    const auto cell = static_cast<std::size_t>(offset);
    integral &= static_cast<double>(cell) == offset;
    ++result.counts_[cell];
  }
  if (!integral) return std::nullopt;
  result.cumulative_.resize(result.counts_.size());
  std::size_t running = 0;
  for (std::size_t i = 0; i < result.counts_.size(); ++i) result.cumulative_[i] = running += result.counts_[i];
  return result;
}

double IntegerValueCounts::value_of_rank(std::size_t rank) const {
  const auto cell = std::upper_bound(cumulative_.begin(), cumulative_.end(), rank) - cumulative_.begin();
  return minimum_ + static_cast<double>(cell);
}

std::vector<double> IntegerValueCounts::linear_percentiles(const std::vector<double>& fractions) const {
  std::vector<double> result(fractions.size(), std::nan(""));
  if (total_ == 0) return result;
  const std::size_t last = total_ - 1;
  for (std::size_t j = 0; j < fractions.size(); ++j) {
    const double position = static_cast<double>(last) * fractions[j];
    const std::size_t lower_rank = std::min(static_cast<std::size_t>(std::floor(position)), last);
    const double lower_value = value_of_rank(lower_rank);
    const double upper_value = lower_rank < last ? value_of_rank(lower_rank + 1) : lower_value;
    const double weight = position - static_cast<double>(lower_rank);
    result[j] = lower_value + (upper_value - lower_value) * weight;
  }
  return result;
}

double IntegerValueCounts::robust_mean_absolute_deviation(double lower, double upper) const {
  // The values are integers, so their sum is exact in any order and the mean equals the plain loop's.
  double sum = 0.0;
  std::size_t count = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    const double value = minimum_ + static_cast<double>(i);
    if (counts_[i] == 0 || value < lower || value > upper) continue;
    sum += value * counts_[i];
    count += counts_[i];
  }
  if (count == 0) return std::nan("");
  const double mean = sum / static_cast<double>(count);
  double deviation = 0.0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    const double value = minimum_ + static_cast<double>(i);
    if (counts_[i] == 0 || value < lower || value > upper) continue;
    deviation += std::abs(value - mean) * counts_[i];
  }
  return deviation / static_cast<double>(count);
}

namespace {
template <typename T>
std::vector<double> gather(const core::Image<T>& image, const core::Mask& mask) {
  // Runs of mask voxels, then each run's values copied in one plain (vectorised) loop, in raster order.
  struct Run {
    std::size_t begin, end;
  };
  std::vector<Run> runs;
  std::size_t count = 0;
  core::for_each_mask_run(mask.voxels().data(), mask.voxel_count(), [&](std::size_t begin, std::size_t end) {
    runs.push_back({begin, end});
    count += end - begin;
  });
  std::vector<double> values(count);
  const T* voxels = image.voxels().data();
  double* out = values.data();
  for (const Run& run : runs)
    for (std::size_t k = run.begin; k < run.end; ++k) *out++ = static_cast<double>(voxels[k]);
  return values;
}
}  // namespace

std::vector<double> masked_values(const core::IntensityImage& image, const core::Mask& mask) {
  return gather(image, mask);
}
std::vector<double> masked_values(const core::Image<int>& image, const core::Mask& mask) { return gather(image, mask); }

}  // namespace radstudy::features
