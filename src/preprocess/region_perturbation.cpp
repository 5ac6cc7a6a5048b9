#include "preprocess/region_perturbation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "preprocess/bounding_box.hpp"

namespace radstudy::preprocess {
namespace {

constexpr double kDefaultNoiseSd = 10.0;

std::string amount_text(double amount) {
  std::string text = fmt::format("{}", amount);
  std::replace(text.begin(), text.end(), '.', 'p');
  return text;
}

bool is_2d(const core::Geometry& geometry) { return geometry.size[2] == 1; }

double smallest_spacing(const core::Geometry& geometry) {
  const auto& spacing = geometry.spacing;
  return is_2d(geometry) ? std::min(spacing[0], spacing[1]) : std::min({spacing[0], spacing[1], spacing[2]});
}

// Voxel offsets within `radius_mm` of the centre (in-plane only for a 2D image), the centre excluded.
std::vector<core::Index3> ball_offsets(const core::Geometry& geometry, double radius_mm) {
  const double tolerance = 1e-9;
  std::array<long, 3> reach{0, 0, 0};
  for (int axis = 0; axis < (is_2d(geometry) ? 2 : 3); ++axis)
    reach[axis] = static_cast<long>(std::floor(radius_mm / geometry.spacing[axis] + tolerance));
  std::vector<core::Index3> offsets;
  for (long z = -reach[2]; z <= reach[2]; ++z)
    for (long y = -reach[1]; y <= reach[1]; ++y)
      for (long x = -reach[0]; x <= reach[0]; ++x) {
        if (x == 0 && y == 0 && z == 0) continue;
        const double dx = static_cast<double>(x) * geometry.spacing[0];
        const double dy = static_cast<double>(y) * geometry.spacing[1];
        const double dz = static_cast<double>(z) * geometry.spacing[2];
        if (dx * dx + dy * dy + dz * dz <= radius_mm * radius_mm * (1 + tolerance)) offsets.push_back({x, y, z});
      }
  return offsets;
}

std::size_t count_inside(const core::Mask& mask) {
  return static_cast<std::size_t>(std::count_if(mask.voxels().begin(), mask.voxels().end(), [](auto v) { return v != 0; }));
}

bool inside(const core::Mask& mask, long x, long y, long z) {
  return mask.contains(x, y, z) &&
         mask.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z)) != 0;
}

// A mask on `mask`'s grid holding the voxels of the box [lower, upper] for which `selected(x, y, z)`.
template <typename Predicate>
core::Mask voxels_where(const core::Mask& mask, const core::Index3& lower, const core::Index3& upper,
                        Predicate selected) {
  core::Mask result(mask.geometry(), 0);
  for (long z = lower[2]; z <= upper[2]; ++z)
    for (long y = lower[1]; y <= upper[1]; ++y)
      for (long x = lower[0]; x <= upper[0]; ++x)
        if (selected(x, y, z))
          result.at(static_cast<std::size_t>(x), static_cast<std::size_t>(y), static_cast<std::size_t>(z)) = 1;
  return result;
}

void check_radius(double radius_mm) {
  if (!(radius_mm > 0) || !std::isfinite(radius_mm))
    throw ConfigError(fmt::format("perturbation radius must be a positive number of millimetres (it is {})", radius_mm));
}

// A random direction: uniform on the sphere, or on the circle for a 2D image.
core::Vec3 random_direction(core::SeededRandom& random, bool planar) {
  for (;;) {
    core::Vec3 direction{random.normal(), random.normal(), planar ? 0.0 : random.normal()};
    const double length = std::hypot(direction[0], direction[1], direction[2]);
    if (length > 1e-12) {
      for (auto& component : direction) component /= length;
      return direction;
    }
  }
}

}  // namespace

