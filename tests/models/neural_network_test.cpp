#include "models/neural_network.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <numeric>

#include "core/errors.hpp"
#include "core/seeded_random.hpp"
#include "models/fold_golden_data.hpp"
#include "test_data.hpp"

namespace radstudy::models {
namespace {

using testing::golden_number;
using testing::model_golden_path;

std::string nnet_golden(const std::string& file) {
  return model_golden_path("nnet", file);
}

// From R's own initial weights (nnet(..., Wts = w), tests/golden/nnet/make_golden.R) radstudy must
// follow nnet's objective, gradient, decay and vmmin's BFGS to the same fitted weights.
TEST(NeuralNetworkGolden, ReachesNnetWeightsFromRsInitialWeights) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  std::map<std::string, std::vector<double>> initial, final_weights, fitted;
  for (const auto& row : core::read_csv(nnet_golden("optimiser_weights.csv")).rows) {
    initial[row[0]].push_back(golden_number(row[2]));
    final_weights[row[0]].push_back(golden_number(row[3]));
  }
  for (const auto& row : core::read_csv(nnet_golden("optimiser_fitted.csv")).rows)
    fitted[row[0]].push_back(golden_number(row[2]));

  int fits = 0, compared = 0;
  double worst_weight = 0.0, worst_fitted = 0.0, worst_value = 0.0;
  for (const auto& row : core::read_csv(nnet_golden("optimiser_fits.csv")).rows) {
    const std::string& fit = row[0];
    const testing::LabelledTable data = testing::read_labelled_table(nnet_golden(row[1]));
    NeuralNetwork network;
    network.fit_from_weights(data.features, data.labels, initial.at(fit));
    ASSERT_EQ(network.weights().size(), final_weights.at(fit).size()) << fit;
    for (std::size_t k = 0; k < network.weights().size(); ++k) {
      const double expected = final_weights.at(fit)[k];
      const double difference =
          std::abs(network.weights()[k] - expected) / std::max(std::abs(expected), 1e-3);
      worst_weight = std::max(worst_weight, difference);
      EXPECT_LE(difference, 1e-6) << fit << " weight " << k + 1 << ": radstudy " << network.weights()[k]
                                  << ", R " << expected;
      ++compared;
    }
    const std::vector<double> score = network.score(data.features);
    for (std::size_t i = 0; i < score.size(); ++i) {
      const double difference = std::abs(score[i] - fitted.at(fit)[i]);
      worst_fitted = std::max(worst_fitted, difference);
      EXPECT_LE(difference, 1e-8) << fit << " case " << i + 1;
      ++compared;
    }
    const double value_difference =
        std::abs(network.objective() - golden_number(row[2])) / golden_number(row[2]);
    worst_value = std::max(worst_value, value_difference);
    EXPECT_LE(value_difference, 1e-9) << fit << " objective";
    EXPECT_EQ(network.reached_max_iterations(), row[3] == "1") << fit;
    ++compared;
    ++fits;
  }
  EXPECT_GE(fits, 8);
  std::cout << "neural_net vs nnet from R's starts: " << fits << " fits, " << compared
            << " values; worst relative weight difference " << worst_weight << ", worst fitted difference "
            << worst_fitted << ", worst relative objective difference " << worst_value << "\n";
}

// With radstudy's own seeds (other starts than R's runif), the cross-validated mean AUC lies within
// R's seed-to-seed spread on the same folds.
TEST(NeuralNetworkGolden, CrossValidatedAucWithinNnetSeedSpread) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  std::map<std::string, std::vector<double>> r_means;
  for (const auto& row : core::read_csv(nnet_golden("spread_auc.csv")).rows)
    r_means[row[0]].push_back(golden_number(row[2]));
  for (const auto& dataset : core::read_csv(nnet_golden("spread_datasets.csv")).rows) {
    const std::vector<double>& reference = r_means.at(dataset[0]);
    ASSERT_GE(reference.size(), 20u);
    const double r_mean =
        std::accumulate(reference.begin(), reference.end(), 0.0) / static_cast<double>(reference.size());
    double r_variance = 0.0;
    for (const double value : reference) r_variance += (value - r_mean) * (value - r_mean);
    const double r_sd = std::sqrt(r_variance / static_cast<double>(reference.size() - 1));

    const testing::LabelledTable table = testing::read_labelled_table(nnet_golden(dataset[1]));
    const auto folds = testing::read_folds(nnet_golden(dataset[2]), table);
    std::vector<testing::FoldData> fold_data;
    for (const auto& [key, in_test] : folds)
      fold_data.push_back(testing::split_and_standardize(table, in_test));
    std::vector<double> ours;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      double sum = 0.0;
      for (const testing::FoldData& fold : fold_data) {
        NeuralNetwork network;
        network.fit(fold.train, fold.train_labels,
                    seed * 1000 + static_cast<std::uint64_t>(&fold - fold_data.data()));
        sum += testing::pairwise_auc(network.score(fold.test), fold.test_labels);
      }
      ours.push_back(sum / static_cast<double>(fold_data.size()));
    }
    const double our_mean = std::accumulate(ours.begin(), ours.end(), 0.0) / static_cast<double>(ours.size());
    std::cout << dataset[0] << ": radstudy mean AUC over 5 seeds " << our_mean << " (seeds:";
    for (const double value : ours) std::cout << " " << value;
    std::cout << "); R over " << reference.size() << " seeds: mean " << r_mean << ", sd " << r_sd
              << ", range [" << *std::min_element(reference.begin(), reference.end()) << ", "
              << *std::max_element(reference.begin(), reference.end()) << "]\n";
    EXPECT_NEAR(our_mean, r_mean, 2 * r_sd) << dataset[0];
    for (const double value : ours) EXPECT_NEAR(value, r_mean, 4 * r_sd) << dataset[0];
  }
}

