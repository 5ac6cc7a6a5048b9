#include "features/mesh/marching_cubes.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "features/mesh/marching_cubes_table.hpp"

namespace radstudy::features::mesh {
namespace {

// Cube corners as (x, y, z) offsets from the cube origin (Lorensen-Cline / Bourke numbering).
constexpr int kCorner[8][3] = {{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {0, 1, 0},
                               {0, 0, 1}, {1, 0, 1}, {1, 1, 1}, {0, 1, 1}};
// Edge midpoints as doubled (x, y, z) offsets from the doubled cube origin.
constexpr int kEdgeMidpoint[12][3] = {{1, 0, 0}, {2, 1, 0}, {1, 2, 0}, {0, 1, 0}, {1, 0, 2}, {2, 1, 2},
                                      {1, 2, 2}, {0, 1, 2}, {0, 0, 1}, {2, 0, 1}, {2, 2, 1}, {0, 2, 1}};

// Cube corners joined by each edge.
constexpr int kEdgeCorners[12][2] = {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6},
                                     {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};

// The edges a configuration's surface crosses: those whose corners differ.
unsigned crossed_edges(unsigned configuration) {
  unsigned edges = 0;
  for (int e = 0; e < 12; ++e)
    if (((configuration >> kEdgeCorners[e][0]) ^ (configuration >> kEdgeCorners[e][1])) & 1u)
      edges |= 1u << e;
  return edges;
}

// PyRadiomics' table (radiomics/src/cshape.c) gives every piece of a multi-piece configuration the
// triangles of that piece alone, except in configuration 58 (corners 1, 3, 4, 5), where the piece
// {1, 4, 5} keeps the classic triangles (its pentagon split along 1-8, not along 0-7 as in
// configuration 50). The diagonal changes area and volume, so we follow it.
constexpr unsigned kKeepsClassicTriangles = 58;

TriangleTable build_region_triangles() {
  TriangleTable table{};
  for (unsigned configuration = 0; configuration < 128; ++configuration) {
    const auto& classic = kClassicTriangleTable[configuration];
    if (configuration == kKeepsClassicTriangles) {
      std::copy(std::begin(classic), std::end(classic), table[configuration].begin());
      continue;
    }
    int triangle_count = 0;
    while (triangle_count < 5 && classic[3 * triangle_count] >= 0) ++triangle_count;
    // Surface pieces: triangles joined through shared vertices (edges), by union-find.
    int parent[5] = {0, 1, 2, 3, 4};
    auto find = [&parent](int t) {
      while (parent[t] != t) t = parent[t];
      return t;
    };
    for (int a = 0; a < triangle_count; ++a)
      for (int b = a + 1; b < triangle_count; ++b)
        for (int i = 0; i < 3; ++i)
          for (int j = 0; j < 3; ++j)
            if (classic[3 * a + i] == classic[3 * b + j]) parent[find(b)] = find(a);
    std::array<std::int8_t, 16> row;
    row.fill(-1);
    int written = 0;
    for (int root = 0; root < triangle_count; ++root) {
      if (find(root) != root) continue;
      unsigned piece_edges = 0;
      for (int t = 0; t < triangle_count; ++t)
        if (find(t) == root)
          for (int i = 0; i < 3; ++i) piece_edges |= 1u << classic[3 * t + i];
      // The configuration of this piece alone: a subset of the inside corners crossing exactly its edges.
      unsigned piece = configuration;
      if (piece_edges != crossed_edges(configuration))
        for (unsigned subset = (configuration - 1) & configuration; subset;
             subset = (subset - 1) & configuration)
          if (crossed_edges(subset) == piece_edges) {
            piece = subset;
            break;
          }
      const auto& source = kClassicTriangleTable[piece];
      if (piece == configuration) {
        for (int t = 0; t < triangle_count; ++t)
          if (find(t) == root)
            for (int i = 0; i < 3; ++i) row[written++] = classic[3 * t + i];
      } else {
        for (int k = 0; k < 15 && source[k] >= 0; ++k) row[written++] = source[k];
      }
    }
    table[configuration] = row;
  }
  return table;
}

}  // namespace

const TriangleTable& region_triangles() {
  static const TriangleTable table = build_region_triangles();
  return table;
}

namespace {

// Cube configuration from the corner codes of its two x-columns: a column code holds the voxels
// (y, z), (y + 1, z), (y, z + 1), (y + 1, z + 1) in bits 0-3; index = low column | high column << 4.
std::array<std::uint8_t, 256> build_configuration_of_columns() {
  std::array<std::uint8_t, 256> table{};
  for (unsigned columns = 0; columns < 256; ++columns) {
    unsigned configuration = 0;
    for (int c = 0; c < 8; ++c)
      configuration |= ((columns >> (4 * kCorner[c][0] + kCorner[c][1] + 2 * kCorner[c][2])) & 1u) << c;
    table[columns] = static_cast<std::uint8_t>(configuration);
  }
  return table;
}

// Calls visit(i) for each i < count with flags[i] != 0, ascending, skipping zero flags eight at a time.
template <typename Visit>
void for_each_flagged(const std::uint8_t* flags, std::size_t count, Visit&& visit) {
  std::size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, flags + i, sizeof word);
    if (word == 0) continue;
    for (std::size_t k = i; k < i + 8; ++k)
      if (flags[k]) visit(k);
  }
  for (; i < count; ++i)
    if (flags[i]) visit(i);
}

}  // namespace

