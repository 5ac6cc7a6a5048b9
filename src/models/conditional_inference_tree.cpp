#include "models/conditional_inference_tree.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/errors.hpp"
#include "stats/distributions.hpp"

namespace radstudy::models {
namespace {

// party's VariableControl@tol and SplitControl@tol, SplitControl@minprob.
constexpr double kVarianceTolerance = 1e-10;
constexpr double kMinimumProbability = 0.01;
// The response enters as the indicators of its two classes (party's ptrafo of a factor).
constexpr int kClasses = 2;

double class_indicator(int label, int k) {
  return (label == k) ? 1.0 : 0.0;
}

// R_pow_di: x^n by repeated squaring (party's Bonferroni adjustment (1 - p)^m).
double power_by_squaring(double x, int n) {
  double result = 1.0;
  while (true) {
    if (n & 1) result *= x;
    n >>= 1;
    if (n == 0) break;
    x *= x;
  }
  return result;
}

// Expectation and covariance of the class indicators under the node's weights
// (party's C_ExpectCovarInfluence). Covariance column-major, kClasses x kClasses.
struct InfluenceMoments {
  double sum_weights = 0.0;
  double expectation[kClasses] = {0.0, 0.0};
  double covariance[kClasses * kClasses] = {0.0, 0.0, 0.0, 0.0};
};

InfluenceMoments influence_moments(const std::vector<double>& weight, const std::vector<int>& label) {
  InfluenceMoments moments;
  const std::size_t n = weight.size();
  for (std::size_t i = 0; i < n; ++i) moments.sum_weights += weight[i];
  for (std::size_t i = 0; i < n; ++i) {
    if (weight[i] == 0.0) continue;
    for (int k = 0; k < kClasses; ++k) moments.expectation[k] += weight[i] * class_indicator(label[i], k);
  }
  for (int k = 0; k < kClasses; ++k) moments.expectation[k] /= moments.sum_weights;
  for (std::size_t i = 0; i < n; ++i) {
    if (weight[i] == 0.0) continue;
    for (int j = 0; j < kClasses; ++j) {
      const double weighted = weight[i] * (class_indicator(label[i], j) - moments.expectation[j]);
      for (int k = 0; k < kClasses; ++k)
        moments.covariance[j * kClasses + k] +=
            weighted * (class_indicator(label[i], k) - moments.expectation[k]);
    }
  }
  for (double& entry : moments.covariance) entry /= moments.sum_weights;
  return moments;
}

// The quadratic test statistic t' S^+ t of the centred linear statistic t with covariance S (party's
// C_linexpcovReduce + C_MPinv + C_quadformTestStatistic): entries with zero variance are dropped
// (unless all are), then S^+ from the eigen-decomposition of the symmetric S (one Jacobi rotation),
// keeping the eigenvalues above tol * max(1, largest |eigenvalue|); the rank is their count.
struct QuadraticForm {
  double statistic = 0.0;
  int rank = 0;
};

QuadraticForm quadratic_form(const double centred[kClasses], const double covariance[kClasses * kClasses]) {
  std::vector<int> kept;
  for (int i = 0; i < kClasses; ++i)
    if (covariance[i * kClasses + i] > 0.0) kept.push_back(i);
  if (kept.empty()) kept = {0, 1};
  // Eigenvalues and unit eigenvectors of the kept block.
  double values[kClasses] = {0.0, 0.0};
  double vectors[kClasses][kClasses] = {{1.0, 0.0}, {0.0, 1.0}};  // vectors[k] is the k-th eigenvector
  double difference[kClasses] = {0.0, 0.0};
  const std::size_t dimension = kept.size();
  for (std::size_t i = 0; i < dimension; ++i) difference[i] = centred[kept[i]];
  if (dimension == 1) {
    values[0] = covariance[kept[0] * kClasses + kept[0]];
  } else {
    const double a = covariance[0], b = covariance[1], d = covariance[3];
    if (b == 0.0) {
      values[0] = a;
      values[1] = d;
    } else {
      const double theta = (d - a) / (2 * b);
      const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
      const double c = 1 / std::sqrt(t * t + 1), s = t * c;
      values[0] = a - t * b;
      values[1] = d + t * b;
      vectors[0][0] = c;
      vectors[0][1] = -s;
      vectors[1][0] = s;
      vectors[1][1] = c;
    }
  }
  double largest = 0.0;
  for (std::size_t k = 0; k < dimension; ++k) largest = std::max(largest, std::abs(values[k]));
  const double tolerance =
      (kVarianceTolerance * largest > kVarianceTolerance) ? kVarianceTolerance * largest : kVarianceTolerance;
  QuadraticForm form;
  for (std::size_t k = 0; k < dimension; ++k) {
    if (std::abs(values[k]) <= tolerance) continue;
    ++form.rank;
    double projection = 0.0;
    for (std::size_t i = 0; i < dimension; ++i) projection += vectors[k][i] * difference[i];
    form.statistic += projection * projection / values[k];
  }
  return form;
}

// Test statistic and criterion (1 - p) of one feature in a node (party's C_LinStatExpCov with p = 1,
// q = 2 and C_TeststatCriterion for teststat "quad").
struct FeatureTest {
  double statistic = 0.0;
  double criterion = 0.0;
};

FeatureTest test_feature(const double* x, const std::vector<double>& weight, const std::vector<int>& label,
                         const InfluenceMoments& moments) {
  const std::size_t n = weight.size();
  double linear[kClasses] = {0.0, 0.0};
  double weighted_sum = 0.0, weighted_square_sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (weight[i] == 0.0) continue;
    for (int k = 0; k < kClasses; ++k) linear[k] += x[i] * (class_indicator(label[i], k) * weight[i]);
    const double weighted_x = weight[i] * x[i];
    weighted_sum += weighted_x;
    weighted_square_sum += weighted_x * x[i];
  }
  const double sum_weights = moments.sum_weights;
  const double f1 = sum_weights / (sum_weights - 1);
  const double f2 = 1 / (sum_weights - 1);
  double centred[kClasses];
  for (int k = 0; k < kClasses; ++k) centred[k] = linear[k] - weighted_sum * moments.expectation[k];
  double covariance[kClasses * kClasses];
  for (int k = 0; k < kClasses * kClasses; ++k)
    covariance[k] = f1 * (moments.covariance[k] * weighted_square_sum) -
                    f2 * ((moments.covariance[k] * weighted_sum) * weighted_sum);
  const QuadraticForm form = quadratic_form(centred, covariance);
  FeatureTest test;
  test.statistic = form.statistic;
  const double p_value = form.rank > 0 ? stats::chi_square_upper_p(form.statistic, form.rank) : 1.0;
  test.criterion = 1 - p_value;
  return test;
}

// The best cut-point of x in the node (party's C_split): cases in the order of x, a cut after each
// distinct value with at least max(minbucket, sw * minprob + 1) cases on the left and at most
// min(sw - minbucket, sw * (1 - minprob) - 1); the statistic is the largest absolute standardized
// entry of the two-sample linear statistic. Returns the statistic (0: no admissible cut).
struct Cut {
  double statistic = 0.0;
  double cutpoint = 0.0;
};

Cut best_cut(const double* x, const std::vector<std::size_t>& order, const std::vector<double>& weight,
             const std::vector<int>& label, const InfluenceMoments& moments, double minbucket,
             std::vector<double>& statistic) {
  const std::size_t n = weight.size();
  double largest_x = 0.0;  // party starts from 0, not from the smallest value
  for (std::size_t i = 0; i < n; ++i) {
    statistic[i] = 0.0;
    if (weight[i] > 0.0 && x[i] > largest_x) largest_x = x[i];
  }
  Cut cut;
  const double sum_weights = moments.sum_weights;
  if (!(sum_weights > 1)) return cut;
  double min_left = sum_weights * kMinimumProbability + 1.0;
  if (min_left < minbucket) min_left = minbucket;
  double max_left = sum_weights * (1 - kMinimumProbability) - 1.0;
  if (max_left > sum_weights - minbucket) max_left = sum_weights - minbucket;
  const double f1 = sum_weights / (sum_weights - 1);
  const double f2 = 1.0 / (sum_weights - 1);

  double linear[kClasses] = {0.0, 0.0};
  double left_weight = 0.0, previous_x = 0.0;
  std::size_t previous = 0;
  for (std::size_t position = 0; position + 1 < n; ++position) {
    const std::size_t j = order[position];
    if (weight[j] == 0.0) continue;
    if (left_weight > 0 && x[j] == previous_x) statistic[previous] = 0.0;  // a tie: cut after the last
    previous_x = x[j];
    previous = j;
    left_weight += weight[j];
    if (left_weight > max_left || x[j] >= largest_x) break;
    for (int k = 0; k < kClasses; ++k) linear[k] += class_indicator(label[j], k) * weight[j];
    if (!(left_weight >= min_left)) continue;
    const double f1w = f1 * left_weight;
    const double f2ww = f2 * left_weight * left_weight;
    statistic[j] = 0.0;
    for (int k = 0; k < kClasses; ++k) {
      const double expectation = left_weight * moments.expectation[k];
      const double variance =
          f1w * moments.covariance[k * kClasses + k] - f2ww * moments.covariance[k * kClasses + k];
      if (variance <= kVarianceTolerance) continue;
      const double standardized = std::abs(linear[k] - expectation) / std::sqrt(variance);
      if (statistic[j] < standardized) statistic[j] = standardized;
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (statistic[i] > cut.statistic) {
      cut.statistic = statistic[i];
      cut.cutpoint = x[i];
    }
  }
  return cut;
}

// party's C_whichmax: the largest criterion, ties broken by the larger test statistic, first wins.
int feature_with_largest_criterion(const std::vector<double>& criterion,
                                   const std::vector<double>& statistic) {
  int chosen = -1;
  double best_criterion = 0.0, best_statistic = 0.0;
  for (std::size_t j = 0; j < criterion.size(); ++j) {
    if (criterion[j] > best_criterion || (criterion[j] == best_criterion && statistic[j] > best_statistic)) {
      chosen = static_cast<int>(j);
      best_criterion = criterion[j];
      best_statistic = statistic[j];
    }
  }
  return chosen;
}

class TreeGrower {
 public:
  TreeGrower(const Eigen::MatrixXd& x, const std::vector<int>& label,
             const ConditionalInferenceTreeSettings& settings,
             std::vector<ConditionalInferenceTree::Node>& nodes)
      : x_(x), label_(label), settings_(settings), nodes_(nodes), split_statistic_(label.size()) {
    const auto n = static_cast<std::size_t>(x.rows());
    order_.resize(static_cast<std::size_t>(x.cols()));
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      std::vector<std::size_t>& order = order_[static_cast<std::size_t>(j)];
      order.resize(n);
      std::iota(order.begin(), order.end(), std::size_t{0});
      const double* column = x.col(j).data();
      std::stable_sort(order.begin(), order.end(),
                       [column](std::size_t a, std::size_t b) { return column[a] < column[b]; });
    }
  }

  // party's C_TreeGrow + C_Node: returns the node's index.
  int grow(const std::vector<double>& weight, int depth) {
    const int index = static_cast<int>(nodes_.size());
    nodes_.emplace_back();
    const bool forced_terminal = (settings_.stump && (index == 1 || index == 2)) ||
                                 (settings_.maxdepth > 0 && depth > settings_.maxdepth);

    const InfluenceMoments moments = influence_moments(weight, label_);
    double class1_weight = 0.0;
    for (std::size_t i = 0; i < weight.size(); ++i)
      class1_weight += weight[i] * class_indicator(label_[i], 1);
    nodes_[static_cast<std::size_t>(index)].case_count = moments.sum_weights;
    nodes_[static_cast<std::size_t>(index)].class1_share = class1_weight / moments.sum_weights;

    const auto features = static_cast<std::size_t>(x_.cols());
    std::vector<double> criterion(features, 0.0), statistic(features, 0.0);
    if (moments.sum_weights >= settings_.minsplit && moments.sum_weights > 1) {
      for (std::size_t j = 0; j < features; ++j) {
        const FeatureTest test =
            test_feature(x_.col(static_cast<Eigen::Index>(j)).data(), weight, label_, moments);
        statistic[j] = test.statistic;
        criterion[j] = power_by_squaring(test.criterion, static_cast<int>(features));
      }
    }

    int split_feature = -1;
    Cut cut;
    for (int attempt = 0; attempt < 2; ++attempt) {
      double largest = 0.0;
      for (const double value : criterion) largest = std::max(largest, value);
      nodes_[static_cast<std::size_t>(index)].max_criterion = largest;
      if (!(largest > settings_.mincriterion) || forced_terminal) break;
      const int candidate = feature_with_largest_criterion(criterion, statistic);
      cut = best_cut(x_.col(candidate).data(), order_[static_cast<std::size_t>(candidate)], weight, label_,
                     moments, settings_.minbucket, split_statistic_);
      if (cut.statistic == 0.0) {
        criterion[static_cast<std::size_t>(candidate)] = -std::numeric_limits<double>::infinity();
        continue;
      }
      split_feature = candidate;
      break;
    }
    if (split_feature < 0) return index;

    std::vector<double> left_weight(weight.size()), right_weight(weight.size());
    const double* column = x_.col(split_feature).data();
    for (std::size_t i = 0; i < weight.size(); ++i) {
      left_weight[i] = column[i] <= cut.cutpoint ? weight[i] : 0.0;
      right_weight[i] = weight[i] - left_weight[i];
    }
    nodes_[static_cast<std::size_t>(index)].feature = split_feature;
    nodes_[static_cast<std::size_t>(index)].cutpoint = cut.cutpoint;
    const int left = grow(left_weight, depth + 1);
    const int right = grow(right_weight, depth + 1);
    nodes_[static_cast<std::size_t>(index)].left = left;
    nodes_[static_cast<std::size_t>(index)].right = right;
    return index;
  }

 private:
  const Eigen::MatrixXd& x_;
  const std::vector<int>& label_;
  const ConditionalInferenceTreeSettings& settings_;
  std::vector<ConditionalInferenceTree::Node>& nodes_;
  std::vector<std::vector<std::size_t>> order_;
  std::vector<double> split_statistic_;
};

void check_finite(const Eigen::MatrixXd& x, const char* what) {
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      if (!std::isfinite(x(i, j)))
        throw InputError(
            fmt::format("ctree: {} case {}, feature {} is not a finite number", what, i + 1, j + 1));
}

}  // namespace

