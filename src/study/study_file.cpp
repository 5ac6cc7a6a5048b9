#include "study/study_file.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <map>
#include <set>

#include "core/closest_name.hpp"
#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "core/text_file.hpp"
#include "models/classifier.hpp"
#include "settings/yaml_document.hpp"

namespace radstudy::study {
namespace fs = std::filesystem;
namespace {

std::string listed(const std::vector<std::string>& names, std::size_t at_most = 6) {
  std::vector<std::string> shown(names.begin(), names.begin() + std::min(names.size(), at_most));
  std::string text = fmt::format("{}", fmt::join(shown, ", "));
  if (names.size() > at_most) text += fmt::format(", ... ({} in all)", names.size());
  return text;
}

// Reads the YAML tree of the study file; every refusal names the file and the key's path.
class StudyReader {
 public:
  explicit StudyReader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& problem) const {
    throw ConfigError(fmt::format("{}: {}: {}", source_, key, problem));
  }

  // The entries of a mapping, refusing a key that is not in `known` (suggesting the closest) or given
  // twice.
  std::map<std::string, YAML::Node> mapping(const YAML::Node& node, const std::string& key,
                                            const std::vector<std::string>& known) const {
    if (!node.IsMap())
      fail(key, fmt::format("expected a mapping of {}; write e.g. {}: {{{}: ...}}", listed(known, 10),
                            key.empty() ? "section" : key, known.front()));
    std::map<std::string, YAML::Node> entries;
    for (const auto& entry : node) {
      const std::string name = entry.first.Scalar();
      const std::string path = key.empty() ? name : key + "." + name;
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        const std::string meant = core::closest_name(name, known);
        fail(path, fmt::format("unknown key; {}{} holds {}",
                               meant.empty() ? "" : fmt::format("did you mean '{}'? ", meant),
                               key.empty() ? "a study file" : key, listed(known, 10)));
      }
      if (!entries.emplace(name, entry.second).second) fail(path, "given twice; keep one of them");
    }
    return entries;
  }

  std::string text(const YAML::Node& node, const std::string& key, const std::string& example) const {
    if (!node.IsScalar() || node.Scalar().empty())
      fail(key, fmt::format("expected a name or a path; write e.g. {}", example));
    return node.Scalar();
  }

