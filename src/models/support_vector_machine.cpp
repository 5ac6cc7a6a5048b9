#include "models/support_vector_machine.hpp"

#include <fmt/format.h>
#include <svm.h>

#include <cmath>
#include <memory>
#include <mutex>

#include "core/errors.hpp"

namespace radstudy::models {
namespace {

void silence_libsvm() {
  static std::once_flag once;
  std::call_once(once, [] { svm_set_print_string_function([](const char*) {}); });
}

struct ModelDeleter {
  void operator()(svm_model* model) const { svm_free_and_destroy_model(&model); }
};

}  // namespace

void SupportVectorMachine::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t) {
  if (x.rows() == 0 || x.cols() == 0 || static_cast<std::size_t>(x.rows()) != y.size())
    throw InputError("svm: the training set is empty or its labels do not match its rows");
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
          {"score", "decision value towards class 1; class 1 when > 0"}};
}

std::unique_ptr<Classifier> SupportVectorMachine::from_json(const nlohmann::json& model) {
  auto result = std::make_unique<SupportVectorMachine>();
  result->gamma_ = model.at("gamma").get<double>();
  result->rho_ = model.at("rho").get<double>();
  result->first_label_ = model.at("first_label").get<int>();
  result->coefficients_ = model.at("coefficients").get<std::vector<double>>();
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
