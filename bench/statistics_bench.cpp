// Timings of the statistics and modelling kernels (Google Benchmark): the sizes the study runs them
// at thousands of times. Performance goals are checked here, never in the tests.
//   build/statistics_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <Eigen/Dense>
#include <cmath>
#include <vector>

#include "core/seeded_random.hpp"
#include "models/classifier.hpp"
#include "stats/cox_model.hpp"
#include "stats/lasso_logistic.hpp"

namespace {

using radstudy::core::SeededRandom;

// n cases x p features of noise, the first `informative` shifted in class 1 (every third case).
void make_table(Eigen::Index n, Eigen::Index p, Eigen::Index informative, Eigen::MatrixXd& x, std::vector<int>& y) {
  SeededRandom random(7);
  x.resize(n, p);
  y.assign(static_cast<std::size_t>(n), 0);
  for (Eigen::Index i = 0; i < n; ++i) y[static_cast<std::size_t>(i)] = i % 3 == 0 ? 1 : 0;
  for (Eigen::Index j = 0; j < p; ++j)
    for (Eigen::Index i = 0; i < n; ++i)
      x(i, j) = random.normal() + (j < informative && y[static_cast<std::size_t>(i)] ? 0.7 : 0.0);
}

// Cox (Efron) on 1,000 cases and 10 terms with many tied times.
void cox_fit(benchmark::State& state) {
  SeededRandom random(5);
  const int cases = 1000, terms = 10;
  Eigen::MatrixXd x(cases, terms);
  std::vector<double> time;
  std::vector<int> event;
  for (int i = 0; i < cases; ++i) {
    double linear = 0.0;
    for (int j = 0; j < terms; ++j) {
      x(i, j) = j % 4 == 3 ? (random.uniform() < 0.3 ? 1.0 : 0.0) : random.normal();
      linear += 0.1 * (j % 3) * x(i, j);
    }
    time.push_back(std::ceil(-10.0 * std::log(1.0 - random.uniform()) * std::exp(-linear)));
    event.push_back(random.uniform() < 0.3 ? 0 : 1);
  }
  for (auto _ : state) benchmark::DoNotOptimize(radstudy::stats::fit_cox_efron(x, time, event));
}
BENCHMARK(cox_fit)->Unit(benchmark::kMillisecond);

// cv.glmnet-equivalent: 10 folds, 100 lambdas, on a 40 x 2,458 training fold (nested selection).
void lasso_cross_validation(benchmark::State& state) {
  Eigen::MatrixXd x;
  std::vector<int> y;
  make_table(40, 2458, 20, x, y);
  std::vector<int> folds(40);
  for (std::size_t i = 0; i < folds.size(); ++i) folds[i] = static_cast<int>(i % 10) + 1;
  for (auto _ : state) benchmark::DoNotOptimize(radstudy::stats::cross_validate_lasso(x, y, folds));
}
BENCHMARK(lasso_cross_validation)->Unit(benchmark::kMillisecond);

// One fit and score of each classifier on a 40 x 10 training fold.
void classifier_fit(benchmark::State& state, const char* name) {
  Eigen::MatrixXd x;
  std::vector<int> y;
  make_table(40, 10, 4, x, y);
  std::uint64_t seed = 1;
  for (auto _ : state) {
    auto model = radstudy::models::make_classifier(name);
    model->fit(x, y, seed++);
    benchmark::DoNotOptimize(model->score(x));
  }
}
BENCHMARK_CAPTURE(classifier_fit, svm, "svm")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, naive_bayes, "naive_bayes")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, rpart, "rpart")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, ctree, "ctree")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, random_forest, "random_forest")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, knn, "knn")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, neural_net, "neural_net")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, boosting, "boosting")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, bagging, "bagging")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(classifier_fit, logistic, "logistic")->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
