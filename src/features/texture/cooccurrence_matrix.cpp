#include "features/texture/cooccurrence_matrix.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace radstudy::features::texture {

void CooccurrenceMatrix::add(const CooccurrenceMatrix& other, double weight) {
  for (std::size_t k = 0; k < counts.size(); ++k) counts[k] += weight * other.counts[k];
}

double CooccurrenceMatrix::total() const {
  double sum = 0;
  for (double count : counts) sum += count;
  return sum;
}

void add_cooccurrences(const TextureGrid& grid, const Offset& offset, int slice_axis, int slice_begin,
                       int slice_end, bool symmetric, CooccurrenceMatrix& matrix) {
  std::array<int, 3> lower{}, upper{};
  for (int axis = 0; axis < 3; ++axis) {
    lower[axis] = grid.padding;
    upper[axis] = grid.padding + grid.original_size[axis];
  }
  lower[slice_axis] = grid.padding + slice_begin;
  upper[slice_axis] = grid.padding + slice_end;
  const long step = grid.linear_offset(offset);
  const int ng = matrix.level_count;
  const int* levels = grid.levels.data();
  double* counts = matrix.counts.data();
  if (slice_begin <= 0 && slice_end >= grid.original_size[slice_axis]) {  // the whole region
    for (std::size_t voxel : grid.region) {
      const int a = levels[voxel];
      const int b = levels[static_cast<long>(voxel) + step];
      if (b == 0) continue;
      counts[(a - 1) * ng + (b - 1)] += 1.0;
      if (symmetric) counts[(b - 1) * ng + (a - 1)] += 1.0;
    }
    return;
  }
  for (int z = lower[2]; z < upper[2]; ++z)
    for (int y = lower[1]; y < upper[1]; ++y) {
      const std::size_t row = grid.index(0, y, z);
      for (int x = lower[0]; x < upper[0]; ++x) {
        const int a = levels[row + x];
        if (a == 0) continue;
        const int b = levels[static_cast<long>(row + x) + step];
        if (b == 0) continue;
        counts[(a - 1) * ng + (b - 1)] += 1.0;
        if (symmetric) counts[(b - 1) * ng + (a - 1)] += 1.0;
      }
    }
}

std::vector<CooccurrenceMatrix> region_cooccurrences(const TextureGrid& grid,
                                                     const std::vector<Offset>& offsets, bool symmetric) {
  const int ng = grid.level_count;
  const std::size_t directions = offsets.size();
  std::vector<long> steps;
  for (const auto& offset : offsets) steps.push_back(grid.linear_offset(offset));
  // Integer counts of ordered pairs, symmetrised afterwards, with the offsets innermost: cell (i, j)
  // of every offset shares one cache line, and the neighbours of a voxel mostly have its level or a
  // close one, so one voxel's increments touch few lines. Each row has a column for neighbour level 0
  // (outside the region) so that counting needs no branch.
  const std::size_t width = static_cast<std::size_t>(ng) + 1;
  const std::size_t stride = directions <= 16 ? 16 : directions;
  constexpr std::size_t line_cells = 64 / sizeof(std::uint32_t);
  std::vector<std::uint32_t> storage(static_cast<std::size_t>(ng) * width * stride + line_cells, 0);
  std::uint32_t* tables = storage.data();
  while (reinterpret_cast<std::uintptr_t>(tables) % 64 != 0) ++tables;
  const int* levels = grid.levels.data();
  auto count_pairs = [&]<std::size_t fixed_directions>() {
    const std::size_t count = fixed_directions > 0 ? fixed_directions : directions;
    for (const RegionSegment& segment : grid.segments) {
      const std::size_t end = segment.start + static_cast<std::size_t>(segment.length);
      for (std::size_t voxel = segment.start; voxel < end; ++voxel) {
        const std::size_t row = static_cast<std::size_t>(levels[voxel] - 1) * width;
        for (std::size_t d = 0; d < count; ++d)
          ++tables[(row + levels[static_cast<long>(voxel) + steps[d]]) * stride + d];
      }
    }
  };
  if (directions == 13)  // the 3D neighbourhood: a loop the compiler unrolls
    count_pairs.template operator()<13>();
  else
    count_pairs.template operator()<0>();
  std::vector<CooccurrenceMatrix> matrices(directions, CooccurrenceMatrix(ng));
  for (std::size_t d = 0; d < directions; ++d) {
    auto count = [&](int i, int j) { return tables[(i * width + j + 1) * stride + d]; };  // level j + 1
    auto& counts = matrices[d].counts;
    for (int i = 0; i < ng; ++i)
      for (int j = 0; j < ng; ++j)
        counts[i * ng + j] = symmetric ? static_cast<double>(count(i, j)) + count(j, i) : count(i, j);
  }
  return matrices;
}

namespace {

double entropy_term(double p) {
  return p > 0 ? -p * std::log2(p) : 0.0;
}

double maximal_correlation_coefficient(const std::vector<double>& p, const std::vector<double>& px,
                                       const std::vector<double>& py, int ng, int present_levels) {
  std::vector<int> rows, columns;
  for (int i = 0; i < ng; ++i) {
    if (px[i] > 0) rows.push_back(i);
    if (py[i] > 0) columns.push_back(i);
  }
  if (present_levels < 2) return 1.0;  // PyRadiomics: a flat region has a single eigenvalue
  // Q = Dx^-1 P Dy^-1 P^T is similar to A A^T with A = Dx^-1/2 P Dy^-1/2 (symmetric, same eigenvalues).
  Eigen::MatrixXd a(rows.size(), columns.size());
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (std::size_t c = 0; c < columns.size(); ++c)
      a(r, c) = p[rows[r] * ng + columns[c]] / std::sqrt(px[rows[r]] * py[columns[c]]);
  if (rows.size() < 2) return 0.0;  // the other eigenvalues of Q are 0
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(a * a.transpose(), Eigen::EigenvaluesOnly);
  const auto& eigenvalues = solver.eigenvalues();  // ascending
  return std::sqrt(std::max(0.0, eigenvalues(eigenvalues.size() - 2)));
}

}  // namespace