ConditionalInferenceTree::ConditionalInferenceTree(ConditionalInferenceTreeSettings settings)
    : settings_(settings) {
  if (!(settings_.mincriterion >= 0 && settings_.mincriterion <= 1))
    throw ConfigError("ctree: mincriterion must lie in [0, 1]");
  if (!(settings_.minbucket >= 1) || !(settings_.minsplit >= 1))
    throw ConfigError("ctree: minsplit and minbucket must be at least 1");
  if (settings_.maxdepth < 0) throw ConfigError("ctree: maxdepth must be 0 (unlimited) or positive");
}

void ConditionalInferenceTree::fit(const Eigen::MatrixXd& x, const std::vector<int>& y,
                                   std::uint64_t /*seed*/) {
  if (x.rows() != static_cast<Eigen::Index>(y.size()))
    throw InputError(fmt::format("ctree: {} rows of features but {} labels", x.rows(), y.size()));
  if (x.rows() < 2) throw InputError("ctree: at least 2 training cases are needed");
  if (x.cols() < 1) throw InputError("ctree: no feature to fit on");
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] != 0 && y[i] != 1)
      throw InputError(fmt::format("ctree: training case {} has label {}, not 0 or 1", i + 1, y[i]));
  check_finite(x, "training");

  nodes_.clear();
  feature_count_ = x.cols();
  const std::vector<double> weight(y.size(), 1.0);
  TreeGrower(x, y, settings_, nodes_).grow(weight, 1);
}