  long long whole_number(const YAML::Node& node, const std::string& key, long long lower, long long upper,
                         const std::string& meaning) const {
    const std::string value = node.IsScalar() ? node.Scalar() : std::string();
    long long number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error == std::errc::invalid_argument || end != value.data() + value.size())
      fail(key, fmt::format("expected a whole number, got '{}'; {}",
                            node.IsScalar() ? value : "a list or mapping", meaning));
    if (error == std::errc::result_out_of_range || number < lower || number > upper)
      fail(key, fmt::format("{} is out of range; {}", value, meaning));
    return number;
  }

  double number(const YAML::Node& node, const std::string& key, double lower, double upper,
                const std::string& meaning) const {
    const std::string value = node.IsScalar() ? node.Scalar() : std::string();
    double number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size() || !std::isfinite(number))
      fail(key, fmt::format("expected a number, got '{}'; {}", node.IsScalar() ? value : "a list or mapping",
                            meaning));
    if (number < lower || number > upper) fail(key, fmt::format("{} is out of range; {}", value, meaning));
    return number;
  }

  std::string choice(const YAML::Node& node, const std::string& key,
                     const std::vector<std::string>& choices) const {
    const std::string value = node.IsScalar() ? node.Scalar() : std::string();
    if (std::find(choices.begin(), choices.end(), value) != choices.end()) return value;
    const std::string meant = core::closest_name(value, choices);
    fail(key, fmt::format("'{}' is not one of {}; {}", node.IsScalar() ? value : "a list or mapping",
                          listed(choices),
                          meant.empty() ? "choose one of them" : "did you mean '" + meant + "'?"));
  }

  std::vector<std::string> names(const YAML::Node& node, const std::string& key,
                                 const std::string& example) const {
    if (!node.IsSequence()) fail(key, fmt::format("expected a list; write e.g. {}: [{}]", key, example));
    std::vector<std::string> result;
    for (std::size_t k = 0; k < node.size(); ++k) {
      const std::string item_key = fmt::format("{}[{}]", key, k + 1);
      const std::string name = text(node[k], item_key, example);
      if (std::find(result.begin(), result.end(), name) != result.end())
        fail(item_key, fmt::format("'{}' is listed twice; list it once", name));
      result.push_back(name);
    }
    return result;
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

std::string resolved(const std::string& folder, const std::string& path) {
  const fs::path entry(path);
  return entry.is_absolute() || folder.empty() ? path : (fs::path(folder) / entry).string();
}

void read_cohort(const StudyReader& reader, const YAML::Node& node, StudyFile& study) {
  const auto entries = reader.mapping(
      node, "cohort", {"manifest", "clinical", "id", "outcome", "time", "event", "clinical_variables"});
  auto required = [&](const std::string& name, const std::string& what) {
    const auto found = entries.find(name);
    if (found == entries.end() || found->second.IsNull())
      reader.fail("cohort." + name, fmt::format("missing; give {}", what));
    return reader.text(found->second, "cohort." + name, what);
  };
  auto& cohort = study.cohort;
  cohort.manifest =
      resolved(study.folder, required("manifest", "the manifest CSV (id,image,mask), e.g. cases.csv"));
  cohort.clinical = resolved(study.folder, required("clinical", "the clinical CSV, one row per case"));
  cohort.outcome =
      required("outcome", "the 0/1 outcome column of the clinical table (1 = the event to predict)");
  if (entries.count("id")) cohort.id = reader.text(entries.at("id"), "cohort.id", "id: id");
  if (entries.count("time")) cohort.time = reader.text(entries.at("time"), "cohort.time", "time: os_days");
  if (entries.count("event")) cohort.event = reader.text(entries.at("event"), "cohort.event", "event: death");
  if (cohort.time.empty() != cohort.event.empty())
    reader.fail(cohort.time.empty() ? "cohort.time" : "cohort.event",
                fmt::format("missing while cohort.{} is given; give both the survival time and the event "
                            "column, or neither",
                            cohort.time.empty() ? "event" : "time"));
  if (entries.count("clinical_variables"))
    cohort.clinical_variables =
        reader.names(entries.at("clinical_variables"), "cohort.clinical_variables", "age, sex");
  for (std::size_t k = 0; k < cohort.clinical_variables.size(); ++k) {
    const auto& name = cohort.clinical_variables[k];
    if (name == cohort.outcome || name == cohort.time || name == cohort.event || name == cohort.id)
      reader.fail(fmt::format("cohort.clinical_variables[{}]", k + 1),
                  fmt::format("'{}' is the study's {} column, not a predictor; remove it from the list", name,
                              name == cohort.outcome ? "outcome"
                              : name == cohort.id    ? "id"
                              : name == cohort.time  ? "time"
                                                     : "event"));
  }
}

void read_reproducibility(const StudyReader& reader, const YAML::Node& node, StudyReproducibility& settings) {
  const auto entries =
      reader.mapping(node, "reproducibility", {"method", "icc", "threshold", "perturbations"});
  if (entries.count("method")) {
    const std::string method = reader.choice(entries.at("method"), "reproducibility.method",
                                             {"perturbation", "second_mask", "none"});
    settings.method = method == "perturbation"  ? ReproducibilityMethod::kPerturbation
                      : method == "second_mask" ? ReproducibilityMethod::kSecondMask
                                                : ReproducibilityMethod::kNone;
  }
  if (entries.count("icc")) {
    const std::string icc = reader.choice(entries.at("icc"), "reproducibility.icc", {"ICC1", "ICC2", "ICC3"});
    settings.icc = stats::icc_type_from_name(icc);
  }
  if (entries.count("threshold"))
    settings.threshold =
        reader.number(entries.at("threshold"), "reproducibility.threshold", -1, 1,
                      "give an ICC from -1 to 1 (features with ICC >= it are kept), e.g. 0.9");
  if (entries.count("perturbations")) {
    if (settings.method != ReproducibilityMethod::kPerturbation)
      reader.fail("reproducibility.perturbations",
                  "given while method is not perturbation; remove it or set method: perturbation");
    settings.perturbation_items = reader.names(entries.at("perturbations"), "reproducibility.perturbations",
                                               "erode, dilate, shift:2, noise:20");
    if (settings.perturbation_items.empty())
      reader.fail("reproducibility.perturbations",
                  "the list is empty; list at least one of erode, dilate, shift[:MM], noise[:SD], or set "
                  "method: none");
  }
  settings.perturbations.clear();
  if (settings.method != ReproducibilityMethod::kPerturbation) return;
  std::string all;
  for (std::size_t k = 0; k < settings.perturbation_items.size(); ++k) {
    const auto& item = settings.perturbation_items[k];
    try {
      preprocess::parse_perturbations(item);
    } catch (const ConfigError&) {
      reader.fail(
          fmt::format("reproducibility.perturbations[{}]", k + 1),
          fmt::format("'{}' is not a perturbation; use erode, dilate, shift or noise, each with an optional "
                      ":AMOUNT (erode/dilate/shift in mm, noise as an SD), e.g. shift:2",
                      item));
    }
    all += (all.empty() ? "" : ",") + item;
  }
  settings.perturbations = preprocess::parse_perturbations(all);
}

void read_selection(const StudyReader& reader, const YAML::Node& node, StudySelection& selection) {
  const auto entries = reader.mapping(node, "selection", {"method", "n", "scope"});
  if (entries.count("method"))
    selection.method = reader.choice(entries.at("method"), "selection.method", {"lasso"});
  if (entries.count("n"))
    selection.n = static_cast<std::size_t>(
        reader.whole_number(entries.at("n"), "selection.n", 1, 100000,
                            "give the number of features to keep, at least 1, e.g. n: 10"));
  if (entries.count("scope"))
    selection.scope = reader.choice(entries.at("scope"), "selection.scope", {"fold", "all"}) == "fold"
                          ? SelectionScope::kFold
                          : SelectionScope::kAll;
}

std::vector<std::string> read_models(const StudyReader& reader, const YAML::Node& node) {
  const auto& known = models::classifier_names();
  if (node.IsScalar() && node.Scalar() == "all") return known;
  if (node.IsScalar())
    reader.fail("models", fmt::format("'{}' is not 'all' nor a list; write models: all or models: [{}]",
                                      node.Scalar(), listed(known, 3)));
  auto names = reader.names(node, "models", "logistic, svm");
  if (names.empty()) reader.fail("models", "the list is empty; write models: all or list at least one model");
  for (std::size_t k = 0; k < names.size(); ++k)
    if (std::find(known.begin(), known.end(), names[k]) == known.end()) {
      const std::string meant = core::closest_name(names[k], known);
      reader.fail(
          fmt::format("models[{}]", k + 1),
          fmt::format("unknown model '{}'; {}the models are {}", names[k],
                      meant.empty() ? "" : fmt::format("did you mean '{}'? ", meant), listed(known, 10)));
    }
  return names;
}

void read_validation(const StudyReader& reader, const YAML::Node& node, StudyValidation& validation) {
  const auto entries = reader.mapping(node, "validation", {"folds", "repeats", "seed", "permutations"});
  if (entries.count("folds"))
    validation.folds =
        static_cast<int>(reader.whole_number(entries.at("folds"), "validation.folds", 2, 1000,
                                             "give from 2 to 1000 folds of cross-validation, e.g. 5"));
  if (entries.count("repeats"))
    validation.repeats = static_cast<int>(reader.whole_number(
        entries.at("repeats"), "validation.repeats", 1, 100000, "give from 1 to 100000 repeats, e.g. 10"));
  if (entries.count("permutations"))
    validation.permutations = static_cast<int>(
        reader.whole_number(entries.at("permutations"), "validation.permutations", 0, 100000,
                            "give from 0 (no permutation test) to 100000 permutations, e.g. 200"));
  if (entries.count("seed")) {
    const YAML::Node& seed = entries.at("seed");
    const std::string value = seed.IsScalar() ? seed.Scalar() : std::string();
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (value.empty() || error != std::errc() || end != value.data() + value.size())
      reader.fail(
          "validation.seed",
          fmt::format("expected a whole number from 0 to 18446744073709551615, got '{}'; e.g. seed: 42",
                      seed.IsScalar() ? value : "a list or mapping"));
    validation.seed = number;
  }
}

bool valid_cohort_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
}

