#include "models/naive_bayes.hpp"

#include <fmt/format.h>

#include <cfloat>
#include <cmath>

#include "core/errors.hpp"
#include "models/r_moments.hpp"

namespace radstudy::models {

double r_normal_density(double x, double mean, double sd) {
  constexpr double kOneOverSqrtTwoPi = 0.398942280401432677939946059934;
  if (std::isnan(x) || std::isnan(mean) || std::isnan(sd) || sd < 0.0) return std::nan("");
  if (!std::isfinite(sd)) return 0.0;
  if (sd == 0.0) return x == mean ? HUGE_VAL : 0.0;
  double z = (x - mean) / sd;
  if (!std::isfinite(z)) return 0.0;
  z = std::fabs(z);
  if (z >= 2.0 * std::sqrt(DBL_MAX)) return 0.0;
  if (z < 5.0) return kOneOverSqrtTwoPi * std::exp(-0.5 * z * z) / sd;
  if (z > std::sqrt(-2.0 * M_LN2 * (DBL_MIN_EXP + 1 - DBL_MANT_DIG))) return 0.0;
  const double high = std::ldexp(std::nearbyint(std::ldexp(z, 16)), -16);
  const double low = z - high;
  return kOneOverSqrtTwoPi / sd * (std::exp(-0.5 * high * high) * std::exp((-0.5 * low - high) * low));
}

void NaiveBayes::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t) {
  if (x.rows() == 0 || static_cast<std::size_t>(x.rows()) != y.size())
    throw InputError("naive_bayes: the training set is empty or its labels do not match its rows");
  means_.resize(2, x.cols());
  sds_.resize(2, x.cols());
  for (int label = 0; label < 2; ++label) {
    std::vector<Eigen::Index> rows;
    for (std::size_t i = 0; i < y.size(); ++i)
      if (y[i] == label) rows.push_back(static_cast<Eigen::Index>(i));
    class_counts_[label] = static_cast<double>(rows.size());
    if (rows.empty()) throw InputError(fmt::format("naive_bayes: the training set has no case of class {}", label));
    for (Eigen::Index f = 0; f < x.cols(); ++f) {
      const auto value = [&](std::size_t i) { return x(rows[i], f); };
      means_(label, f) = r_mean(value, rows.size());
      sds_(label, f) = r_standard_deviation(value, rows.size());  // NaN for one case, as R's sd()
    }
  }
}

std::vector<double> NaiveBayes::score(const Eigen::MatrixXd& x) const {
  if (x.cols() != means_.cols())
    throw InputError(fmt::format("naive_bayes: the model has {} features, the data {}", means_.cols(), x.cols()));
  constexpr double kThreshold = 0.001, kEps = 0.0;
  std::vector<double> scores;
  scores.reserve(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index row = 0; row < x.rows(); ++row) {
    double log_posterior[2];
    for (int label = 0; label < 2; ++label) {
      long double sum = 0.0L;  // apply(log(...), 1, sum): R's sum() accumulates in long double
      for (Eigen::Index f = 0; f < x.cols(); ++f) {
        double sd = sds_(label, f);
        if (sd <= kEps) sd = kThreshold;
        double density = r_normal_density(x(row, f), means_(label, f), sd);
        if (density <= kEps) density = kThreshold;
        sum += std::log(density);
      }
      log_posterior[label] = std::log(class_counts_[label]) + static_cast<double>(sum);
    }
    // 1 / sum(exp(L - lp)) over the classes in order.
    long double total = 0.0L;
    for (int label = 0; label < 2; ++label) total += std::exp(log_posterior[label] - log_posterior[1]);
    const double posterior = 1.0 / static_cast<double>(total);
    if (std::isnan(posterior))
      throw NumericalError("naive_bayes: the posterior is not a number (a class with a single training case has no sd)");
    scores.push_back(posterior);
  }
  return scores;
}

nlohmann::json NaiveBayes::to_json() const {
  nlohmann::json classes = nlohmann::json::array();
  for (int label = 0; label < 2; ++label) {
    std::vector<double> means, sds;
    for (Eigen::Index f = 0; f < means_.cols(); ++f) {
      means.push_back(means_(label, f));
      sds.push_back(sds_(label, f));
    }
    classes.push_back({{"label", label}, {"count", class_counts_[label]}, {"mean", means}, {"sd", sds}});
  }
  return {{"name", name()}, {"classes", classes}};
}

std::unique_ptr<Classifier> NaiveBayes::from_json(const nlohmann::json& model) {
  auto result = std::make_unique<NaiveBayes>();
  const auto& classes = model.at("classes");
  if (classes.size() != 2) throw InputError("naive_bayes model: two classes expected");
  const auto features = classes[0].at("mean").size();
  result->means_.resize(2, static_cast<Eigen::Index>(features));
  result->sds_.resize(2, static_cast<Eigen::Index>(features));
  for (int label = 0; label < 2; ++label) {
    const auto& entry = classes[static_cast<std::size_t>(label)];
    result->class_counts_[label] = entry.at("count").get<double>();
    const auto means = entry.at("mean").get<std::vector<double>>();
    const auto sds = entry.at("sd").get<std::vector<double>>();
    if (means.size() != features || sds.size() != features) throw InputError("naive_bayes model: lengths differ");
    for (std::size_t f = 0; f < features; ++f) {
      result->means_(label, static_cast<Eigen::Index>(f)) = means[f];
      result->sds_(label, static_cast<Eigen::Index>(f)) = sds[f];
    }
  }
  return result;
}

}  // namespace radstudy::models
