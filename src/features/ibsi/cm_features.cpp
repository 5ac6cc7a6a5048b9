#include "features/ibsi/cm_features.hpp"

#include "features/texture/cooccurrence_matrix.hpp"
#include "features/texture/texture_support.hpp"

namespace radstudy::features::ibsi {
namespace {

using texture::CooccurrenceMatrix;
using texture::CooccurrenceStatistics;
using Feature = texture::TextureFeature<CooccurrenceStatistics>;

// p_ij: joint probability; p_{i-j,k}, p_{i+j,k}: diagonal and cross-diagonal probabilities;
// mu = sum i p_ij; HX, HXY, HXY1, HXY2 as in IBSI 3.6.
const std::vector<Feature>& cm_features() {
  static const std::vector<Feature> features{
      {"JointMaximum", "GYBY", &CooccurrenceStatistics::joint_maximum},            // max p_ij
      {"JointAverage", "60VM", &CooccurrenceStatistics::joint_average},            // sum i p_ij
      {"JointVariance", "UR99", &CooccurrenceStatistics::joint_variance},          // sum (i-mu)^2 p_ij
      {"JointEntropy", "TU9B", &CooccurrenceStatistics::joint_entropy},            // -sum p_ij log2 p_ij
      {"DifferenceAverage", "TF7R", &CooccurrenceStatistics::difference_average},  // sum k p_{i-j,k}
      {"DifferenceVariance", "D3YU",
       &CooccurrenceStatistics::difference_variance},  // sum (k-mu_d)^2 p_{i-j,k}
      {"DifferenceEntropy", "NTRS",
       &CooccurrenceStatistics::difference_entropy},                   // -sum p_{i-j,k} log2 p_{i-j,k}
      {"SumAverage", "ZGXS", &CooccurrenceStatistics::sum_average},    // sum k p_{i+j,k}
      {"SumVariance", "OEEB", &CooccurrenceStatistics::sum_variance},  // sum (k-mu_s)^2 p_{i+j,k}
      {"SumEntropy", "P6QZ", &CooccurrenceStatistics::sum_entropy},    // -sum p_{i+j,k} log2 p_{i+j,k}
      {"AngularSecondMoment", "8ZQL", &CooccurrenceStatistics::angular_second_moment},  // sum p_ij^2
      {"Contrast", "ACUI", &CooccurrenceStatistics::contrast},                          // sum (i-j)^2 p_ij
      {"Dissimilarity", "8S9J", &CooccurrenceStatistics::dissimilarity},                // sum |i-j| p_ij
      {"InverseDifference", "IB1Z", &CooccurrenceStatistics::inverse_difference},  // sum p_ij / (1+|i-j|)
      {"NormalisedInverseDifference", "NDRX",
       &CooccurrenceStatistics::normalised_inverse_difference},  // sum p_ij / (1+|i-j|/Ng)
      {"InverseDifferenceMoment", "WF0Z",
       &CooccurrenceStatistics::inverse_difference_moment},  // sum p_ij / (1+(i-j)^2)
      {"NormalisedInverseDifferenceMoment", "1QCO",
       &CooccurrenceStatistics::normalised_inverse_difference_moment},         // sum p_ij / (1+(i-j)^2/Ng^2)
      {"InverseVariance", "E8JP", &CooccurrenceStatistics::inverse_variance},  // sum_{k>0} p_{i-j,k} / k^2
      {"Correlation", "NI2N", &CooccurrenceStatistics::correlation},  // sum (i-mu)(j-mu) p_ij / sigma^2
      {"Autocorrelation", "QWB0", &CooccurrenceStatistics::autocorrelation},       // sum i j p_ij
      {"ClusterTendency", "DG8W", &CooccurrenceStatistics::cluster_tendency},      // sum (i+j-2mu)^2 p_ij
      {"ClusterShade", "7NFM", &CooccurrenceStatistics::cluster_shade},            // sum (i+j-2mu)^3 p_ij
      {"ClusterProminence", "AE86", &CooccurrenceStatistics::cluster_prominence},  // sum (i+j-2mu)^4 p_ij
      {"InformationCorrelation1", "R8DG",
       &CooccurrenceStatistics::information_correlation_1},  // (HXY - HXY1) / HX
      {"InformationCorrelation2", "JN9H",
       &CooccurrenceStatistics::information_correlation_2},  // sqrt(1 - exp(-2 (HXY2 - HXY)))
  };
  return features;
}

bool wants(const std::vector<std::string>& tokens, const std::string& prefix) {
  for (const auto& token : tokens)
    if (token.rfind(prefix, 0) == 0) return true;
  return false;
}

FeatureValues compute_cm(const RegionData& region) {
  const auto& settings = region.settings;
  const auto tokens = texture::directional_aggregations(settings);
  const int distance = texture::ibsi_distance(settings);
  const texture::TextureGrid& grid = texture::discretised_grid(region, distance);
  const int ng = grid.level_count;
  auto statistics_of = [&](const CooccurrenceMatrix& matrix) {
    return texture::cooccurrence_statistics(matrix, ng);
  };

  std::vector<CooccurrenceStatistics> averaged_3d, merged_3d, averaged_2d, slice_merged_2d,
      direction_merged_25d, merged_25d;
  if (wants(tokens, "3D")) {
    CooccurrenceMatrix total(ng);
    for (const auto& matrix :
         texture::region_cooccurrences(grid, texture::ibsi_directions(distance, -1), true)) {
      averaged_3d.push_back(statistics_of(matrix));
      total.add(matrix);
    }
    merged_3d.push_back(statistics_of(total));
  }
  if (wants(tokens, "2")) {
    const int axis = texture::texture_slice_axis(settings);
    const auto directions = texture::ibsi_directions(distance, axis);
    std::vector<CooccurrenceMatrix> per_direction(directions.size(), CooccurrenceMatrix(ng));
    CooccurrenceMatrix slice_matrix(ng), slice_total(ng), total(ng);
    for (int slice = 0; slice < grid.slice_count(axis); ++slice) {
      slice_total.clear();
      for (std::size_t d = 0; d < directions.size(); ++d) {
        slice_matrix.clear();
        texture::add_cooccurrences(grid, directions[d], axis, slice, slice + 1, true, slice_matrix);
        if (slice_matrix.total() == 0) continue;
        averaged_2d.push_back(statistics_of(slice_matrix));
        slice_total.add(slice_matrix);
        per_direction[d].add(slice_matrix);
      }
      if (slice_total.total() > 0) slice_merged_2d.push_back(statistics_of(slice_total));
    }
    for (const auto& matrix : per_direction) {
      direction_merged_25d.push_back(statistics_of(matrix));
      total.add(matrix);
    }
    merged_25d.push_back(statistics_of(total));
  }

  FeatureValues values;
  for (const auto& token : tokens) {
    const auto& statistics = token == "2Davg"     ? averaged_2d
                             : token == "2Dsmrg"  ? slice_merged_2d
                             : token == "25Ddmrg" ? direction_merged_25d
                             : token == "25Dmrg"  ? merged_25d
                             : token == "3Davg"   ? averaged_3d
                                                  : merged_3d;
    texture::append_aggregated("cm", cm_features(), token, statistics, settings, values);
  }
  return values;
}

}  // namespace

FeatureFamily make_cm_family() {
  return {"cm", "IBSI grey level co-occurrence matrix features (with aggregation suffix)",
          [](const settings::ExtractionSettings& settings) {
            return texture::describe_aggregated("cm", cm_features(),
                                                texture::directional_aggregations(settings), settings);
          },
          compute_cm};
}

}  // namespace radstudy::features::ibsi