std::vector<double> ConditionalInferenceTree::score(const Eigen::MatrixXd& x) const {
  if (nodes_.empty()) throw InputError("ctree: score() before fit()");
  if (x.cols() != feature_count_)
    throw InputError(
        fmt::format("ctree: {} features given, the tree was fitted on {}", x.cols(), feature_count_));
  check_finite(x, "scored");
  std::vector<double> scores(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    std::size_t node = 0;
    while (nodes_[node].feature >= 0)
      node = static_cast<std::size_t>(
          x(i, nodes_[node].feature) <= nodes_[node].cutpoint ? nodes_[node].left : nodes_[node].right);
    scores[static_cast<std::size_t>(i)] = nodes_[node].class1_share;
  }
  return scores;
}

nlohmann::json ConditionalInferenceTree::to_json() const {
  nlohmann::json nodes = nlohmann::json::array();
  for (const Node& node : nodes_)
    nodes.push_back({{"feature", node.feature},
                     {"cutpoint", node.cutpoint},
                     {"left", node.left},
                     {"right", node.right},
                     {"class1_share", node.class1_share},
                     {"case_count", node.case_count},
                     {"max_criterion", node.max_criterion}});
  return {{"name", name()},
          {"settings",
           {{"mincriterion", settings_.mincriterion},
            {"minsplit", settings_.minsplit},
            {"minbucket", settings_.minbucket},
            {"stump", settings_.stump},
            {"maxdepth", settings_.maxdepth}}},
          {"feature_count", feature_count_},
          {"nodes", nodes}};
}

