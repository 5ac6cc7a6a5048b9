#include "models/support_vector_machine.hpp"

#include <fmt/format.h>
#include <svm.h>

#include <algorithm>
#include <cmath>
#include <tuple>
#include <memory>
#include <mutex>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"

namespace radstudy::models {
namespace {

void silence_libsvm() {
  static std::once_flag once;
  std::call_once(once, [] { svm_set_print_string_function([](const char*) {}); });
}

struct ModelDeleter {
  void operator()(svm_model* model) const { svm_free_and_destroy_model(&model); }
};

constexpr int kPlattFolds = 5;

// P(class 1 | f) for Platt's sigmoid, in libsvm's overflow-safe form.
double platt_probability(double decision, double a, double b) {
  const double exponent = decision * a + b;
  return exponent >= 0 ? std::exp(-exponent) / (1.0 + std::exp(-exponent)) : 1.0 / (1.0 + std::exp(exponent));
}

}  // namespace

std::pair<double, double> fit_platt_sigmoid(const std::vector<double>& decision_values, const std::vector<int>& labels) {
  const std::size_t n = decision_values.size();
  double positives = 0, negatives = 0;
  for (int label : labels) (label == 1 ? positives : negatives) += 1;
  const double high_target = (positives + 1.0) / (positives + 2.0), low_target = 1.0 / (negatives + 2.0);
  std::vector<double> target(n);
  for (std::size_t i = 0; i < n; ++i) target[i] = labels[i] == 1 ? high_target : low_target;
  const double min_step = 1e-10, sigma = 1e-12, tolerance = 1e-12;
  double a = 0.0, b = std::log((negatives + 1.0) / (positives + 1.0));
  auto objective = [&](double a_value, double b_value) {
    double value = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const double exponent = decision_values[i] * a_value + b_value;
      value += exponent >= 0 ? target[i] * exponent + std::log1p(std::exp(-exponent))
                             : (target[i] - 1.0) * exponent + std::log1p(std::exp(exponent));
    }
    return value;
  };
  struct Derivatives {
    double g1 = 0, g2 = 0, h11 = 0, h22 = 0, h21 = 0;
    double gradient_norm() const { return std::abs(g1) + std::abs(g2); }
  };
  auto derivatives = [&](double a_value, double b_value) {
    Derivatives d{0, 0, sigma, sigma, 0};
    for (std::size_t i = 0; i < n; ++i) {
      const double p = platt_probability(decision_values[i], a_value, b_value);
      const double weight = p * (1.0 - p), residual = target[i] - p;
      d.h11 += decision_values[i] * decision_values[i] * weight;
      d.h22 += weight;
      d.h21 += decision_values[i] * weight;
      d.g1 += decision_values[i] * residual;
      d.g2 += residual;
    }
    return d;
  };
  double value = objective(a, b);
  Derivatives current = derivatives(a, b);
  for (int iteration = 0; iteration < 200 && current.gradient_norm() >= tolerance; ++iteration) {
    const double determinant = current.h11 * current.h22 - current.h21 * current.h21;
    const double step_a = -(current.h22 * current.g1 - current.h21 * current.g2) / determinant;
    const double step_b = -(-current.h21 * current.g1 + current.h11 * current.g2) / determinant;
    const double slope = current.g1 * step_a + current.g2 * step_b;
    bool moved = false;
    for (double step = 1.0; step >= min_step; step /= 2.0) {
      const double new_a = a + step * step_a, new_b = b + step * step_b;
      const double new_value = objective(new_a, new_b);
      const Derivatives next = derivatives(new_a, new_b);
      // Armijo's sufficient decrease; near the optimum the objective changes below its rounding, and a
      // step that shrinks the gradient is taken instead.
      if (new_value < value + 0.0001 * step * slope || next.gradient_norm() < current.gradient_norm()) {
        a = new_a, b = new_b, value = new_value, current = next;
        moved = true;
        break;
      }
    }
    if (!moved) break;
  }
  return {a, b};
}