std::vector<ExternalCohort> read_external(const StudyReader& reader, const YAML::Node& node,
                                          const std::string& folder) {
  if (!node.IsSequence())
    reader.fail("external",
                "expected a list; write e.g. external: [{name: centre_b, manifest: b.csv, clinical: "
                "b_clinical.csv}]");
  std::vector<ExternalCohort> cohorts;
  for (std::size_t k = 0; k < node.size(); ++k) {
    const std::string key = fmt::format("external[{}]", k + 1);
    const auto entries = reader.mapping(node[k], key, {"name", "manifest", "clinical"});
    ExternalCohort cohort;
    for (const auto& [name, what] : std::vector<std::pair<std::string, std::string>>{
             {"name", "a name of letters, digits, '_' and '-', e.g. centre_b"},
             {"manifest", "the cohort's manifest CSV (id,image,mask)"},
             {"clinical", "the cohort's clinical CSV with the outcome column"}}) {
      const auto found = entries.find(name);
      if (found == entries.end() || found->second.IsNull())
        reader.fail(key + "." + name, fmt::format("missing; give {}", what));
      const std::string value = reader.text(found->second, key + "." + name, what);
      if (name == "name") cohort.name = value;
      if (name == "manifest") cohort.manifest = resolved(folder, value);
      if (name == "clinical") cohort.clinical = resolved(folder, value);
    }
    if (!valid_cohort_name(cohort.name))
      reader.fail(key + ".name",
                  fmt::format("'{}' is not a valid name (it names output files); use letters, digits, "
                              "'_' and '-', e.g. centre_b",
                              cohort.name));
    for (const auto& other : cohorts)
      if (other.name == cohort.name)
        reader.fail(key + ".name",
                    fmt::format("'{}' names two external cohorts; give each its own name", cohort.name));
    cohorts.push_back(std::move(cohort));
  }
  return cohorts;
}

}  // namespace

