#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

#include "core/errors.hpp"
#include "models/classifier.hpp"
#include "models/conditional_inference_tree.hpp"
#include "models/logistic_regression.hpp"
#include "models/naive_bayes.hpp"
#include "models/nearest_neighbours.hpp"
#include "models/neural_network.hpp"
#include "models/recursive_partitioning.hpp"
#include "models/support_vector_machine.hpp"
#include "models/tree_ensembles.hpp"

namespace radstudy::models {
namespace {

struct RegisteredModel {
  std::function<std::unique_ptr<Classifier>()> make;
  std::function<std::unique_ptr<Classifier>(const nlohmann::json&)> from_json;
};

// The models that exist, in the order `--models all` runs them. One line per model.
const std::vector<std::pair<std::string, RegisteredModel>>& registry() {
  static const std::vector<std::pair<std::string, RegisteredModel>> models = {
      {"svm", {[] { return std::make_unique<SupportVectorMachine>(); }, SupportVectorMachine::from_json}},
      {"naive_bayes", {[] { return std::make_unique<NaiveBayes>(); }, NaiveBayes::from_json}},
      {"rpart", {[] { return std::make_unique<RecursivePartitioning>(); }, RecursivePartitioning::from_json}},
      {"ctree",
       {[] { return std::make_unique<ConditionalInferenceTree>(); }, ConditionalInferenceTree::from_json}},
      {"random_forest", {[] { return std::make_unique<RandomForest>(); }, RandomForest::from_json}},
      {"knn", {[] { return std::make_unique<NearestNeighbours>(5); }, NearestNeighbours::from_json}},
      {"neural_net", {[] { return std::make_unique<NeuralNetwork>(); }, NeuralNetwork::from_json}},
      {"boosting", {[] { return std::make_unique<AdaptiveBoosting>(); }, AdaptiveBoosting::from_json}},
      {"bagging", {[] { return std::make_unique<BaggedTrees>(); }, BaggedTrees::from_json}},
      {"logistic", {[] { return std::make_unique<LogisticRegression>(); }, LogisticRegression::from_json}},
  };
  return models;
}

const RegisteredModel& find(const std::string& name) {
  for (const auto& [registered, model] : registry())
    if (registered == name) return model;
  throw ConfigError(fmt::format("unknown model '{}'; the models are: {}", name, fmt::join(classifier_names(), ", ")));
}

}  // namespace

std::unique_ptr<Classifier> make_classifier(const std::string& name) { return find(name).make(); }

std::unique_ptr<Classifier> classifier_from_json(const nlohmann::json& model) {
  if (!model.is_object() || !model.contains("name") || !model.at("name").is_string())
    throw InputError("a saved model has no \"name\"");
  const auto name = model.at("name").get<std::string>();
  try {
    return find(name).from_json(model);
  } catch (const nlohmann::json::exception& error) {
    throw InputError(fmt::format("the saved {} model is incomplete or malformed: {}", name, error.what()));
  }
}

const std::vector<std::string>& classifier_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> result;
    for (const auto& entry : registry()) result.push_back(entry.first);
    return result;
  }();
  return names;
}

}  // namespace radstudy::models
