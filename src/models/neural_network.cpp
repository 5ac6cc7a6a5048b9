#include "models/neural_network.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"

namespace radstudy::models {
namespace {

// nnet's logistic unit, clipped to exactly 0 and 1 beyond |15|.
double logistic(double sum) {
  if (sum < -15.0) return 0.0;
  if (sum > 15.0) return 1.0;
  return 1.0 / (1.0 + std::exp(-sum));
}

// nnet's entropy term of one case (its E() with EPS = 1e-80 inside the logarithms).
double entropy_error(double output, double target) {
  constexpr double kEpsilon = 1.0e-80;
  double error = 0.0;
  if (target > 0) error -= target * std::log((output + kEpsilon) / target);
  if (target < 1) error -= (1 - target) * std::log((1 - output + kEpsilon) / (1 - target));
  return error;
}

// The network of nnet.default(x, y, size, entropy = TRUE) on training data: the objective (nnet's
// fminfn) and its gradient (fmingr: forward and backward pass case by case, in nnet's order of
// operations, so that the optimiser follows R's path).
class EntropyNetwork {
 public:
  EntropyNetwork(const Eigen::MatrixXd& x, const std::vector<int>& y, int hidden_units, double decay)
      : cases_(x.rows()),
        inputs_(static_cast<std::size_t>(x.cols())),
        rows_(static_cast<std::size_t>(x.size())),
        y_(y),
        hidden_(hidden_units),
        decay_(decay),
        hidden_output_(static_cast<std::size_t>(hidden_units)),
        hidden_error_(static_cast<std::size_t>(hidden_units)) {
    for (Eigen::Index i = 0; i < x.rows(); ++i)
      for (Eigen::Index k = 0; k < x.cols(); ++k)
        rows_[static_cast<std::size_t>(i) * inputs_ + static_cast<std::size_t>(k)] = x(i, k);
  }

  std::size_t input_count() const { return inputs_; }

  double objective(const std::vector<double>& w) {
    double total = 0.0;
    for (Eigen::Index i = 0; i < cases_; ++i)
      total += 1.0 * entropy_error(forward(w, i), y_[static_cast<std::size_t>(i)]);
    return total + penalty(w);
  }

  void gradient(const std::vector<double>& w, std::vector<double>& slope) {
    const std::size_t inputs = input_count();
    const std::size_t stride = inputs + 1;
    const std::size_t output_first = static_cast<std::size_t>(hidden_) * stride;
    for (std::size_t j = 0; j < w.size(); ++j) slope[j] = 2 * decay_ * w[j];
    for (Eigen::Index i = 0; i < cases_; ++i) {
      const double output = forward(w, i);
      const double* row = &rows_[static_cast<std::size_t>(i) * inputs_];
      const double output_error = output - y_[static_cast<std::size_t>(i)];
      // The output unit: its bias, then its hidden inputs.
      slope[output_first] += 1.0 * output_error * 1.0;
      for (std::size_t h = 0; h < hidden_output_.size(); ++h) {
        hidden_error_[h] = 0.0 + output_error * w[output_first + 1 + h];
        slope[output_first + 1 + h] += 1.0 * output_error * hidden_output_[h];
      }
      // Hidden units, last to first.
      for (std::size_t h = hidden_output_.size(); h-- > 0;) {
        const double unit_error = hidden_error_[h] * (hidden_output_[h] * (1.0 - hidden_output_[h]));
        const std::size_t first = h * stride;
        slope[first] += 1.0 * unit_error * 1.0;
        for (std::size_t k = 0; k < inputs; ++k) slope[first + 1 + k] += 1.0 * unit_error * row[k];
      }
    }
  }

