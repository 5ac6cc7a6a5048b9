#include "models/classification_tree.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>

#include <fmt/format.h>

#include "core/errors.hpp"

namespace radstudy::models {

namespace {

// rpart's gini impurity of one class share.
double impurity(double share) { return share * (1.0 - share); }

struct CandidateSplit {
  double improvement = 0.0;
  double cut = 0.0;
  bool below_goes_left = true;
};

}  // namespace

// Grows a tree as rpart's partition()/bsplit()/gini() do, on a node tree that is flattened at the end.
class TreeBuilder {
 public:
  TreeBuilder(const Eigen::MatrixXd& x, const std::vector<int>& y, const TreeGrowth& growth,
              core::SeededRandom* random)
      : x_(x), y_(y), growth_(growth), random_(random) {
    // rpart: maxnode = 2^maxdepth - 1 (node numbers: root 1, children 2n and 2n + 1).
    max_node_ = growth.max_depth >= 62 ? INT64_MAX : (std::int64_t{1} << growth.max_depth) - 1;
  }

  struct WorkNode {
    std::size_t cases = 0;
    std::size_t class_one = 0;
    double risk = 0.0;
    double complexity = 0.0;
    int feature = -1;
    double cut = 0.0;
    bool below_goes_left = true;
    std::unique_ptr<WorkNode> left, right;
  };

  std::unique_ptr<WorkNode> grow(std::vector<std::size_t> rows) {
    auto root = std::make_unique<WorkNode>();
    evaluate(*root, rows);
    root->complexity = root->risk;
    alpha_ = growth_.collapse_by_complexity ? growth_.complexity * root->risk : 0.0;
    double risk = 0.0;
    partition(1, *root, risk, rows);
    return root;
  }

 private:
  // ginidev with priors equal to the class frequencies and unit losses: the risk is the number of
  // cases not of the node's class (class 0 on a tie).
  void evaluate(WorkNode& node, const std::vector<std::size_t>& rows) const {
    node.cases = rows.size();
    node.class_one = 0;
    for (std::size_t row : rows) node.class_one += static_cast<std::size_t>(y_[row]);
    const double ones = static_cast<double>(node.class_one);
    const double zeros = static_cast<double>(node.cases - node.class_one);
    node.risk = zeros < ones ? zeros : ones;
  }

  bool splittable(double node_complexity) const {
    return growth_.collapse_by_complexity ? node_complexity > alpha_ : node_complexity > 0.0;
  }

  int partition(std::int64_t node_number, WorkNode& me, double& sum_risk, std::vector<std::size_t>& rows) {
    double own_cp = me.risk;
    if (node_number > 1) {
      evaluate(me, rows);
      own_cp = growth_.collapse_by_complexity ? std::min(me.risk, me.complexity) : me.risk;
    }
    if (static_cast<int>(me.cases) < growth_.min_split || !splittable(own_cp) || node_number > max_node_) {
      me.complexity = alpha_;
      sum_risk = me.risk;
      return 0;
    }
    const CandidateSplit split = best_split(rows, me.feature);
    if (me.feature < 0) {
      me.complexity = alpha_;
      sum_risk = me.risk;
      return 0;
    }
    me.cut = split.cut;
    me.below_goes_left = split.below_goes_left;
    std::vector<std::size_t> left_rows, right_rows;
    for (std::size_t row : rows) {
      const bool below = x_(static_cast<Eigen::Index>(row), me.feature) < me.cut;
      (below == me.below_goes_left ? left_rows : right_rows).push_back(row);
    }
    rows.clear();
    rows.shrink_to_fit();

    me.left = std::make_unique<WorkNode>();
    me.left->complexity = own_cp - alpha_;
    double left_risk = 0.0, right_risk = 0.0;
    int left_splits = partition(2 * node_number, *me.left, left_risk, left_rows);

    double cp = (me.risk - left_risk) / (left_splits + 1);
    const double cp_left_collapsed = me.risk - me.left->risk;
    if (cp < cp_left_collapsed) cp = cp_left_collapsed;
    if (cp > me.complexity) cp = me.complexity;
    me.right = std::make_unique<WorkNode>();
    me.right->complexity = cp - alpha_;
    int right_splits = partition(2 * node_number + 1, *me.right, right_risk, right_rows);

    // My complexity, with children (or grandchildren) that collapse before me taken as leaves.
    cp = (me.risk - (left_risk + right_risk)) / (left_splits + right_splits + 1);
    if (me.right->complexity > me.left->complexity) {
      if (cp > me.left->complexity) {
        left_risk = me.left->risk;
        left_splits = 0;
        cp = (me.risk - (left_risk + right_risk)) / (left_splits + right_splits + 1);
        if (cp > me.right->complexity) {
          right_risk = me.right->risk;
          right_splits = 0;
        }
      }
    } else if (cp > me.right->complexity) {
      right_splits = 0;
      right_risk = me.right->risk;
      cp = (me.risk - (left_risk + right_risk)) / (left_splits + right_splits + 1);
      if (cp > me.left->complexity) {
        left_risk = me.left->risk;
        left_splits = 0;
      }
    }
    me.complexity = (me.risk - (left_risk + right_risk)) / (left_splits + right_splits + 1);
    if (growth_.collapse_by_complexity && me.complexity <= alpha_) {
      me.feature = -1;
      me.left.reset();
      me.right.reset();
      sum_risk = me.risk;
      return 0;
    }
    sum_risk = left_risk + right_risk;
    return left_splits + right_splits + 1;
  }