std::vector<Perturbation> parse_perturbations(const std::string& specification) {
  static const std::map<std::string, PerturbationKind> kinds{{"erode", PerturbationKind::erode},
                                                             {"dilate", PerturbationKind::dilate},
                                                             {"shift", PerturbationKind::shift},
                                                             {"noise", PerturbationKind::noise}};
  std::vector<Perturbation> perturbations;
  std::map<std::string, int> uses;
  std::size_t start = 0;
  while (start <= specification.size()) {
    std::size_t end = specification.find(',', start);
    if (end == std::string::npos) end = specification.size();
    const std::string item = specification.substr(start, end - start);
    start = end + 1;
    if (item.empty()) {
      if (end == specification.size() && !perturbations.empty()) break;
      throw ConfigError(fmt::format("--perturb '{}': an empty item (use e.g. erode,dilate,shift,noise)", specification));
    }
    const auto colon = item.find(':');
    const std::string kind_text = item.substr(0, colon);
    const auto kind = kinds.find(kind_text);
    if (kind == kinds.end())
      throw ConfigError(fmt::format("--perturb '{}': unknown perturbation '{}' (known: erode, dilate, shift, noise)",
                                    specification, kind_text));
    Perturbation perturbation;
    perturbation.kind = kind->second;
    perturbation.name = kind_text;
    if (colon != std::string::npos) {
      const std::string number = item.substr(colon + 1);
      double amount = 0;
      try {
        std::size_t used = 0;
        amount = std::stod(number, &used);
        if (used != number.size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        throw ConfigError(fmt::format("--perturb '{}': '{}' in '{}' is not a number", specification, number, item));
      }
      if (!(amount > 0) || !std::isfinite(amount))
        throw ConfigError(fmt::format("--perturb '{}': the amount in '{}' must be positive", specification, item));
      perturbation.amount = amount;
      perturbation.name += "_" + amount_text(amount) + (perturbation.kind == PerturbationKind::noise ? "" : "mm");
    }
    const int use = ++uses[perturbation.name];
    if (use > 1) perturbation.name += fmt::format("_{}", use);
    perturbations.push_back(std::move(perturbation));
    if (end == specification.size()) break;
  }
  return perturbations;
}

core::Mask eroded(const core::Mask& mask, double radius_mm) {
  check_radius(radius_mm);
  const auto offsets = ball_offsets(mask.geometry(), radius_mm);
  const auto box = find_bounding_box(mask);
  return voxels_where(mask, box.lower, box.upper, [&](long x, long y, long z) {
    return inside(mask, x, y, z) && std::all_of(offsets.begin(), offsets.end(), [&](const core::Index3& offset) {
             return inside(mask, x + offset[0], y + offset[1], z + offset[2]);
           });
  });
}

core::Mask dilated(const core::Mask& mask, double radius_mm) {
  check_radius(radius_mm);
  const auto offsets = ball_offsets(mask.geometry(), radius_mm);
  const auto box = find_bounding_box(mask);
  core::Index3 reach{0, 0, 0};
  for (const auto& offset : offsets)
    for (int axis = 0; axis < 3; ++axis) reach[axis] = std::max(reach[axis], std::abs(offset[axis]));
  core::Index3 lower, upper;
  for (int axis = 0; axis < 3; ++axis) {
    lower[axis] = std::max(0L, box.lower[axis] - reach[axis]);
    upper[axis] = std::min(static_cast<long>(mask.size()[axis]) - 1, box.upper[axis] + reach[axis]);
  }
  return voxels_where(mask, lower, upper, [&](long x, long y, long z) {
    return inside(mask, x, y, z) || std::any_of(offsets.begin(), offsets.end(), [&](const core::Index3& offset) {
             return inside(mask, x - offset[0], y - offset[1], z - offset[2]);
           });
  });
}

core::Mask shifted(const core::Mask& mask, const std::array<long, 3>& offset_voxels) {
  core::Mask result(mask.geometry(), 0);
  const auto& size = mask.size();
  for (std::size_t z = 0; z < size[2]; ++z)
    for (std::size_t y = 0; y < size[1]; ++y)
      for (std::size_t x = 0; x < size[0]; ++x) {
        if (mask.at(x, y, z) == 0) continue;
        const long to_x = static_cast<long>(x) + offset_voxels[0];
        const long to_y = static_cast<long>(y) + offset_voxels[1];
        const long to_z = static_cast<long>(z) + offset_voxels[2];
        if (result.contains(to_x, to_y, to_z))
          result.at(static_cast<std::size_t>(to_x), static_cast<std::size_t>(to_y), static_cast<std::size_t>(to_z)) = 1;
      }
  return result;
}

PerturbationRecord apply_perturbation(const Perturbation& perturbation, core::IntensityImage& image, core::Mask& mask,
                                      std::uint64_t seed) {
  PerturbationRecord record;
  record.voxels_before = count_inside(mask);
  core::SeededRandom random(seed);
  const double default_mm = smallest_spacing(mask.geometry());
  switch (perturbation.kind) {
    case PerturbationKind::erode:
      record.amount = perturbation.amount.value_or(default_mm);
      mask = eroded(mask, record.amount);
      break;
    case PerturbationKind::dilate:
      record.amount = perturbation.amount.value_or(default_mm);
      mask = dilated(mask, record.amount);
      break;
    case PerturbationKind::shift: {
      record.amount = perturbation.amount.value_or(default_mm);
      const bool planar = is_2d(mask.geometry());
      const auto direction = random_direction(random, planar);
      int largest = 0;
      for (int axis = 0; axis < 3; ++axis) {
        const double voxels = record.amount * direction[axis] / mask.spacing()[axis];
        record.shift_voxels[axis] = std::lround(voxels);
        if (std::abs(voxels) > std::abs(record.amount * direction[largest] / mask.spacing()[largest])) largest = axis;
      }
      if (record.shift_voxels == std::array<long, 3>{0, 0, 0}) record.shift_voxels[largest] = direction[largest] < 0 ? -1 : 1;
      mask = shifted(mask, record.shift_voxels);
      break;
    }
    case PerturbationKind::noise: {
      record.amount = perturbation.amount.value_or(kDefaultNoiseSd);
      const auto stored = image.stored_pixel_type();
      for (auto& value : image.voxels()) {
        const double noisy = static_cast<double>(value) + record.amount * random.normal();
        value = static_cast<float>(core::is_integer(stored) ? core::cast_to_pixel_type(std::round(noisy), stored)
                                                            : noisy);
      }
      break;
    }
  }
  record.voxels_after = count_inside(mask);
  if (record.voxels_after == 0)
    throw InputError(fmt::format("perturbation {} leaves an empty region ({} voxels before)", perturbation.name,
                                 record.voxels_before));
  return record;
}

}  // namespace radstudy::preprocess