std::string reproducibility_method_name(ReproducibilityMethod method) {
  switch (method) {
    case ReproducibilityMethod::kPerturbation:
      return "perturbation";
    case ReproducibilityMethod::kSecondMask:
      return "second_mask";
    case ReproducibilityMethod::kNone:
      break;
  }
  return "none";
}

StudyFile parse_study_file(const std::string& yaml_text, const std::string& path) {
  const YAML::Node root = settings::parse_yaml(yaml_text, path, "keys, colons and indented blocks");
  const StudyReader reader(path);
  if (!root.IsMap())
    throw ConfigError(
        fmt::format("{}: expected a mapping with the sections cohort, features, reproducibility, "
                    "selection, models, validation, survival, external; start from "
                    "configs/sts_study.yaml",
                    path));
  StudyFile study;
  study.path = path;
  study.folder = fs::path(path).parent_path().string();
  const auto sections = reader.mapping(
      root, "",
      {"cohort", "features", "reproducibility", "selection", "models", "validation", "survival", "external"});
  if (!sections.count("cohort") || sections.at("cohort").IsNull())
    reader.fail("cohort",
                "missing; give the cohort: manifest, clinical, outcome (and id, time, event, "
                "clinical_variables)");
  read_cohort(reader, sections.at("cohort"), study);
  study.models = models::classifier_names();
  for (const auto& [name, node] : sections) {
    if (node.IsNull()) continue;  // an empty section keeps its defaults
    if (name == "features") {
      const auto entries = reader.mapping(node, "features", {"params"});
      if (entries.count("params"))
        study.params = resolved(study.folder,
                                reader.text(entries.at("params"), "features.params", "params: paper.yaml"));
    } else if (name == "reproducibility") {
      read_reproducibility(reader, node, study.reproducibility);
    } else if (name == "selection") {
      read_selection(reader, node, study.selection);
    } else if (name == "models") {
      study.models = read_models(reader, node);
    } else if (name == "validation") {
      read_validation(reader, node, study.validation);
    } else if (name == "survival") {
      const auto entries = reader.mapping(node, "survival", {"entry_p"});
      if (entries.count("entry_p"))
        study.survival.entry_p = reader.number(
            entries.at("entry_p"), "survival.entry_p", 0, 1,
            "give a p-value from 0 to 1 below which a variable enters the multivariate Cox model");
    } else if (name == "external") {
      study.external = read_external(reader, node, study.folder);
    }
  }
  return study;
}