void SupportVectorMachine::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) {
  if (x.rows() == 0 || x.cols() == 0 || static_cast<std::size_t>(x.rows()) != y.size())
    throw InputError("svm: the training set is empty or its labels do not match its rows");
  // Platt's decision values: each case scored by a model fitted without it (libsvm's
  // svm_binary_svc_probability; a training fold with one class gives +1 or -1 towards it).
  const auto n = static_cast<std::size_t>(x.rows());
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  core::SeededRandom random(seed);
  for (std::size_t i = 0; i + 1 < n; ++i) std::swap(order[i], order[i + random.below(n - i)]);
  std::vector<double> decision_values(n, 0.0);
  for (int fold = 0; fold < kPlattFolds; ++fold) {
    const std::size_t begin = static_cast<std::size_t>(fold) * n / kPlattFolds;
    const std::size_t end = static_cast<std::size_t>(fold + 1) * n / kPlattFolds;
    std::vector<Eigen::Index> train_rows, test_rows;
    std::vector<int> train_labels;
    for (std::size_t k = 0; k < n; ++k) {
      const auto row = static_cast<Eigen::Index>(order[k]);
      if (k >= begin && k < end) {
        test_rows.push_back(row);
      } else {
        train_rows.push_back(row);
        train_labels.push_back(y[order[k]]);
      }
    }
    if (test_rows.empty()) continue;
    const auto ones = std::count(train_labels.begin(), train_labels.end(), 1);
    std::vector<double> fold_values;
    if (ones == 0 || ones == static_cast<long>(train_labels.size())) {
      fold_values.assign(test_rows.size(), ones == 0 ? -1.0 : 1.0);
    } else {
      SupportVectorMachine inner;
      inner.train(x(train_rows, Eigen::all), train_labels);
      fold_values = inner.score(x(test_rows, Eigen::all));
    }
    for (std::size_t k = 0; k < test_rows.size(); ++k)
      decision_values[static_cast<std::size_t>(test_rows[k])] = fold_values[k];
  }
  train(x, y);
  std::tie(platt_a_, platt_b_) = fit_platt_sigmoid(decision_values, y);
}

void SupportVectorMachine::train(const Eigen::MatrixXd& x, const std::vector<int>& y) {
  silence_libsvm();
  const auto rows = static_cast<std::size_t>(x.rows());
  // e1071's sparsify(): only non-zero values, 1-based indices, -1 ends a row.
  std::vector<std::vector<svm_node>> nodes(rows);
  std::vector<svm_node*> row_pointers(rows);
  std::vector<double> labels(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    for (Eigen::Index j = 0; j < x.cols(); ++j) {
      const double value = x(static_cast<Eigen::Index>(i), j);
      if (value != 0.0) nodes[i].push_back({static_cast<int>(j) + 1, value});
    }
    nodes[i].push_back({-1, 0.0});
    row_pointers[i] = nodes[i].data();
    labels[i] = y[i];
  }
  svm_problem problem{};
  problem.l = static_cast<int>(rows);
  problem.y = labels.data();
  problem.x = row_pointers.data();
  svm_parameter parameter{};
  parameter.svm_type = C_SVC;
  parameter.kernel_type = RBF;
  parameter.degree = 3;
  parameter.gamma = 1.0 / static_cast<double>(x.cols());
  parameter.coef0 = 0.0;
  parameter.cache_size = 40.0;
  parameter.eps = 0.001;
  parameter.C = 1.0;
  parameter.nr_weight = 0;
  parameter.nu = 0.5;
  parameter.p = 0.1;
  parameter.shrinking = 1;
  parameter.probability = 0;
  if (const char* problem_text = svm_check_parameter(&problem, &parameter))
    throw InputError(fmt::format("svm: libsvm refuses the training set: {}", problem_text));
  std::unique_ptr<svm_model, ModelDeleter> model(svm_train(&problem, &parameter));
  if (svm_get_nr_class(model.get()) != 2)
    throw InputError("svm: the training set has one class only");
  gamma_ = parameter.gamma;
  rho_ = model->rho[0];
  first_label_ = static_cast<int>(model->label[0]);
  const int count = model->l;
  support_vectors_ = Eigen::MatrixXd::Zero(count, x.cols());
  coefficients_.assign(model->sv_coef[0], model->sv_coef[0] + count);
  for (int i = 0; i < count; ++i)
    for (const svm_node* node = model->SV[i]; node->index != -1; ++node) support_vectors_(i, node->index - 1) = node->value;
}

