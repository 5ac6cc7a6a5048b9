#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/classifier.hpp"

namespace radstudy::models {

// nnet's MaxNWts default. nnet refuses a larger network; its BFGS fit (R's vmmin) keeps an n x n
// inverse Hessian of the n weights, so 50,011 weights (10,000 features) would need 10 GB.
inline constexpr std::size_t kNeuralNetworkDefaultMaxWeights = 1000;

// nnet::nnet(y ~ ., data, size = 5, decay = 0.01) and nnet's other defaults for a two-class response.
struct NeuralNetworkSettings {
  int hidden_units = 5;              // size
  double decay = 0.01;               // weight decay, on every weight (biases included)
  int max_iterations = 100;          // maxit
  double initial_range = 0.7;        // rang: initial weights uniform in [-rang, rang]
  double absolute_tolerance = 1e-4;  // abstol
  double relative_tolerance = 1e-8;  // reltol
  std::size_t max_weights = kNeuralNetworkDefaultMaxWeights;  // MaxNWts: fit() refuses more (ConfigError)
};

// A single-hidden-layer network with logistic hidden units and one logistic output, fitted as nnet
// fits it: entropy (binomial deviance / 2) plus decay * sum of squared weights, minimised by R's BFGS
// (vmmin, as optim(method = "BFGS") has it) from uniform initial weights. Weights in nnet's order:
// for each hidden unit its bias then one weight per feature, then the output's bias and one weight
// per hidden unit. score() is the output unit: the probability of class 1.
class NeuralNetwork : public Classifier {
 public:
  explicit NeuralNetwork(NeuralNetworkSettings settings = {});

  std::string name() const override { return "neural_net"; }
  // Initial weights from core::SeededRandom(seed) (R draws them with runif; the starts differ).
  void fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) override;
  // The fit from given initial weights (nnet(..., Wts = initial_weights)).
  void fit_from_weights(const Eigen::MatrixXd& x, const std::vector<int>& y,
                        std::vector<double> initial_weights);
  std::vector<double> score(const Eigen::MatrixXd& x) const override;
  nlohmann::json to_json() const override;
  static std::unique_ptr<NeuralNetwork> from_json(const nlohmann::json& model);

  static std::size_t weight_count(Eigen::Index features, int hidden_units) {
    return static_cast<std::size_t>((features + 1) * hidden_units + hidden_units + 1);
  }
  // The most features a network of `hidden_units` can take within `max_weights` (0: none).
  static std::size_t largest_feature_count(int hidden_units, std::size_t max_weights);
  // The bytes of the fit's inverse Hessian for `weights` weights (its lower triangle of doubles).
  static double fit_matrix_bytes(std::size_t weights) {
    return 8.0 * static_cast<double>(weights) * (static_cast<double>(weights) + 1.0) / 2.0;
  }
  const std::vector<double>& weights() const { return weights_; }
  // nnet's $value: the penalised objective at the returned weights; $convergence: 1 when maxit was reached.
  double objective() const { return objective_; }
  bool reached_max_iterations() const { return reached_max_iterations_; }

 private:
  NeuralNetworkSettings settings_;
  Eigen::Index input_count_ = 0;
  std::vector<double> weights_;
  double objective_ = 0.0;
  bool reached_max_iterations_ = false;
};

}  // namespace radstudy::models