using testing::labels_from;
using testing::noisy_features;

TEST(NeuralNetwork, SameSeedSameModelOtherSeedOtherStart) {
  core::SeededRandom random(21);
  const Eigen::MatrixXd x = noisy_features(random, 40, 10);
  const std::vector<int> y = labels_from(x, random);
  NeuralNetwork first, second, other;
  first.fit(x, y, 5);
  second.fit(x, y, 5);
  other.fit(x, y, 6);
  EXPECT_EQ(first.weights(), second.weights());
  EXPECT_NE(first.weights(), other.weights());
  EXPECT_EQ(first.weights().size(), NeuralNetwork::weight_count(10, 5));
  EXPECT_EQ(first.weights().size(), 61u);  // (10 + 1) * 5 + 5 + 1, as nnet counts them
  for (const double probability : first.score(x)) {
    EXPECT_GE(probability, 0.0);
    EXPECT_LE(probability, 1.0);
  }
}

// nnet's MaxNWts: (p + 1) x 5 + 6 weights must not pass the limit (default 1000, so 197 features).
TEST(NeuralNetwork, RefusesMoreWeightsThanTheLimit) {
  EXPECT_EQ(NeuralNetwork::largest_feature_count(5, 1000), 197u);
  EXPECT_EQ(NeuralNetwork::weight_count(197, 5), 996u);
  EXPECT_EQ(NeuralNetwork::weight_count(198, 5), 1001u);
  EXPECT_EQ(NeuralNetwork::largest_feature_count(5, 15), 0u);
  EXPECT_EQ(NeuralNetwork::largest_feature_count(5, 16), 1u);
  core::SeededRandom random(24);
  const Eigen::MatrixXd x = noisy_features(random, 12, 198);
  const std::vector<int> y = labels_from(x, random);
  NeuralNetwork network;
  try {
    network.fit(x, y, 1);
    FAIL() << "1001 weights accepted";
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    for (const char* part : {"neural_net", "198 features", "1001 weights", "limit of 1000", "MaxNWts"})
      EXPECT_NE(message.find(part), std::string::npos) << part << " not in: " << message;
  }
  NeuralNetworkSettings raised;
  raised.max_weights = 1001;
  raised.max_iterations = 2;
  NeuralNetwork larger(raised);
  larger.fit(x, y, 1);
  EXPECT_EQ(larger.weights().size(), 1001u);
}

TEST(NeuralNetwork, JsonRoundTripScoresIdentically) {
  core::SeededRandom random(22);
  const Eigen::MatrixXd x = noisy_features(random, 50, 4);
  const std::vector<int> y = labels_from(x, random);
  NeuralNetwork network;
  network.fit(x, y, 1);
  const auto restored = NeuralNetwork::from_json(nlohmann::json::parse(network.to_json().dump()));
  EXPECT_EQ(restored->score(x), network.score(x));
  EXPECT_EQ(restored->to_json(), network.to_json());
}

TEST(NeuralNetwork, RejectsBadInput) {
  core::SeededRandom random(23);
  const Eigen::MatrixXd x = noisy_features(random, 30, 3);
  const std::vector<int> y = labels_from(x, random);
  NeuralNetwork network;
  EXPECT_THROW(network.score(x), InputError);
  EXPECT_THROW(network.fit(x, std::vector<int>(31, 0), 1), InputError);
  std::vector<int> bad_label = y;
  bad_label[0] = -1;
  EXPECT_THROW(network.fit(x, bad_label, 1), InputError);
  Eigen::MatrixXd with_infinity = x;
  with_infinity(2, 0) = std::numeric_limits<double>::infinity();
  try {
    network.fit(with_infinity, y, 1);
    FAIL() << "infinity accepted";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("case 3, feature 1"), std::string::npos) << error.what();
  }
  EXPECT_THROW(network.fit_from_weights(x, y, std::vector<double>(5, 0.1)), InputError);
  network.fit(x, y, 1);
  EXPECT_THROW(network.score(x.leftCols(2)), InputError);
  nlohmann::json broken = network.to_json();
  broken["weights"].erase(0);
  EXPECT_THROW(NeuralNetwork::from_json(broken), InputError);
  NeuralNetworkSettings bad;
  bad.hidden_units = 0;
  EXPECT_THROW(NeuralNetwork{bad}, ConfigError);
}


}  // namespace
}  // namespace radstudy::models