SurfaceMesh build_surface_mesh(const core::Mask& mask) {
  SurfaceMesh mesh;
  mesh.spacing = mask.spacing();
  const auto& size = mask.size();
  // Padded copy: one background layer on every side.
  const std::size_t px = size[0] + 2, py = size[1] + 2, pz = size[2] + 2;
  std::vector<std::uint8_t> padded(px * py * pz, 0);
  const std::uint8_t* voxels = mask.voxels().data();
  // Lowest region voxel index along each axis (the region's bounding-box corner).
  std::size_t region_low[3] = {size[0], size[1], size[2]};
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y) {
      const std::uint8_t* source = voxels + size[0] * (y + size[1] * z);
      std::uint8_t* target = padded.data() + 1 + px * ((y + 1) + py * (z + 1));
      for (std::size_t x = 0; x < size[0]; ++x) target[x] = source[x] != 0;
      const std::uint8_t* first =
          std::find_if(source, source + size[0], [](std::uint8_t v) { return v != 0; });
      if (first == source + size[0]) continue;
      region_low[0] = std::min(region_low[0], static_cast<std::size_t>(first - source));
      region_low[1] = std::min(region_low[1], y);
      region_low[2] = std::min(region_low[2], z);
    }

  static const std::array<std::uint8_t, 256> configuration_of_columns = build_configuration_of_columns();
  const TriangleTable& triangle_table = region_triangles();
  // The volume frame: the origin is the voxel before the region's bounding-box corner, as in
  // PyRadiomics (shape sees the mask cropped to the bounding box, then padded by one voxel). The mesh
  // is not always closed (an ambiguous face can be split one way by one cube and the other way by its
  // neighbour), so the divergence sum depends on the origin: fixing it to the region rather than to
  // the crop (padDistance, clipped at the image edge) makes the volume PyRadiomics' and independent of
  // the crop. In padded indices the frame's origin is region_low (padded index 1 is voxel 0).
  long frame_origin[3];
  for (int d = 0; d < 3; ++d) frame_origin[d] = static_cast<long>(std::min(region_low[d], size[d]));
  std::vector<std::uint8_t> columns(px), pairs(px), crossed(px);
  double signed_volume = 0.0, area = 0.0;
  for (std::size_t z = 0; z + 1 < pz; ++z)
    for (std::size_t y = 0; y + 1 < py; ++y) {
      const std::uint8_t* row = padded.data() + px * (y + py * z);
      const std::uint8_t* next_y = row + px;
      const std::uint8_t* next_z = row + px * py;
      const std::uint8_t* next_yz = next_z + px;
      std::uint8_t any = 0;
      for (std::size_t x = 0; x < px; ++x) {
        columns[x] = static_cast<std::uint8_t>(row[x] | next_y[x] << 1 | next_z[x] << 2 | next_yz[x] << 3);
        any |= columns[x];
      }
      if (any == 0) continue;
      // Cubes the surface crosses: not all corners equal.
      for (std::size_t x = 0; x + 1 < px; ++x) {
        pairs[x] = static_cast<std::uint8_t>(columns[x] | columns[x + 1] << 4);
        crossed[x] = pairs[x] != 0 && pairs[x] != 255;
      }
      for_each_flagged(crossed.data(), px - 1, [&](std::size_t x) {
        unsigned configuration = configuration_of_columns[pairs[x]];
        // The table holds configurations 0-127; a complement has the same surface, reversed.
        double orientation = 1.0;
        if (configuration & 0x80) {
          configuration ^= 0xff;
          orientation = -1.0;
        }
        // Cube origin on the doubled grid of the volume frame (padded index 1 is voxel 0).
        const long cube[3] = {2 * (static_cast<long>(x) - frame_origin[0]),
                              2 * (static_cast<long>(y) - frame_origin[1]),
                              2 * (static_cast<long>(z) - frame_origin[2])};
        const auto& triangles = triangle_table[configuration];
        for (int t = 0; t < 5 && triangles[3 * t] >= 0; ++t) {
          double a[3], b[3], c[3];
          for (int d = 0; d < 3; ++d) {
            a[d] = 0.5 * static_cast<double>(cube[d] + kEdgeMidpoint[triangles[3 * t]][d]) * mesh.spacing[d];
            b[d] =
                0.5 * static_cast<double>(cube[d] + kEdgeMidpoint[triangles[3 * t + 1]][d]) * mesh.spacing[d];
            c[d] =
                0.5 * static_cast<double>(cube[d] + kEdgeMidpoint[triangles[3 * t + 2]][d]) * mesh.spacing[d];
          }
          const double bxc[3] = {b[1] * c[2] - b[2] * c[1], b[2] * c[0] - b[0] * c[2],
                                 b[0] * c[1] - b[1] * c[0]};
          signed_volume += orientation * (a[0] * bxc[0] + a[1] * bxc[1] + a[2] * bxc[2]);
          const double ab[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
          const double ac[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
          const double normal[3] = {ab[1] * ac[2] - ab[2] * ac[1], ab[2] * ac[0] - ab[0] * ac[2],
                                    ab[0] * ac[1] - ab[1] * ac[0]};
          area += 0.5 * std::sqrt(normal[0] * normal[0] + normal[1] * normal[1] + normal[2] * normal[2]);
        }
      });
    }
  mesh.volume = std::abs(signed_volume) / 6.0;
  mesh.area = area;

  // Vertices: midpoints of the 6-neighbour pairs that the region boundary separates, in the order
  // (z, y, x, axis).
  std::vector<std::uint8_t> changes(px);
  mesh.vertex_low = {-2, INT_MAX, INT_MAX};
  mesh.vertex_high = {2 * static_cast<int>(px) - 3, INT_MIN, INT_MIN};
  for (std::size_t z = 0; z < pz; ++z)
    for (std::size_t y = 0; y < py; ++y) {
      const std::uint8_t* row = padded.data() + px * (y + py * z);
      // Bit `axis` of changes[x]: voxel x differs from its successor along `axis`.
      std::uint8_t any = 0;
      for (std::size_t x = 0; x + 1 < px; ++x) {
        changes[x] = row[x] ^ row[x + 1];
        any |= changes[x];
      }
      changes[px - 1] = 0;
      if (y + 1 < py) {
        const std::uint8_t* next = row + px;
        for (std::size_t x = 0; x < px; ++x) {
          changes[x] |= static_cast<std::uint8_t>((row[x] ^ next[x]) << 1);
          any |= changes[x];
        }
      }
      if (z + 1 < pz) {
        const std::uint8_t* next = row + px * py;
        for (std::size_t x = 0; x < px; ++x) {
          changes[x] |= static_cast<std::uint8_t>((row[x] ^ next[x]) << 2);
          any |= changes[x];
        }
      }
      if (any == 0) continue;
      // Vertices of this row lie between doubled indices 2 (index - 1) and 2 (index - 1) + 1.
      const int row_y = 2 * (static_cast<int>(y) - 1), row_z = 2 * (static_cast<int>(z) - 1);
      mesh.vertex_low[1] = std::min(mesh.vertex_low[1], row_y);
      mesh.vertex_high[1] = std::max(mesh.vertex_high[1], row_y + 1);
      mesh.vertex_low[2] = std::min(mesh.vertex_low[2], row_z);
      mesh.vertex_high[2] = std::max(mesh.vertex_high[2], row_z + 1);
      for_each_flagged(changes.data(), px, [&](std::size_t x) {
        const DoubledIndex corner{2 * (static_cast<int>(x) - 1), 2 * (static_cast<int>(y) - 1),
                                  2 * (static_cast<int>(z) - 1)};
        for (int axis = 0; axis < 3; ++axis)
          if (changes[x] >> axis & 1) {
            DoubledIndex vertex = corner;
            vertex[axis] += 1;
            mesh.vertices.push_back(vertex);
          }
      });
    }
  return mesh;
}

namespace {

std::vector<DoubledIndex> line_extremes_within(const std::vector<DoubledIndex>& vertices, int axis,
                                               const DoubledIndex& low, const DoubledIndex& high) {
  const int u = (axis + 1) % 3, v = (axis + 2) % 3;
  const std::size_t nu = static_cast<std::size_t>(high[u] - low[u] + 1);
  const std::size_t nv = static_cast<std::size_t>(high[v] - low[v] + 1);
  std::vector<int> line_min(nu * nv, INT_MAX), line_max(nu * nv, INT_MIN);
  for (const auto& vertex : vertices) {
    const std::size_t line =
        static_cast<std::size_t>(vertex[u] - low[u]) + nu * static_cast<std::size_t>(vertex[v] - low[v]);
    line_min[line] = std::min(line_min[line], vertex[axis]);
    line_max[line] = std::max(line_max[line], vertex[axis]);
  }
  std::vector<DoubledIndex> extremes;
  extremes.reserve(std::min(vertices.size(), 2 * nu * nv));
  for (std::size_t j = 0; j < nv; ++j)
    for (std::size_t i = 0; i < nu; ++i) {
      const std::size_t line = i + nu * j;
      if (line_min[line] == INT_MAX) continue;
      DoubledIndex vertex{};
      vertex[u] = low[u] + static_cast<int>(i);
      vertex[v] = low[v] + static_cast<int>(j);
      vertex[axis] = line_min[line];
      extremes.push_back(vertex);
      if (line_max[line] != line_min[line]) {
        vertex[axis] = line_max[line];
        extremes.push_back(vertex);
      }
    }
  return extremes;
}

}  // namespace

std::vector<DoubledIndex> line_extremes(const std::vector<DoubledIndex>& vertices, int axis) {
  if (vertices.empty()) return {};
  DoubledIndex low{INT_MAX, INT_MAX, INT_MAX}, high{INT_MIN, INT_MIN, INT_MIN};
  for (const auto& vertex : vertices)
    for (int d = 0; d < 3; ++d) {
      low[d] = std::min(low[d], vertex[d]);
      high[d] = std::max(high[d], vertex[d]);
    }
  return line_extremes_within(vertices, axis, low, high);
}

std::vector<DoubledIndex> line_extremes(const SurfaceMesh& mesh, int axis) {
  if (mesh.vertices.empty()) return {};
  return line_extremes_within(mesh.vertices, axis, mesh.vertex_low, mesh.vertex_high);
}

}  // namespace radstudy::features::mesh
