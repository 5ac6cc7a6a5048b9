#include "features/mesh/marching_squares.hpp"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>

namespace radstudy::features::mesh {
namespace {

// Square corners as doubled (u, v) offsets from the doubled square origin, counter-clockwise.
constexpr int kCorner[4][2] = {{0, 0}, {2, 0}, {2, 2}, {0, 2}};
// Edge e joins corners e and (e + 1) % 4; its midpoint as a doubled offset.
constexpr int kEdgeMidpoint[4][2] = {{1, 0}, {2, 1}, {1, 2}, {0, 1}};

// The lines of one square configuration (bit c: corner c inside), at most two, each as the edges
// of its two ends, oriented so that the inside lies on the left.
struct SquareLines {
  int count = 0;
  std::array<std::array<int, 2>, 2> edges{};
};

constexpr int cross(int ax, int ay, int bx, int by) {
  return ax * by - ay * bx;
}

constexpr std::array<int, 2> oriented(int from_edge, int to_edge, int inside_corner) {
  const int* p = kEdgeMidpoint[from_edge];
  const int* q = kEdgeMidpoint[to_edge];
  const int* c = kCorner[inside_corner];
  if (cross(q[0] - p[0], q[1] - p[1], c[0] - p[0], c[1] - p[1]) > 0) return {from_edge, to_edge};
  return {to_edge, from_edge};
}

constexpr std::array<SquareLines, 16> build_square_lines() {
  std::array<SquareLines, 16> table{};
  for (int configuration = 1; configuration < 15; ++configuration) {
    SquareLines& lines = table[configuration];
    if (configuration == 0b0101 || configuration == 0b1010) {
      // Saddle: cut off each inside corner on its own (between its two adjacent edges).
      for (int corner = 0; corner < 4; ++corner)
        if (configuration >> corner & 1)
          lines.edges[lines.count++] = oriented((corner + 3) % 4, corner, corner);
      continue;
    }
    int crossed[2] = {0, 0}, crossed_count = 0, inside_corner = 0;
    for (int edge = 0; edge < 4; ++edge) {
      if (((configuration >> edge) ^ (configuration >> ((edge + 1) % 4))) & 1)
        crossed[crossed_count++] = edge;
      if (configuration >> edge & 1) inside_corner = edge;
    }
    lines.edges[lines.count++] = oriented(crossed[0], crossed[1], inside_corner);
  }
  return table;
}

constexpr std::array<SquareLines, 16> kSquareLines = build_square_lines();

}  // namespace

PlanarContour trace_planar_contour(const PlanarMask& mask) {
  PlanarContour contour;
  const std::size_t pu = mask.columns + 2, pv = mask.rows + 2;
  std::vector<std::uint8_t> padded(pu * pv, 0);
  for (std::size_t v = 0; v < mask.rows; ++v)
    for (std::size_t u = 0; u < mask.columns; ++u)
      padded[(u + 1) + pu * (v + 1)] = mask.pixels[u + mask.columns * v] != 0;

  // Twice the doubled-grid cross products (exact integers), and the lines by direction: along u,
  // along v, diagonal (the only lengths a line can have).
  long long doubled_cross_sum = 0;
  std::size_t lines_along_u = 0, lines_along_v = 0, diagonal_lines = 0;
  for (std::size_t v = 0; v + 1 < pv; ++v)
    for (std::size_t u = 0; u + 1 < pu; ++u) {
      const std::size_t base = u + pu * v;
      const unsigned configuration =
          padded[base] | padded[base + 1] << 1 | padded[base + 1 + pu] << 2 | padded[base + pu] << 3;
      const SquareLines& lines = kSquareLines[configuration];
      const long long origin_u = 2 * static_cast<long long>(u), origin_v = 2 * static_cast<long long>(v);
      for (int l = 0; l < lines.count; ++l) {
        const int* a = kEdgeMidpoint[lines.edges[l][0]];
        const int* b = kEdgeMidpoint[lines.edges[l][1]];
        const long long au = origin_u + a[0], av = origin_v + a[1], bu = origin_u + b[0],
                        bv = origin_v + b[1];
        doubled_cross_sum += au * bv - av * bu;
        if (a[1] == b[1])
          ++lines_along_u;
        else if (a[0] == b[0])
          ++lines_along_v;
        else
          ++diagonal_lines;
      }
    }
  const double su = mask.column_spacing, sv = mask.row_spacing;
  // Doubled coordinates: the area is (sum of cross products) / 2 / 4.
  contour.area = static_cast<double>(doubled_cross_sum) * su * sv / 8.0;
  contour.perimeter = static_cast<double>(lines_along_u) * su + static_cast<double>(lines_along_v) * sv +
                      static_cast<double>(diagonal_lines) * 0.5 * std::sqrt(su * su + sv * sv);

  // Vertices: midpoints of the 4-neighbour pairs that differ. Of each doubled row only the lowest
  // and highest u can be a convex-hull vertex, so only they can end the farthest pair.
  const std::size_t doubled_rows = 2 * pv;
  std::vector<long long> row_min(doubled_rows, LLONG_MAX), row_max(doubled_rows, LLONG_MIN);
  auto add_vertex = [&](long long du, std::size_t dv) {
    row_min[dv] = std::min(row_min[dv], du);
    row_max[dv] = std::max(row_max[dv], du);
  };
  for (std::size_t v = 0; v < pv; ++v)
    for (std::size_t u = 0; u < pu; ++u) {
      const std::size_t index = u + pu * v;
      if (u + 1 < pu && padded[index] != padded[index + 1])
        add_vertex(2 * static_cast<long long>(u) + 1, 2 * v);
      if (v + 1 < pv && padded[index] != padded[index + pu])
        add_vertex(2 * static_cast<long long>(u), 2 * v + 1);
    }
  std::vector<std::array<double, 2>> candidates;
  for (std::size_t dv = 0; dv < doubled_rows; ++dv) {
    if (row_min[dv] == LLONG_MAX) continue;
    candidates.push_back({0.5 * static_cast<double>(row_min[dv]) * su, 0.5 * static_cast<double>(dv) * sv});
    if (row_max[dv] != row_min[dv])
      candidates.push_back({0.5 * static_cast<double>(row_max[dv]) * su, 0.5 * static_cast<double>(dv) * sv});
  }
  double farthest = 0.0;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    for (std::size_t j = i + 1; j < candidates.size(); ++j) {
      const double du = candidates[i][0] - candidates[j][0], dv = candidates[i][1] - candidates[j][1];
      farthest = std::max(farthest, du * du + dv * dv);
    }
  contour.diameter = std::sqrt(farthest);
  return contour;
}

}  // namespace radstudy::features::mesh