StudyFile read_study_file(const std::string& path) {
  return parse_study_file(core::read_text_file(path, "study file"), path);
}

namespace {

// Refuses a missing file (or a folder) named by `key`.
void require_file(const StudyFile& study, const std::string& key, const std::string& path,
                  const std::string& what) {
  std::error_code error;
  const auto status = fs::status(path, error);
  if (fs::is_directory(status))
    throw InputError(fmt::format("{}: {}: {} is a folder; give the path of {}", study.path, key, path, what));
  if (!fs::exists(status))
    throw InputError(
        fmt::format("{}: {}: {} does not exist; give the path of {}, relative to the study file's "
                    "folder or absolute",
                    study.path, key, path, what));
}

// `read()`, its errors prefixed with the study file and the key, and `advice` added when the reader's
// message does not say what to do.
template <typename Read>
auto with_key(const StudyFile& study, const std::string& key, const std::string& advice, Read&& read) {
  auto message = [&](const std::exception& error) {
    const std::string text = core::one_line(error.what());
    return fmt::format("{}: {}: {}{}", study.path, key, text,
                       text.find("; ") == std::string::npos ? "; " + advice : std::string());
  };
  try {
    return read();
  } catch (const InputError& error) {
    throw InputError(message(error));
  } catch (const ConfigError& error) {
    throw ConfigError(message(error));
  }
}

const char* const kManifestAdvice =
    "fix the manifest: a CSV with the columns id,image,mask[,roi][,label][,mask2]";
const char* const kParamsAdvice =
    "fix the parameter file (PyRadiomics' keys; see radstudy features --params)";
std::string clinical_advice(const std::string& id) {
  return fmt::format("fix the clinical table: a CSV with the id column '{}' (cohort.id), one row per case",
                     id);
}

[[noreturn]] void data_error(const StudyFile& study, const std::string& key, const std::string& problem) {
  throw InputError(fmt::format("{}: {}: {}", study.path, key, problem));
}

// The column named by `key`, or an error listing the table's columns (and the closest).
const core::DataColumn& named_column(const StudyFile& study, const core::DataTable& table,
                                     const std::string& key, const std::string& name) {
  if (table.has(name)) return table.column(name);
  std::vector<std::string> names;
  for (const auto& column : table.columns()) names.push_back(column.name);
  const std::string meant = core::closest_name(name, names);
  data_error(study, key,
             fmt::format("{} has no column '{}'; {}name one of its columns ({})", table.source(), name,
                         meant.empty() ? "" : fmt::format("did you mean '{}'? ", meant), listed(names, 12)));
}

// The clinical table's rows in the manifest's order; refuses ids found in one file and not the other.
core::DataTable clinical_in_manifest_order(const StudyFile& study, const std::string& key_prefix,
                                           const std::string& manifest_path,
                                           const std::vector<CaseSpec>& cases,
                                           const core::DataTable& clinical) {
  std::map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < clinical.row_count(); ++r) row_of[clinical.ids()[r]] = r;
  std::vector<std::size_t> positions;
  std::vector<std::string> missing;
  std::set<std::string> in_manifest;
  for (const auto& spec : cases) {
    in_manifest.insert(spec.id);
    const auto found = row_of.find(spec.id);
    if (found == row_of.end())
      missing.push_back(spec.id);
    else
      positions.push_back(found->second);
  }
  if (!missing.empty())
    data_error(
        study, key_prefix + ".clinical",
        fmt::format("{} has no row for {} case(s) of {} ({}); add their rows (id column '{}') or remove "
                    "the cases from the manifest",
                    clinical.source(), missing.size(), manifest_path, listed(missing), clinical.id_column()));
  std::vector<std::string> extra;
  for (const auto& id : clinical.ids())
    if (!in_manifest.count(id)) extra.push_back(id);
  if (!extra.empty())
    data_error(
        study, key_prefix + ".manifest",
        fmt::format("{} has no case for {} id(s) of {} ({}); add the cases to the manifest or remove their "
                    "rows from the clinical table",
                    manifest_path, extra.size(), clinical.source(), listed(extra)));
  return clinical.rows(positions);
}