  // The output for case i (nnet's fpass); fills the hidden outputs.
  double forward(const std::vector<double>& w, Eigen::Index i) {
    const std::size_t inputs = input_count();
    const std::size_t stride = inputs + 1;
    const double* row = &rows_[static_cast<std::size_t>(i) * inputs];
    for (std::size_t h = 0; h < hidden_output_.size(); ++h) {
      const std::size_t first = h * stride;
      double sum = 0.0;
      sum += 1.0 * w[first];
      for (std::size_t k = 0; k < inputs; ++k) sum += row[k] * w[first + 1 + k];
      hidden_output_[h] = logistic(sum);
    }
    const std::size_t output_first = hidden_output_.size() * stride;
    double sum = 0.0;
    sum += 1.0 * w[output_first];
    for (std::size_t h = 0; h < hidden_output_.size(); ++h)
      sum += hidden_output_[h] * w[output_first + 1 + h];
    return logistic(sum);
  }

 private:
  double penalty(const std::vector<double>& w) const {
    double sum = 0.0;
    for (const double weight : w) sum += decay_ * weight * weight;
    return sum;
  }

  Eigen::Index cases_;
  std::size_t inputs_;
  std::vector<double> rows_;  // the features, case by case
  const std::vector<int>& y_;
  int hidden_;
  double decay_;
  std::vector<double> hidden_output_;
  std::vector<double> hidden_error_;
};

// R's vmmin (src/appl/optim.c): BFGS variable metric after Nash's Compact Numerical Methods, with its
// backtracking line search (step x 0.2 until f <= f0 + 1e-4 * step * slope), its "no change" test
// (10 + x == 10 + x'), resets of the inverse Hessian when the direction is uphill or the curvature
// D1 <= 0, a periodic reset after 2n gradients, and the stopping rule on abstol / reltol.
struct MinimisationResult {
  double value = 0.0;
  bool reached_max_iterations = false;
};

MinimisationResult variable_metric_minimise(std::vector<double>& b, EntropyNetwork& network,
                                            int max_iterations, double absolute_tolerance,
                                            double relative_tolerance) {
  constexpr double kStepReduction = 0.2;
  constexpr double kAcceptanceTolerance = 0.0001;
  constexpr double kRelativeTest = 10.0;
  const std::size_t n = b.size();
  MinimisationResult result;
  if (max_iterations <= 0) {
    result.value = network.objective(b);
    return result;
  }
  std::vector<double> g(n), t(n), x(n), c(n);
  std::vector<std::vector<double>> inverse_hessian(n);  // lower triangle
  for (std::size_t i = 0; i < n; ++i) inverse_hessian[i].resize(i + 1);

  double f = network.objective(b);
  if (!std::isfinite(f)) throw NumericalError("neural_net: the initial objective is not finite");
  double minimum = f;
  int gradient_count = 1;
  network.gradient(b, g);
  int iteration = 1;
  int last_reset = gradient_count;
  std::size_t unchanged = 0;
  do {
    if (last_reset == gradient_count) {
      for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < i; ++j) inverse_hessian[i][j] = 0.0;
        inverse_hessian[i][i] = 1.0;
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      x[i] = b[i];
      c[i] = g[i];
    }
    double slope = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      double s = 0.0;
      for (std::size_t j = 0; j <= i; ++j) s -= inverse_hessian[i][j] * g[j];
      for (std::size_t j = i + 1; j < n; ++j) s -= inverse_hessian[j][i] * g[j];
      t[i] = s;
      slope += s * g[i];
    }