std::vector<double> SupportVectorMachine::score(const Eigen::MatrixXd& x) const {
  if (x.cols() != support_vectors_.cols())
    throw InputError(fmt::format("svm: the model has {} features, the data {}", support_vectors_.cols(), x.cols()));
  std::vector<double> scores;
  scores.reserve(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index row = 0; row < x.rows(); ++row) {
    // svm_predict_values: sum over the support vectors of coef * exp(-gamma |x - sv|^2), minus rho;
    // libsvm's k_function sums the squared differences in feature order (a zero left out of its
    // sparse rows adds exactly what the dense difference adds).
    double sum = 0.0;
    for (Eigen::Index i = 0; i < support_vectors_.rows(); ++i) {
      double squared = 0.0;
      for (Eigen::Index j = 0; j < x.cols(); ++j) {
        const double a = x(row, j), b = support_vectors_(i, j);
        if (a == 0.0 && b == 0.0) continue;
        const double difference = a - b;
        squared += difference * difference;
      }
      sum += coefficients_[static_cast<std::size_t>(i)] * std::exp(-gamma_ * squared);
    }
    const double decision = sum - rho_;
    scores.push_back(first_label_ == 1 ? decision : -decision);
  }
  return scores;
}

std::vector<double> SupportVectorMachine::probability(const Eigen::MatrixXd& x) const {
  if (std::isnan(platt_a_)) throw InputError("svm: the model holds no Platt sigmoid (saved by an older radstudy): refit it");
  auto values = score(x);
  for (auto& value : values) value = platt_probability(value, platt_a_, platt_b_);
  return values;
}

nlohmann::json SupportVectorMachine::to_json() const {
  nlohmann::json vectors = nlohmann::json::array();
  for (Eigen::Index i = 0; i < support_vectors_.rows(); ++i) {
    std::vector<double> values;
    for (Eigen::Index j = 0; j < support_vectors_.cols(); ++j) values.push_back(support_vectors_(i, j));
    vectors.push_back(values);
  }
  return {{"name", name()},
          {"kernel", "radial"},
          {"gamma", gamma_},
          {"rho", rho_},
          {"first_label", first_label_},
          {"support_vectors", vectors},
          {"coefficients", coefficients_},
          {"platt", {{"a", platt_a_}, {"b", platt_b_}}},
          {"score", "decision value towards class 1; class 1 when > 0"},
          {"probability", "1 / (1 + exp(a * score + b))"}};
}

std::unique_ptr<Classifier> SupportVectorMachine::from_json(const nlohmann::json& model) {
  auto result = std::make_unique<SupportVectorMachine>();
  result->gamma_ = model.at("gamma").get<double>();
  result->rho_ = model.at("rho").get<double>();
  result->first_label_ = model.at("first_label").get<int>();
  result->coefficients_ = model.at("coefficients").get<std::vector<double>>();
  if (model.contains("platt")) {
    result->platt_a_ = model.at("platt").at("a").get<double>();
    result->platt_b_ = model.at("platt").at("b").get<double>();
  }
  const auto& vectors = model.at("support_vectors");
  if (vectors.size() != result->coefficients_.size() || vectors.empty())
    throw InputError("svm model: support vectors and coefficients differ in number");
  const std::size_t columns = vectors.front().size();
  result->support_vectors_.resize(static_cast<Eigen::Index>(vectors.size()), static_cast<Eigen::Index>(columns));
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    if (vectors[i].size() != columns) throw InputError("svm model: support vectors of different lengths");
    for (std::size_t j = 0; j < columns; ++j)
      result->support_vectors_(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = vectors[i][j].get<double>();
  }
  return result;
}

}  // namespace radstudy::models