// The outcome column: present, 0/1, no missing value, both classes. Returns the count of each class.
std::array<std::size_t, 2> check_outcome(const StudyFile& study, const std::string& key,
                                         const core::DataTable& clinical, const std::string& name) {
  const auto& column = named_column(study, clinical, key, name);
  std::vector<std::string> missing, other;
  std::array<std::size_t, 2> counts{0, 0};
  for (std::size_t r = 0; r < clinical.row_count(); ++r) {
    if (!column.labels[r]) {
      missing.push_back(clinical.ids()[r]);
    } else if (column.numeric && (column.numbers[r] == 0 || column.numbers[r] == 1)) {
      ++counts[column.numbers[r] == 1];
    } else {
      other.push_back(fmt::format("'{}' ({})", *column.labels[r], clinical.ids()[r]));
    }
  }
  if (!other.empty())
    data_error(
        study, key,
        fmt::format("column '{}' of {} is not binary: {}; code the outcome 0/1 (1 = the event to predict)",
                    name, clinical.source(), listed(other, 4)));
  if (!missing.empty())
    data_error(
        study, key,
        fmt::format("column '{}' of {} has no value for {} case(s) ({}); fill them in or remove those cases "
                    "from the manifest and the clinical table",
                    name, clinical.source(), missing.size(), listed(missing)));
  for (int value : {0, 1})
    if (counts[value] == 0)
      data_error(
          study, key,
          fmt::format("column '{}' of {} has one class only (every case is {}); the outcome needs cases of "
                      "both 0 and 1",
                      name, clinical.source(), 1 - value));
  return counts;
}

void check_survival(const StudyFile& study, const core::DataTable& clinical) {
  const auto& time = named_column(study, clinical, "cohort.time", study.cohort.time);
  const auto& event = named_column(study, clinical, "cohort.event", study.cohort.event);
  for (const auto& [column, key] : std::vector<std::pair<const core::DataColumn*, std::string>>{
           {&time, "cohort.time"}, {&event, "cohort.event"}}) {
    std::vector<std::string> missing, wrong;
    for (std::size_t r = 0; r < clinical.row_count(); ++r) {
      const auto& label = column->labels[r];
      if (!label) {
        missing.push_back(clinical.ids()[r]);
        continue;
      }
      const double value = column->numeric ? column->numbers[r] : std::nan("");
      const bool valid = key == "cohort.time" ? value >= 0 : (value == 0 || value == 1);
      if (!valid) wrong.push_back(fmt::format("'{}' ({})", *label, clinical.ids()[r]));
    }
    if (!wrong.empty())
      data_error(
          study, key,
          key == "cohort.time"
              ? fmt::format("column '{}' of {} holds values that are not times >= 0: {}; give the follow-up "
                            "time as a number >= 0",
                            column->name, clinical.source(), listed(wrong, 4))
              : fmt::format("column '{}' of {} holds values other than 0 and 1: {}; code the event 1 (event) "
                            "or 0 (censored)",
                            column->name, clinical.source(), listed(wrong, 4)));
    if (!missing.empty())
      data_error(
          study, key,
          fmt::format("column '{}' of {} has no value for {} case(s) ({}); fill them in, or leave time and "
                      "event out of the study file",
                      column->name, clinical.source(), missing.size(), listed(missing)));
  }
}

// The manifest's cases with mask2 as their mask, relative paths from the manifest's folder.
std::vector<CaseSpec> second_mask_cases(const StudyFile& study, const std::vector<CaseSpec>& cases) {
  const auto table = with_key(study, "cohort.manifest", kManifestAdvice,
                              [&] { return core::read_csv(study.cohort.manifest, "manifest (CSV)"); });
  const int column = table.column("mask2");
  if (column < 0)
    data_error(
        study, "reproducibility.method",
        fmt::format("second_mask needs a mask2 column in {} (a second segmentation of each case); add it, "
                    "or choose method: perturbation or none",
                    study.cohort.manifest));
  const fs::path base = fs::path(study.cohort.manifest).parent_path();
  std::vector<CaseSpec> result = cases;
  std::vector<std::string> empty;
  for (std::size_t r = 0; r < table.rows.size() && r < result.size(); ++r) {
    const std::string& mask2 = table.rows[r][column];
    if (mask2.empty()) empty.push_back(result[r].id);
    const fs::path path(mask2);
    result[r].mask = path.is_absolute() ? mask2 : (base / path).string();
  }
  if (!empty.empty())
    data_error(
        study, "reproducibility.method",
        fmt::format("second_mask: column mask2 of {} is empty for {} case(s) ({}); give every case its "
                    "second segmentation, or choose method: perturbation or none",
                    study.cohort.manifest, empty.size(), listed(empty)));
  return result;
}

}  // namespace

