#include "models/nearest_neighbours.hpp"

#include <fmt/format.h>

#include <cfloat>

#include "core/errors.hpp"

namespace radstudy::models {

void NearestNeighbours::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t) {
  if (x.rows() == 0 || static_cast<std::size_t>(x.rows()) != y.size())
    throw InputError("knn: the training set is empty or its labels do not match its rows");
  train_ = x;
  labels_ = y;
}

std::vector<double> NearestNeighbours::score(const Eigen::MatrixXd& x) const {
  if (x.cols() != train_.cols())
    throw InputError(fmt::format("knn: the model has {} features, the data {}", train_.cols(), x.cols()));
  constexpr double kFuzz = 1e-4;  // VR_knn's EPS
  const int train_count = static_cast<int>(train_.rows());
  const int k = std::min(k_, train_count);
  std::vector<double> scores;
  scores.reserve(static_cast<std::size_t>(x.rows()));
  // VR_knn keeps a sorted list of the nearest distances, growing past k while the largest kept ties
  // with the k-th. Every insertion can grow it by one (also while the k-th is still the initial
  // 0.99 DBL_MAX, which ties with the empty slots), so it holds up to k + train_count entries and the
  // sentinel after them (R's fixed 1000 slots; with train_count + 1 slots a training set of fewer than
  // 2 k - 1 cases wrote past the end).
  const auto slots = static_cast<std::size_t>(k + train_count) + 1;
  std::vector<double> nearest(slots);
  std::vector<int> position(slots);
  for (Eigen::Index row = 0; row < x.rows(); ++row) {
    int kept = k;  // VR_knn's kn
    for (int j = 0; j <= k; ++j) nearest[static_cast<std::size_t>(j)] = 0.99 * DBL_MAX;
    for (int j = 0; j < train_count; ++j) {
      double distance = 0.0;
      for (Eigen::Index f = 0; f < x.cols(); ++f) {
        const double difference = x(row, f) - train_(j, f);
        distance += difference * difference;
      }
      if (distance <= nearest[static_cast<std::size_t>(k - 1)] * (1.0 + kFuzz)) {
        for (int slot = 0; slot <= kept; ++slot) {
          if (distance < nearest[static_cast<std::size_t>(slot)]) {
            for (int moved = kept; moved > slot; --moved) {
              nearest[static_cast<std::size_t>(moved)] = nearest[static_cast<std::size_t>(moved - 1)];
              position[static_cast<std::size_t>(moved)] = position[static_cast<std::size_t>(moved - 1)];
            }
            nearest[static_cast<std::size_t>(slot)] = distance;
            position[static_cast<std::size_t>(slot)] = j;
            if (nearest[static_cast<std::size_t>(kept)] <= nearest[static_cast<std::size_t>(k - 1)]) ++kept;
            break;
          }
        }
      }
      nearest[static_cast<std::size_t>(kept)] = 0.99 * DBL_MAX;
    }
    int votes_for_one = 0, voters = 0;
    for (int j = 0; j < k; ++j, ++voters) votes_for_one += labels_[static_cast<std::size_t>(position[static_cast<std::size_t>(j)])];
    for (int j = k; j < kept; ++j, ++voters) {
      if (nearest[static_cast<std::size_t>(j)] > nearest[static_cast<std::size_t>(k - 1)] * (1.0 + kFuzz)) break;
      votes_for_one += labels_[static_cast<std::size_t>(position[static_cast<std::size_t>(j)])];
    }
    scores.push_back(static_cast<double>(votes_for_one) / voters);
  }
  return scores;
}

nlohmann::json NearestNeighbours::to_json() const {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < train_.rows(); ++i) {
    std::vector<double> values;
    for (Eigen::Index j = 0; j < train_.cols(); ++j) values.push_back(train_(i, j));
    rows.push_back(values);
  }
  return {{"name", name()}, {"k", k_}, {"training_cases", rows}, {"training_labels", labels_}};
}

std::unique_ptr<Classifier> NearestNeighbours::from_json(const nlohmann::json& model) {
  auto result = std::make_unique<NearestNeighbours>(model.at("k").get<int>());
  const auto& rows = model.at("training_cases");
  result->labels_ = model.at("training_labels").get<std::vector<int>>();
  const std::size_t columns = rows.empty() ? 0 : rows.front().size();
  result->train_.resize(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(columns));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].size() != columns) throw InputError("knn model: training cases of different lengths");
    for (std::size_t j = 0; j < columns; ++j)
      result->train_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j].get<double>();
  }
  if (result->labels_.size() != rows.size() || rows.empty()) throw InputError("knn model: labels do not match the training cases");
  return result;
}

}  // namespace radstudy::models