    if (slope < 0.0) {  // downhill
      double step = 1.0;
      bool accepted = false;
      do {
        unchanged = 0;
        for (std::size_t i = 0; i < n; ++i) {
          b[i] = x[i] + step * t[i];
          if (kRelativeTest + x[i] == kRelativeTest + b[i]) ++unchanged;
        }
        if (unchanged < n) {
          f = network.objective(b);
          accepted = std::isfinite(f) && (f <= minimum + slope * step * kAcceptanceTolerance);
          if (!accepted) step *= kStepReduction;
        }
      } while (!(unchanged == n || accepted));
      const bool enough =
          (f > absolute_tolerance) &&
          std::abs(f - minimum) > relative_tolerance * (std::abs(minimum) + relative_tolerance);
      if (!enough) {
        unchanged = n;
        minimum = f;
      }
      if (unchanged < n) {  // progress
        minimum = f;
        network.gradient(b, g);
        ++gradient_count;
        ++iteration;
        double d1 = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
          t[i] = step * t[i];
          c[i] = g[i] - c[i];
          d1 += t[i] * c[i];
        }
        if (d1 > 0) {
          double d2 = 0.0;
          for (std::size_t i = 0; i < n; ++i) {
            double s = 0.0;
            for (std::size_t j = 0; j <= i; ++j) s += inverse_hessian[i][j] * c[j];
            for (std::size_t j = i + 1; j < n; ++j) s += inverse_hessian[j][i] * c[j];
            x[i] = s;
            d2 += s * c[i];
          }
          d2 = 1.0 + d2 / d1;
          for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j <= i; ++j)
              inverse_hessian[i][j] += (d2 * t[i] * t[j] - x[i] * t[j] - t[i] * x[j]) / d1;
        } else {
          last_reset = gradient_count;
        }
      } else if (last_reset < gradient_count) {  // no progress: reset once
        unchanged = 0;
        last_reset = gradient_count;
      }
    } else {  // uphill: reset unless just reset
      unchanged = 0;
      if (last_reset == gradient_count)
        unchanged = n;
      else
        last_reset = gradient_count;
    }
    if (iteration >= max_iterations) break;
    if (gradient_count - last_reset > 2 * static_cast<int>(n))
      last_reset = gradient_count;  // periodic restart
  } while (unchanged != n || last_reset != gradient_count);
  result.value = minimum;
  result.reached_max_iterations = iteration >= max_iterations;
  return result;
}

void check_inputs(const Eigen::MatrixXd& x, const char* what) {
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    for (Eigen::Index j = 0; j < x.cols(); ++j)
      if (!std::isfinite(x(i, j)))
        throw InputError(
            fmt::format("neural_net: {} case {}, feature {} is not a finite number", what, i + 1, j + 1));
}

}  // namespace

NeuralNetwork::NeuralNetwork(NeuralNetworkSettings settings) : settings_(settings) {
  if (settings_.hidden_units < 1)
    throw ConfigError("neural_net: the number of hidden units must be at least 1");
  if (!(settings_.decay >= 0)) throw ConfigError("neural_net: decay must be >= 0");
  if (!(settings_.initial_range >= 0)) throw ConfigError("neural_net: the initial weight range must be >= 0");
}

std::size_t NeuralNetwork::largest_feature_count(int hidden_units, std::size_t max_weights) {
  const auto units = static_cast<std::size_t>(hidden_units);
  if (max_weights < 2 * units + 1) return 0;
  return (max_weights - units - 1) / units - 1;  // (p + 1) units + units + 1 <= max_weights
}

void NeuralNetwork::fit(const Eigen::MatrixXd& x, const std::vector<int>& y, std::uint64_t seed) {
  const std::size_t weights = weight_count(x.cols(), settings_.hidden_units);
  if (weights > settings_.max_weights)
    throw ConfigError(fmt::format(
        "neural_net: {} features give (p + 1) x {} + {} = {} weights, more than the limit "
        "of {} (nnet's MaxNWts)",
        x.cols(), settings_.hidden_units, settings_.hidden_units + 1, weights, settings_.max_weights));
  core::SeededRandom random(seed);
  std::vector<double> initial(weight_count(x.cols(), settings_.hidden_units));
  for (double& weight : initial)
    weight =
        settings_.initial_range > 0 ? random.uniform(-settings_.initial_range, settings_.initial_range) : 0.0;
  fit_from_weights(x, y, std::move(initial));
}