CheckedStudy check_study(const StudyFile& study) {
  CheckedStudy checked;
  checked.study = study;
  const auto& cohort = study.cohort;
  // Files first, so that a wrong folder is reported as such before any table is parsed.
  require_file(study, "cohort.manifest", cohort.manifest, "the manifest CSV (id,image,mask)");
  require_file(study, "cohort.clinical", cohort.clinical, "the clinical CSV");
  if (!study.params.empty()) require_file(study, "features.params", study.params, "a parameter file");
  for (std::size_t k = 0; k < study.external.size(); ++k) {
    const auto key = fmt::format("external[{}]", k + 1);
    require_file(study, key + ".manifest", study.external[k].manifest, "the cohort's manifest CSV");
    require_file(study, key + ".clinical", study.external[k].clinical, "the cohort's clinical CSV");
  }

  checked.cases =
      with_key(study, "cohort.manifest", kManifestAdvice, [&] { return read_manifest(cohort.manifest); });
  const auto clinical = with_key(study, "cohort.clinical", clinical_advice(cohort.id), [&] {
    return core::DataTable::read(cohort.clinical, cohort.id, "clinical table");
  });
  checked.clinical = clinical_in_manifest_order(study, "cohort", cohort.manifest, checked.cases, clinical);

  const auto counts = check_outcome(study, "cohort.outcome", checked.clinical, cohort.outcome);
  for (int value : {0, 1})
    if (counts[value] < static_cast<std::size_t>(study.validation.folds))
      data_error(study, "cohort.outcome",
                 fmt::format(
                     "column '{}' has {} case(s) of class {}, fewer than validation.folds = {} (each fold "
                     "needs a case of each class); {}",
                     cohort.outcome, counts[value], value, study.validation.folds,
                     std::min(counts[0], counts[1]) >= 2
                         ? fmt::format("lower validation.folds to at most {}", std::min(counts[0], counts[1]))
                         : std::string("cross-validation needs at least 2 cases of each class: add cases")));
  if (!cohort.time.empty()) check_survival(study, checked.clinical);
  for (std::size_t k = 0; k < cohort.clinical_variables.size(); ++k)
    named_column(study, checked.clinical, fmt::format("cohort.clinical_variables[{}]", k + 1),
                 cohort.clinical_variables[k]);
  if (study.reproducibility.method == ReproducibilityMethod::kSecondMask)
    checked.second_mask_cases = second_mask_cases(study, checked.cases);

  checked.settings = with_key(study, "features.params", kParamsAdvice, [&] {
    return study.params.empty() ? settings::default_extraction_settings()
                                : settings::load_extraction_settings(study.params);
  });
  checked.columns =
      with_key(study, "features.params", kParamsAdvice, [&] { return feature_columns(checked.settings); });
  with_key(study, "models", "choose other models", [&] {
    EvaluationOptions options;
    options.models = study.models;
    options.selection.lasso_features = study.selection.n;
    options.selection.scope = study.selection.scope;
    check_models_fit_table(checked.columns.size(), options);
    return 0;
  });

  for (std::size_t k = 0; k < study.external.size(); ++k) {
    const auto& external = study.external[k];
    const auto key = fmt::format("external[{}]", k + 1);
    ExternalCohortData data;
    data.cohort = external;
    data.cases =
        with_key(study, key + ".manifest", kManifestAdvice, [&] { return read_manifest(external.manifest); });
    const auto table = with_key(study, key + ".clinical", clinical_advice(cohort.id), [&] {
      return core::DataTable::read(external.clinical, cohort.id, "clinical table");
    });
    data.clinical = clinical_in_manifest_order(study, key, external.manifest, data.cases, table);
    check_outcome(study, key + ".clinical", data.clinical, cohort.outcome);
    checked.external.push_back(std::move(data));
  }
  return checked;
}

CheckedStudy load_study(const std::string& path) {
  return check_study(read_study_file(path));
}

}  // namespace radstudy::study
