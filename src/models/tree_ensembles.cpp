#include "models/tree_ensembles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/errors.hpp"

namespace radstudy::models {
namespace {

constexpr int kBaggedTrees = 25;
constexpr int kForestTrees = 500;
constexpr int kBoostingRounds = 100;

std::vector<std::size_t> bootstrap_sample(std::size_t n, core::SeededRandom& random) {
  std::vector<std::size_t> rows(n);
  for (auto& row : rows) row = static_cast<std::size_t>(random.below(n));
  return rows;
}

// The share of the trees whose leaf has a class-1 majority (a tree votes 0 on an even leaf).
std::vector<double> vote_share(const std::vector<ClassificationTree>& trees, const std::vector<double>* weights,
                               const Eigen::MatrixXd& x, const std::string& model) {
  if (trees.empty()) throw InputError(model + ": the model has not been fitted");
  trees.front().check_width(x, model);
  std::vector<double> scores(static_cast<std::size_t>(x.rows()), 0.0);
  double total = 0.0;
  for (std::size_t t = 0; t < trees.size(); ++t) total += weights ? (*weights)[t] : 1.0;
  for (Eigen::Index row = 0; row < x.rows(); ++row) {
    double votes = 0.0;
    for (std::size_t t = 0; t < trees.size(); ++t)
      if (trees[t].probability(x, row) > 0.5) votes += weights ? (*weights)[t] : 1.0;
    scores[static_cast<std::size_t>(row)] = total > 0.0 ? votes / total : 0.5;
  }
  return scores;
}

nlohmann::json trees_json(const std::vector<ClassificationTree>& trees) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& tree : trees) list.push_back(tree.to_json());
  return list;
}

std::vector<ClassificationTree> trees_from_json(const nlohmann::json& list) {
  std::vector<ClassificationTree> trees;
  for (const auto& tree : list) trees.push_back(ClassificationTree::from_json(tree));
  if (trees.empty()) throw InputError("a saved tree ensemble without trees");
  return trees;
}

}  // namespace

std::vector<double> VotingTrees::score(const Eigen::MatrixXd& x) const { return vote_share(trees_, nullptr, x, name()); }

nlohmann::json VotingTrees::to_json() const { return {{"name", name()}, {"trees", trees_json(trees_)}}; }

std::vector<ClassificationTree> VotingTrees::trees_from_saved(const nlohmann::json& model) {
  return trees_from_json(model.at("trees"));
}

void BaggedTrees::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) {
  core::SeededRandom random(seed);
  TreeGrowth growth;
  growth.min_split = 2;
  growth.min_bucket = 1;  // rpart: round(minsplit / 3)
  growth.complexity = 0.0;
  trees_.assign(kBaggedTrees, {});
  for (auto& tree : trees_) tree.fit(x, y, bootstrap_sample(static_cast<std::size_t>(x.rows()), random), growth);
}

void RandomForest::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) {
  core::SeededRandom random(seed);
  TreeGrowth growth;
  growth.min_split = 2;
  growth.min_bucket = 1;
  growth.complexity = 0.0;
  growth.collapse_by_complexity = false;
  growth.max_depth = 62;
  growth.features_per_split = std::max(1, static_cast<int>(std::floor(std::sqrt(static_cast<double>(x.cols())))));
  trees_.assign(kForestTrees, {});
  for (auto& tree : trees_)
    tree.fit(x, y, bootstrap_sample(static_cast<std::size_t>(x.rows()), random), growth, &random);
}

void AdaptiveBoosting::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) {
  core::SeededRandom random(seed);
  const auto n = static_cast<std::size_t>(x.rows());
  TreeGrowth stump;
  stump.max_depth = 1;
  std::vector<double> case_weights(n, 1.0 / static_cast<double>(n));
  stumps_.clear();
  weights_.clear();
  null_share_.reset();
  notes_.clear();
  feature_count_ = x.cols();
  for (int round = 0; round < kBoostingRounds; ++round) {
    // Bootstrap with probabilities proportional to the case weights; draw again while the stump
    // stays a single node (adabag), at most a few times.
    std::vector<double> cumulative(n);
    std::partial_sum(case_weights.begin(), case_weights.end(), cumulative.begin());
    ClassificationTree tree;
    for (int attempt = 0; attempt < 20; ++attempt) {
      std::vector<std::size_t> rows(n);
      for (auto& row : rows) {
        const double u = random.uniform() * cumulative.back();
        row = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
        if (row >= n) row = n - 1;
      }
      tree.fit(x, y, rows, stump);
      if (tree.node_count() > 1) break;
    }
    double error = 0.0;
    std::vector<int> wrong(n);
    for (std::size_t i = 0; i < n; ++i) {
      wrong[i] = (tree.probability(x, static_cast<Eigen::Index>(i)) > 0.5 ? 1 : 0) != y[i];
      error += case_weights[i] * wrong[i];
    }
    if (error >= 0.5) {
      std::fill(case_weights.begin(), case_weights.end(), 1.0 / static_cast<double>(n));
      continue;
    }
    const double bounded = std::max(error, 0.5 / static_cast<double>(n));
    const double alpha = 0.5 * std::log((1.0 - bounded) / bounded);
    stumps_.push_back(std::move(tree));
    weights_.push_back(alpha);
    if (error == 0.0) {
      std::fill(case_weights.begin(), case_weights.end(), 1.0 / static_cast<double>(n));
      continue;
    }
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) total += case_weights[i] *= wrong[i] ? std::exp(alpha) : 1.0;
    for (double& weight : case_weights) weight /= total;
  }
  if (stumps_.empty()) {
    const double share = static_cast<double>(std::count(y.begin(), y.end(), 1)) / static_cast<double>(n);
    null_share_ = share;
    notes_.push_back(fmt::format("boosting: no stump did better than chance in {} rounds; the model gives every case "
                                 "the training share of class 1 ({:.3f})", kBoostingRounds, share));
  }
}

std::vector<double> AdaptiveBoosting::score(const Eigen::MatrixXd& x) const {
  if (stumps_.empty() && null_share_) {
    if (x.cols() != feature_count_)
      throw InputError(fmt::format("boosting: the model was fitted on {} features, not {}", feature_count_, x.cols()));
    return std::vector<double>(static_cast<std::size_t>(x.rows()), *null_share_);
  }
  return vote_share(stumps_, &weights_, x, name());
}

nlohmann::json AdaptiveBoosting::to_json() const {
  nlohmann::json model = {{"name", name()}, {"trees", trees_json(stumps_)}, {"weights", weights_}};
  if (null_share_) {
    model["null_share"] = *null_share_;
    model["feature_count"] = feature_count_;
  }
  return model;
}

std::unique_ptr<AdaptiveBoosting> AdaptiveBoosting::from_json(const nlohmann::json& model) {
  auto result = std::make_unique<AdaptiveBoosting>();
  if (model.contains("null_share")) {
    result->null_share_ = model.at("null_share").get<double>();
    result->feature_count_ = model.at("feature_count").get<Eigen::Index>();
    return result;
  }
  result->stumps_ = trees_from_json(model.at("trees"));
  result->weights_ = model.at("weights").get<std::vector<double>>();
  if (result->weights_.size() != result->stumps_.size())
    throw InputError("a saved boosting model whose weights do not match its stumps");
  return result;
}

}  // namespace radstudy::models
