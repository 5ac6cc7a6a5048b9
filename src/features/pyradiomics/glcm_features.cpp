#include "features/pyradiomics/glcm_features.hpp"

#include <cmath>

#include "features/pyradiomics/pyradiomics_texture.hpp"
#include "features/texture/cooccurrence_matrix.hpp"
#include "features/texture/texture_support.hpp"

namespace radstudy::features::pyradiomics {
namespace {

using texture::CooccurrenceMatrix;
using texture::CooccurrenceStatistics;
using Feature = ClassFeature<CooccurrenceStatistics>;

// p(i,j): normalised matrix; p_x, p_y: marginals; mu_x = sum i p(i,j); p_{x+y}, p_{x-y}: sum and
// difference distributions; HX, HXY, HXY1, HXY2: entropies (PyRadiomics' glcm documentation).
const std::vector<Feature>& glcm_features() {
  static const std::vector<Feature> features{
      {"Autocorrelation", "QWB0", &CooccurrenceStatistics::autocorrelation},  // sum p(i,j) i j
      {"JointAverage", "60VM", &CooccurrenceStatistics::joint_average},       // mu_x
      {"ClusterProminence", "AE86",
       &CooccurrenceStatistics::cluster_prominence},                           // sum (i+j-mu_x-mu_y)^4 p(i,j)
      {"ClusterShade", "7NFM", &CooccurrenceStatistics::cluster_shade},        // sum (i+j-mu_x-mu_y)^3 p(i,j)
      {"ClusterTendency", "DG8W", &CooccurrenceStatistics::cluster_tendency},  // sum (i+j-mu_x-mu_y)^2 p(i,j)
      {"Contrast", "ACUI", &CooccurrenceStatistics::contrast},                 // sum (i-j)^2 p(i,j)
      {"Correlation", "NI2N",
       &CooccurrenceStatistics::correlation},  // (sum p(i,j) i j - mu_x mu_y) / (s_x s_y); 1 if flat
      {"DifferenceAverage", "TF7R", &CooccurrenceStatistics::difference_average},  // sum k p_{x-y}(k)
      {"DifferenceEntropy", "NTRS",
       &CooccurrenceStatistics::difference_entropy},  // -sum p_{x-y} log2 p_{x-y}
      {"DifferenceVariance", "D3YU",
       &CooccurrenceStatistics::difference_variance},                           // sum (k-DA)^2 p_{x-y}(k)
      {"JointEnergy", "8ZQL", &CooccurrenceStatistics::angular_second_moment},  // sum p(i,j)^2
      {"JointEntropy", "TU9B", &CooccurrenceStatistics::joint_entropy},         // -sum p(i,j) log2 p(i,j)
      {"Imc1", "R8DG",
       &CooccurrenceStatistics::information_correlation_1},  // (HXY-HXY1)/max(HX,HY); 0 if flat
      {"Imc2", "JN9H", &CooccurrenceStatistics::information_correlation_2},  // sqrt(1-exp(-2(HXY2-HXY)))
      {"Idm", "WF0Z", &CooccurrenceStatistics::inverse_difference_moment},   // sum p_{x-y}(k) / (1+k^2)
      {"MCC", "",
       &CooccurrenceStatistics::maximal_correlation_coefficient},  // sqrt(2nd largest eigenvalue of Q)
      {"Idmn", "1QCO",
       &CooccurrenceStatistics::normalised_inverse_difference_moment},          // sum p_{x-y}/(1+k^2/Ng^2)
      {"Id", "IB1Z", &CooccurrenceStatistics::inverse_difference},              // sum p_{x-y}(k) / (1+k)
      {"Idn", "NDRX", &CooccurrenceStatistics::normalised_inverse_difference},  // sum p_{x-y}(k) / (1+k/Ng)
      {"InverseVariance", "E8JP", &CooccurrenceStatistics::inverse_variance},   // sum_{k>0} p_{x-y}(k) / k^2
      {"MaximumProbability", "GYBY", &CooccurrenceStatistics::joint_maximum},   // max p(i,j)
      {"SumAverage", "ZGXS", &CooccurrenceStatistics::sum_average},             // sum k p_{x+y}(k)
      {"SumEntropy", "P6QZ", &CooccurrenceStatistics::sum_entropy},             // -sum p_{x+y} log2 p_{x+y}
      {"SumSquares", "UR99", &CooccurrenceStatistics::joint_variance},          // sum (i-mu_x)^2 p(i,j)
  };
  return features;
}

std::vector<FeatureDescription> describe_glcm(const settings::ExtractionSettings& settings) {
  std::vector<FeatureDescription> descriptions;
  const std::string aggregation = directional_ibsi_aggregation(settings);
  for (const auto& feature : glcm_features())
    if (texture::feature_enabled(settings, "glcm", feature.name))
      descriptions.push_back({std::string("glcm_") + feature.name, feature.name, feature.ibsi_key,
                              *feature.ibsi_key ? aggregation : std::string()});
  return descriptions;
}

FeatureValues compute_glcm(const RegionData& region) {
  const auto& settings = region.settings;
  const texture::TextureGrid& grid = texture::discretised_grid(region, angle_padding(region));
  const int ng = grid.level_count;
  const int present_levels = present_level_count(grid);
  const auto angles = class_angles(grid, settings, settings.distances, false);

  std::vector<CooccurrenceMatrix> matrices =
      texture::region_cooccurrences(grid, angles, settings.symmetrical_glcm);
  if (!settings.weighting_norm.empty()) {
    CooccurrenceMatrix weighted(ng);
    for (std::size_t a = 0; a < angles.size(); ++a)
      weighted.add(matrices[a], angle_weight(angles[a], region.image.spacing(), settings.weighting_norm));
    matrices.assign(1, std::move(weighted));
  }
  std::vector<CooccurrenceStatistics> statistics;
  for (const auto& matrix : matrices) {
    auto s = texture::cooccurrence_statistics(matrix, ng, true, present_levels);
    if (s.empty) continue;  // PyRadiomics drops empty angles
    if (std::isnan(s.correlation)) s.correlation = 1.0;
    if (std::isnan(s.information_correlation_1)) s.information_correlation_1 = 0.0;
    statistics.push_back(s);
  }
  FeatureValues values;
  for (const auto& feature : glcm_features())
    if (texture::feature_enabled(settings, "glcm", feature.name))
      values.push_back({std::string("glcm_") + feature.name, texture::mean_of(statistics, feature.field)});
  return values;
}

}  // namespace

FeatureFamily make_glcm_family() {
  return {"glcm", "PyRadiomics gray level co-occurrence matrix features", describe_glcm, compute_glcm};
}

}  // namespace radstudy::features::pyradiomics