std::unique_ptr<ConditionalInferenceTree> ConditionalInferenceTree::from_json(const nlohmann::json& model) {
  try {
    if (model.at("name").get<std::string>() != "ctree")
      throw InputError("ctree: the model file holds a " + model.at("name").get<std::string>() + " model");
    const nlohmann::json& settings_json = model.at("settings");
    ConditionalInferenceTreeSettings settings;
    settings.mincriterion = settings_json.at("mincriterion").get<double>();
    settings.minsplit = settings_json.at("minsplit").get<double>();
    settings.minbucket = settings_json.at("minbucket").get<double>();
    settings.stump = settings_json.at("stump").get<bool>();
    settings.maxdepth = settings_json.at("maxdepth").get<int>();
    auto tree = std::make_unique<ConditionalInferenceTree>(settings);
    tree->feature_count_ = model.at("feature_count").get<Eigen::Index>();
    const nlohmann::json& nodes = model.at("nodes");
    const auto count = static_cast<int>(nodes.size());
    if (count == 0 || tree->feature_count_ < 1)
      throw InputError("ctree: the model has no nodes or no features");
    for (int index = 0; index < count; ++index) {
      const nlohmann::json& entry = nodes.at(static_cast<std::size_t>(index));
      Node node;
      node.feature = entry.at("feature").get<int>();
      node.cutpoint = entry.at("cutpoint").get<double>();
      node.left = entry.at("left").get<int>();
      node.right = entry.at("right").get<int>();
      node.class1_share = entry.at("class1_share").get<double>();
      node.case_count = entry.at("case_count").get<double>();
      node.max_criterion = entry.at("max_criterion").get<double>();
      if (node.feature >= tree->feature_count_ ||
          (node.feature >= 0 &&
           (node.left <= index || node.right <= index || node.left >= count || node.right >= count)))
        throw InputError(fmt::format("ctree: node {} of the model is malformed", index + 1));
      tree->nodes_.push_back(node);
    }
    return tree;
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("ctree: malformed model: ") + error.what());
  }
}

}  // namespace radstudy::models
