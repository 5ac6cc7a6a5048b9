#include "models/recursive_partitioning.hpp"

#include <numeric>

namespace radstudy::models {

void RecursivePartitioning::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t) {
  std::vector<std::size_t> rows(static_cast<std::size_t>(x.rows()));
  std::iota(rows.begin(), rows.end(), 0);
  tree_.fit(x, y, rows, TreeGrowth{});
}

std::vector<double> RecursivePartitioning::score(const Eigen::MatrixXd& x) const {
  tree_.check_width(x, name());
  std::vector<double> scores(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index row = 0; row < x.rows(); ++row) scores[static_cast<std::size_t>(row)] = tree_.probability(x, row);
  return scores;
}

nlohmann::json RecursivePartitioning::to_json() const { return {{"name", name()}, {"tree", tree_.to_json()}}; }

std::unique_ptr<RecursivePartitioning> RecursivePartitioning::from_json(const nlohmann::json& model) {
  auto result = std::make_unique<RecursivePartitioning>();
  result->tree_ = ClassificationTree::from_json(model.at("tree"));
  return result;
}

}  // namespace radstudy::models
