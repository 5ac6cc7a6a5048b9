#pragma once
#include <string>
#include <vector>

namespace radstudy::study {

// What `radstudy dca` reads: a table with an id, the 0/1 outcome and one probability column per model
// (wide), or the predictions.csv of `radstudy model` (long: test rows only, repeats pooled, outcome
// `label` unless given).
struct DecisionCurveOptions {
  std::string data;  // the CSV file
  std::string id = "id";
  std::string outcome;
  std::vector<std::string> models;  // wide: the probability columns; long: the models to keep (all if empty)
};

// dca.csv: threshold,model,net_benefit for thresholds 0.01..0.99, treat_all and treat_none first. InputError
// (naming the file, model and case) for a value outside [0, 1] or missing, an outcome that is not 0/1 or
// has one class only, and models tested on different cases.
std::string decision_curves_csv(const DecisionCurveOptions& options);

}  // namespace radstudy::study