void NeuralNetwork::fit_from_weights(const Eigen::MatrixXd& x, const std::vector<int>& y,
                                     std::vector<double> initial_weights) {
  if (x.rows() != static_cast<Eigen::Index>(y.size()))
    throw InputError(fmt::format("neural_net: {} rows of features but {} labels", x.rows(), y.size()));
  if (x.rows() < 1 || x.cols() < 1) throw InputError("neural_net: no training case or no feature");
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] != 0 && y[i] != 1)
      throw InputError(fmt::format("neural_net: training case {} has label {}, not 0 or 1", i + 1, y[i]));
  check_inputs(x, "training");
  if (initial_weights.size() != weight_count(x.cols(), settings_.hidden_units))
    throw InputError(fmt::format("neural_net: {} initial weights given, the network has {}",
                                 initial_weights.size(), weight_count(x.cols(), settings_.hidden_units)));

  EntropyNetwork network(x, y, settings_.hidden_units, settings_.decay);
  const MinimisationResult result =
      variable_metric_minimise(initial_weights, network, settings_.max_iterations,
                               settings_.absolute_tolerance, settings_.relative_tolerance);
  input_count_ = x.cols();
  weights_ = std::move(initial_weights);
  objective_ = result.value;
  reached_max_iterations_ = result.reached_max_iterations;
}

std::vector<double> NeuralNetwork::score(const Eigen::MatrixXd& x) const {
  if (weights_.empty()) throw InputError("neural_net: score() before fit()");
  if (x.cols() != input_count_)
    throw InputError(
        fmt::format("neural_net: {} features given, the network was fitted on {}", x.cols(), input_count_));
  check_inputs(x, "scored");
  const std::vector<int> no_labels(static_cast<std::size_t>(x.rows()), 0);
  EntropyNetwork network(x, no_labels, settings_.hidden_units, 0.0);
  std::vector<double> scores(static_cast<std::size_t>(x.rows()));
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    scores[static_cast<std::size_t>(i)] = network.forward(weights_, i);
  return scores;
}

nlohmann::json NeuralNetwork::to_json() const {
  return {{"name", name()},
          {"settings",
           {{"hidden_units", settings_.hidden_units},
            {"decay", settings_.decay},
            {"max_iterations", settings_.max_iterations},
            {"initial_range", settings_.initial_range},
            {"absolute_tolerance", settings_.absolute_tolerance},
            {"relative_tolerance", settings_.relative_tolerance}}},
          {"feature_count", input_count_},
          {"weights", weights_},
          {"objective", objective_},
          {"reached_max_iterations", reached_max_iterations_}};
}

std::unique_ptr<NeuralNetwork> NeuralNetwork::from_json(const nlohmann::json& model) {
  try {
    if (model.at("name").get<std::string>() != "neural_net")
      throw InputError("neural_net: the model file holds a " + model.at("name").get<std::string>() +
                       " model");
    const nlohmann::json& settings_json = model.at("settings");
    NeuralNetworkSettings settings;
    settings.hidden_units = settings_json.at("hidden_units").get<int>();
    settings.decay = settings_json.at("decay").get<double>();
    settings.max_iterations = settings_json.at("max_iterations").get<int>();
    settings.initial_range = settings_json.at("initial_range").get<double>();
    settings.absolute_tolerance = settings_json.at("absolute_tolerance").get<double>();
    settings.relative_tolerance = settings_json.at("relative_tolerance").get<double>();
    auto network = std::make_unique<NeuralNetwork>(settings);
    network->input_count_ = model.at("feature_count").get<Eigen::Index>();
    network->weights_ = model.at("weights").get<std::vector<double>>();
    network->objective_ = model.at("objective").get<double>();
    network->reached_max_iterations_ = model.at("reached_max_iterations").get<bool>();
    if (network->input_count_ < 1 ||
        network->weights_.size() != weight_count(network->input_count_, settings.hidden_units))
      throw InputError(
          "neural_net: the model's weights do not match its number of features and hidden units");
    for (const double weight : network->weights_)
      if (!std::isfinite(weight)) throw InputError("neural_net: the model holds a weight that is not finite");
    return network;
  } catch (const nlohmann::json::exception& error) {
    throw InputError(std::string("neural_net: malformed model: ") + error.what());
  }
}

}  // namespace radstudy::models
