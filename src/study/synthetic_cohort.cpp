#include "study/synthetic_cohort.hpp"

#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <numbers>

#include "core/csv.hpp"
#include "io/image_io.hpp"

namespace radstudy::study {
namespace {

// A smooth random texture: a sum of a few random plane waves, in [-1, 1] roughly.
struct SmoothField {
  struct Wave {
    core::Vec3 frequency;
    double phase;
  };
  std::vector<Wave> waves;

  SmoothField(SeededRandom& random, int count, double max_frequency) {
    for (int k = 0; k < count; ++k)
      waves.push_back(
          {{random.uniform(-max_frequency, max_frequency), random.uniform(-max_frequency, max_frequency),
            random.uniform(-max_frequency, max_frequency)},
           random.uniform(0, 2 * std::numbers::pi)});
  }
  double operator()(const core::Vec3& point) const {
    double sum = 0;
    for (const auto& wave : waves)
      sum += std::sin(wave.frequency[0] * point[0] + wave.frequency[1] * point[1] +
                      wave.frequency[2] * point[2] + wave.phase);
    return sum / std::sqrt(static_cast<double>(waves.size()) / 2.0);
  }
};

// The random stream of case `index`: its clinical values come first, then its image.
SeededRandom case_random(int index, const SyntheticCohortOptions& options) {
  return SeededRandom(options.seed * 1000003ULL + static_cast<std::uint64_t>(index));
}

// The clinical values of a case, drawn first from its stream.
SyntheticCase draw_clinical(int index, bool signal, SeededRandom& random) {
  SyntheticCase patient;
  patient.id = fmt::format("SYN_{:03d}", index + 1);

  // Outcome first, then a lesion whose texture carries a noisy trace of it.
  patient.heterogeneity = random.normal();
  const double link = signal ? 1.0 : 0.0;
  const double risk = link * 1.2 * patient.heterogeneity - 0.7;
  patient.progressive_disease = random.uniform() < 1.0 / (1.0 + std::exp(-risk)) ? 1 : 0;
  patient.age = std::round(random.uniform(38, 78));
  patient.sex = random.uniform() < 0.85 ? "M" : "F";
  patient.albumin = std::round((38.0 - 3.0 * patient.progressive_disease + 4.0 * random.normal()) * 10) / 10;
  patient.bilirubin =
      std::round(std::exp(2.7 + 0.25 * patient.progressive_disease + 0.4 * random.normal()) * 10) / 10;
  const double hazard =
      1.0 / 600.0 * std::exp(0.9 * patient.progressive_disease + link * 0.3 * patient.heterogeneity);
  const double event_time = -std::log(1.0 - random.uniform()) / hazard;
  const double censor_time = random.uniform(200, 900);
  patient.os_days = std::round(std::min(event_time, censor_time));
  patient.death = event_time <= censor_time ? 1 : 0;
  return patient;
}

}  // namespace

SyntheticCase make_synthetic_clinical(int index, const SyntheticCohortOptions& options) {
  SeededRandom random = case_random(index, options);
  return draw_clinical(index, options.signal, random);
}

SyntheticCase make_synthetic_case(int index, const SyntheticCohortOptions& options) {
  SeededRandom random = case_random(index, options);
  SyntheticCase patient = draw_clinical(index, options.signal, random);

  core::Geometry geometry;
  geometry.size = options.size;
  geometry.spacing = options.spacing;
  geometry.origin = {-0.5 * options.size[0] * options.spacing[0], -0.5 * options.size[1] * options.spacing[1],
                     -100.0 - 0.5 * options.size[2] * options.spacing[2]};
  patient.image = core::IntensityImage(geometry, -1000.0f);
  patient.mask = core::Mask(geometry, 0);

  const double extent_x = options.size[0] * options.spacing[0];
  const double extent_y = options.size[1] * options.spacing[1];
  const double extent_z = options.size[2] * options.spacing[2];
  const core::Vec3 volume_centre = geometry.index_to_point(
      {0.5 * (options.size[0] - 1), 0.5 * (options.size[1] - 1), 0.5 * (options.size[2] - 1)});
  const core::Vec3 lesion_centre{volume_centre[0] + random.uniform(-0.12, 0.12) * extent_x,
                                 volume_centre[1] + random.uniform(-0.12, 0.12) * extent_y,
                                 volume_centre[2] + random.uniform(-0.1, 0.1) * extent_z};
  const double base_radius = random.uniform(9.0, 17.0) * (1.0 + 0.12 * patient.heterogeneity);
  const core::Vec3 radii{base_radius * random.uniform(0.8, 1.2), base_radius * random.uniform(0.8, 1.2),
                         base_radius * random.uniform(0.7, 1.0)};
  const double lesion_mean = 95.0 + 10.0 * patient.heterogeneity + 8.0 * random.normal();
  const double lesion_texture = 18.0 + 12.0 * std::max(-1.0, patient.heterogeneity);
  const bool necrotic = random.uniform() < 0.25 + (options.signal ? 0.25 * patient.progressive_disease : 0.0);
  SmoothField organ_texture(random, 6, 0.08);
  SmoothField lesion_field(random, 10, 0.35 + 0.1 * std::max(0.0, patient.heterogeneity));
  SmoothField boundary_field(random, 5, 0.25);

  for (std::size_t z = 0; z < geometry.size[2]; ++z)
    for (std::size_t y = 0; y < geometry.size[1]; ++y)
      for (std::size_t x = 0; x < geometry.size[0]; ++x) {
        const core::Vec3 point = geometry.index_to_point({double(x), double(y), double(z)});
        const double body = std::pow((point[0] - volume_centre[0]) / (0.46 * extent_x), 2) +
                            std::pow((point[1] - volume_centre[1]) / (0.40 * extent_y), 2);
        double value = -1000.0 + 10.0 * random.normal();
        if (body < 1.0) {
          value =
              body > 0.85 ? -100.0 : 50.0 + 8.0 * organ_texture(point);  // fat ring, then liver-like organ
          value += 12.0 * random.normal();
          const core::Vec3 offset{point[0] - lesion_centre[0], point[1] - lesion_centre[1],
                                  point[2] - lesion_centre[2]};
          const double distance =
              std::sqrt(std::pow(offset[0] / radii[0], 2) + std::pow(offset[1] / radii[1], 2) +
                        std::pow(offset[2] / radii[2], 2));
          const double boundary = 1.0 + 0.12 * boundary_field(point) * (1.0 + 0.5 * patient.heterogeneity);
          if (distance < boundary) {
            patient.mask.at(x, y, z) = 1;
            value = lesion_mean + lesion_texture * lesion_field(point) + 14.0 * random.normal();
            if (necrotic && distance < 0.45 * boundary) value = 15.0 + 10.0 * random.normal();
          }
        }
        patient.image.at(x, y, z) = static_cast<float>(std::round(value));
      }
  return patient;
}

std::string write_synthetic_cohort(const std::string& directory, const SyntheticCohortOptions& options) {
  namespace fs = std::filesystem;
  fs::create_directories(fs::path(directory) / "images");
  std::string manifest = "id,image,mask\n";
  std::string clinical = "id,age,sex,albumin,bilirubin,pd,os_days,death\n";
  for (int index = 0; index < options.cases; ++index) {
    const SyntheticCase patient = make_synthetic_case(index, options);
    const std::string image_name = fmt::format("images/{}_image.nii.gz", patient.id);
    const std::string mask_name = fmt::format("images/{}_mask.nii.gz", patient.id);
    io::write_image(patient.image, (fs::path(directory) / image_name).string());
    io::write_mask(patient.mask, (fs::path(directory) / mask_name).string());
    manifest += fmt::format("{},{},{}\n", patient.id, image_name, mask_name);
    clinical +=
        fmt::format("{},{},{},{},{},{},{},{}\n", patient.id, patient.age, patient.sex, patient.albumin,
                    patient.bilirubin, patient.progressive_disease, patient.os_days, patient.death);
  }
  const std::string manifest_path = (fs::path(directory) / "manifest.csv").string();
  core::write_file_atomically(manifest_path, manifest);
  core::write_file_atomically((fs::path(directory) / "clinical.csv").string(), clinical);
  return manifest_path;
}

}  // namespace radstudy::study