CooccurrenceStatistics cooccurrence_statistics(const CooccurrenceMatrix& matrix, int normalising_levels,
                                               bool compute_mcc, int present_levels) {
  CooccurrenceStatistics s;
  const int ng = matrix.level_count;
  const double total = matrix.total();
  if (total <= 0) return s;
  s.empty = false;
  std::vector<double> p(matrix.counts.size());
  for (std::size_t k = 0; k < p.size(); ++k) p[k] = matrix.counts[k] / total;

  std::vector<double> px(ng, 0.0), py(ng, 0.0), p_diff(ng, 0.0), p_sum(2 * ng + 1, 0.0);
  for (int i = 0; i < ng; ++i)
    for (int j = 0; j < ng; ++j) {
      const double value = p[i * ng + j];
      if (value == 0) continue;
      px[i] += value;
      py[j] += value;
      p_diff[std::abs(i - j)] += value;
      p_sum[i + j + 2] += value;
      s.joint_maximum = std::max(s.joint_maximum, value);
      s.joint_entropy += entropy_term(value);
      s.angular_second_moment += value * value;
      s.autocorrelation += (i + 1.0) * (j + 1.0) * value;
    }
  double mu_x = 0, mu_y = 0;
  for (int i = 0; i < ng; ++i) {
    mu_x += (i + 1.0) * px[i];
    mu_y += (i + 1.0) * py[i];
  }
  double var_x = 0, var_y = 0, covariance = 0;
  for (int i = 0; i < ng; ++i)
    for (int j = 0; j < ng; ++j) {
      const double value = p[i * ng + j];
      if (value == 0) continue;
      const double di = i + 1.0 - mu_x, dj = j + 1.0 - mu_y;
      var_x += di * di * value;
      var_y += dj * dj * value;
      covariance += di * dj * value;
      const double cluster = di + dj;
      s.cluster_tendency += cluster * cluster * value;
      s.cluster_shade += cluster * cluster * cluster * value;
      s.cluster_prominence += cluster * cluster * cluster * cluster * value;
      s.hxy1 -= value * std::log2(px[i] * py[j]);
    }
  s.joint_average = mu_x;
  s.joint_variance = var_x;
  const double sigma_product = std::sqrt(var_x) * std::sqrt(var_y);
  s.correlation = sigma_product > 0 ? covariance / sigma_product : std::numeric_limits<double>::quiet_NaN();

  for (int k = 0; k < ng; ++k) {
    const double value = p_diff[k];
    s.difference_average += k * value;
    s.difference_entropy += entropy_term(value);
    s.contrast += static_cast<double>(k) * k * value;
    s.inverse_difference += value / (1.0 + k);
    s.normalised_inverse_difference += value / (1.0 + static_cast<double>(k) / normalising_levels);
    s.inverse_difference_moment += value / (1.0 + static_cast<double>(k) * k);
    const double k_normalised = static_cast<double>(k) / normalising_levels;
    s.normalised_inverse_difference_moment += value / (1.0 + k_normalised * k_normalised);
    if (k > 0) s.inverse_variance += value / (static_cast<double>(k) * k);
  }
  s.dissimilarity = s.difference_average;
  for (int k = 0; k < ng; ++k) {
    const double deviation = k - s.difference_average;
    s.difference_variance += deviation * deviation * p_diff[k];
  }
  for (int k = 2; k <= 2 * ng; ++k) {
    s.sum_average += k * p_sum[k];
    s.sum_entropy += entropy_term(p_sum[k]);
  }
  for (int k = 2; k <= 2 * ng; ++k) {
    const double deviation = k - s.sum_average;
    s.sum_variance += deviation * deviation * p_sum[k];
  }

  for (int i = 0; i < ng; ++i) {
    s.hx += entropy_term(px[i]);
    s.hy += entropy_term(py[i]);
  }
  s.hxy = s.joint_entropy;
  for (int i = 0; i < ng; ++i) {
    if (px[i] == 0) continue;
    for (int j = 0; j < ng; ++j) {
      const double product = px[i] * py[j];
      if (product > 0) s.hxy2 -= product * std::log2(product);
    }
  }
  const double information_denominator = std::max(s.hx, s.hy);
  s.information_correlation_1 = information_denominator > 0 ? (s.hxy - s.hxy1) / information_denominator
                                                            : std::numeric_limits<double>::quiet_NaN();
  double mutual_information = s.hxy2 - s.hxy;
  if (mutual_information < 0 && mutual_information > -1e-12) mutual_information = 0;  // rounding
  s.information_correlation_2 = mutual_information >= 0 ? std::sqrt(1.0 - std::exp(-2.0 * mutual_information))
                                                        : std::numeric_limits<double>::quiet_NaN();
  if (compute_mcc)
    s.maximal_correlation_coefficient = maximal_correlation_coefficient(p, px, py, ng, present_levels);
  return s;
}

}  // namespace radstudy::features::texture