  // bsplit: the best split over the features (the first in order among equals), `feature` set to
  // its column or -1.
  CandidateSplit best_split(const std::vector<std::size_t>& rows, int& feature) {
    feature = -1;
    CandidateSplit best;
    std::vector<int> candidates;
    const auto columns = static_cast<int>(x_.cols());
    if (growth_.features_per_split > 0 && growth_.features_per_split < columns) {
      // Draw without replacement (partial Fisher-Yates), then scan in the drawn order.
      std::vector<int> all(static_cast<std::size_t>(columns));
      std::iota(all.begin(), all.end(), 0);
      for (int k = 0; k < growth_.features_per_split; ++k) {
        const auto pick = k + static_cast<int>(random_->below(static_cast<std::uint64_t>(columns - k)));
        std::swap(all[static_cast<std::size_t>(k)], all[static_cast<std::size_t>(pick)]);
      }
      candidates.assign(all.begin(), all.begin() + growth_.features_per_split);
    } else {
      candidates.resize(static_cast<std::size_t>(columns));
      std::iota(candidates.begin(), candidates.end(), 0);
    }
    std::vector<std::pair<double, int>> sorted(rows.size());
    for (int column : candidates) {
      for (std::size_t k = 0; k < rows.size(); ++k)
        sorted[k] = {x_(static_cast<Eigen::Index>(rows[k]), column), y_[rows[k]]};
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      if (sorted.front().first == sorted.back().first) continue;  // no place to split
      const CandidateSplit split = gini_split(sorted);
      if (split.improvement > improvement_scale_) improvement_scale_ = split.improvement;
      if (split.improvement > improvement_scale_ * 1e-10 && split.improvement > best.improvement) {
        best = split;
        feature = column;
      }
    }
    return best;
  }

  // gini(): cases move one by one from the right to the left side in increasing x; a cut between two
  // distinct values with at least min_bucket cases on each side.
  CandidateSplit gini_split(const std::vector<std::pair<double, int>>& sorted) const {
    double left[2] = {0.0, 0.0}, right[2] = {0.0, 0.0};
    double left_weight = 0.0, right_weight = 0.0;
    const auto n = static_cast<int>(sorted.size());
    int right_total = 0, left_total = 0;
    for (const auto& [value, label] : sorted) {
      right_weight += 1.0;
      right[label] += 1.0;
      ++right_total;
    }
    double total = 0.0;
    for (int j = 0; j < 2; ++j) total += right_weight * impurity(right[j] / right_weight);
    double best = total;
    int where = 0;
    bool below_goes_left = true;
    const int edge = growth_.min_bucket;
    for (int i = 0; right_total > edge && i + 1 < n; ++i) {
      const int label = sorted[static_cast<std::size_t>(i)].second;
      right_weight -= 1.0;
      left_weight += 1.0;
      --right_total;
      ++left_total;
      right[label] -= 1.0;
      left[label] += 1.0;
      if (left_total >= edge &&
          sorted[static_cast<std::size_t>(i) + 1].first != sorted[static_cast<std::size_t>(i)].first) {
        double sum = 0.0, left_mean = 0.0, right_mean = 0.0;
        for (int j = 0; j < 2; ++j) {
          double share = left[j] / left_weight;
          sum += left_weight * impurity(share);
          left_mean += share * j;
          share = right[j] / right_weight;
          sum += right_weight * impurity(share);
          right_mean += share * j;
        }
        if (sum < best) {
          best = sum;
          where = i;
          below_goes_left = left_mean < right_mean;
        }
      }
    }
    CandidateSplit split;
    split.improvement = total - best;
    if (split.improvement > 0) {
      split.cut = (sorted[static_cast<std::size_t>(where)].first + sorted[static_cast<std::size_t>(where) + 1].first) / 2;
      split.below_goes_left = below_goes_left;
    }
    return split;
  }

  const Eigen::MatrixXd& x_;
  const std::vector<int>& y_;
  TreeGrowth growth_;
  core::SeededRandom* random_;
  std::int64_t max_node_ = 0;
  double alpha_ = 0.0;
  double improvement_scale_ = 0.0;  // rpart's iscale: the largest improvement seen so far
};

void ClassificationTree::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, const std::vector<std::size_t>& rows,
                             const TreeGrowth& growth, core::SeededRandom* random) {
  if (rows.empty()) throw InputError("a classification tree needs at least one case");
  if (growth.features_per_split > 0 && !random)
    throw InputError("a random-feature tree needs a random generator");
  TreeBuilder builder(x, y, growth, random);
  const auto root = builder.grow(rows);
  nodes_.clear();
  feature_count_ = x.cols();
  // Flatten depth first; children get their positions when they are appended.
  auto flatten = [&](auto&& self, const TreeBuilder::WorkNode& work) -> int {
    const int index = static_cast<int>(nodes_.size());
    nodes_.push_back({});
    Node node;
    node.probability = static_cast<double>(work.class_one) / static_cast<double>(work.cases);
    if (work.feature >= 0 && work.left && work.right) {
      node.feature = work.feature;
      node.cut = work.cut;
      node.below_goes_left = work.below_goes_left;
      node.left = self(self, *work.left);
      node.right = self(self, *work.right);
    }
    nodes_[static_cast<std::size_t>(index)] = node;
    return index;
  };
  flatten(flatten, *root);
}

double ClassificationTree::probability(const Eigen::MatrixXd& x, Eigen::Index row) const {
  std::size_t index = 0;
  while (nodes_[index].feature >= 0) {
    const Node& node = nodes_[index];
    const bool below = x(row, node.feature) < node.cut;
    index = static_cast<std::size_t>(below == node.below_goes_left ? node.left : node.right);
  }
  return nodes_[index].probability;
}

void ClassificationTree::check_width(const Eigen::MatrixXd& x, const std::string& model) const {
  if (x.cols() != feature_count_)
    throw InputError(fmt::format("{}: the model was trained on {} features; the data to score has {}", model,
                                 feature_count_, x.cols()));
}

nlohmann::json ClassificationTree::to_json() const {
  nlohmann::json nodes = nlohmann::json::array();
  for (const Node& node : nodes_)
    nodes.push_back(node.feature < 0 ? nlohmann::json{{"p", node.probability}}
                                     : nlohmann::json{{"p", node.probability},
                                                      {"feature", node.feature},
                                                      {"cut", node.cut},
                                                      {"below_left", node.below_goes_left},
                                                      {"left", node.left},
                                                      {"right", node.right}});
  return {{"features", feature_count_}, {"nodes", nodes}};
}

ClassificationTree ClassificationTree::from_json(const nlohmann::json& tree) {
  ClassificationTree result;
  result.feature_count_ = tree.at("features").get<Eigen::Index>();
  for (const auto& entry : tree.at("nodes")) {
    Node node;
    node.probability = entry.at("p").get<double>();
    if (entry.contains("feature")) {
      node.feature = entry.at("feature").get<int>();
      node.cut = entry.at("cut").get<double>();
      node.below_goes_left = entry.at("below_left").get<bool>();
      node.left = entry.at("left").get<int>();
      node.right = entry.at("right").get<int>();
    }
    result.nodes_.push_back(node);
  }
  // Children come after their parent (depth-first order): a walk always ends at a leaf.
  const auto count = static_cast<int>(result.nodes_.size());
  for (int index = 0; index < count; ++index) {
    const Node& node = result.nodes_[static_cast<std::size_t>(index)];
    if (node.feature >= result.feature_count_) throw InputError("a saved tree that splits on an absent feature");
    if (node.feature >= 0 && (node.left <= index || node.right <= index || node.left >= count || node.right >= count))
      throw InputError("a saved tree whose nodes do not form a tree");
  }
  if (result.nodes_.empty()) throw InputError("a saved tree without nodes");
  return result;
}

}  // namespace radstudy::models
