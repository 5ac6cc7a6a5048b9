#include "study/study_file.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "core/errors.hpp"
#include "models/classifier.hpp"
#include "test_data.hpp"

namespace radstudy::study {
namespace {

namespace fs = std::filesystem;

// A study folder: 12 cases (6 of each class) with a second mask, their clinical table, a first-order
// parameter file, an external cohort, and a study file that names them all with non-default values.
const char* const kFullStudy = R"(cohort:
  manifest: cases.csv
  clinical: clinical.csv
  id: patient
  outcome: mets
  time: os_days
  event: death
  clinical_variables: [age, sex]
features:
  params: params.yaml
reproducibility: {method: perturbation, icc: ICC3, threshold: 0.8, perturbations: [erode, shift:2]}
selection: {method: lasso, n: 4, scope: all}
models: [logistic, svm]
validation: {folds: 3, repeats: 2, seed: 42, permutations: 50}
survival: {entry_p: 0.05}
external: [{name: centre_b, manifest: b/cases.csv, clinical: b/clinical.csv}]
)";

std::string manifest_text(int cases, bool with_mask2) {
  std::string text = with_mask2 ? "id,image,mask,mask2\n" : "id,image,mask\n";
  for (int k = 1; k <= cases; ++k) {
    text += fmt::format("P{:02},img/P{:02}.nii.gz,seg/P{:02}.nii.gz", k, k, k);
    text += with_mask2 ? fmt::format(",seg2/P{:02}.nii.gz\n", k) : "\n";
  }
  return text;
}

std::string clinical_text(int cases) {
  std::string text = "patient,age,sex,mets,os_days,death\n";
  for (int k = 1; k <= cases; ++k)
    text += fmt::format("P{:02},{},{},{},{},{}\n", k, 40 + k, k % 2 ? "F" : "M", k % 2, 100 * k,
                        k % 3 == 0 ? 1 : 0);
  return text;
}

class StudyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = fs::temp_directory_path() /
              fmt::format("radstudy_study_file_{}_{}", getpid(),
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(folder_);
    fs::create_directories(folder_ / "b");
    write("cases.csv", manifest_text(12, true));
    write("clinical.csv", clinical_text(12));
    write("params.yaml", "featureClass:\n  firstorder:\nsetting:\n  binWidth: 25\n");
    write("b/cases.csv", manifest_text(4, false));
    write("b/clinical.csv", clinical_text(4));
    write("study.yaml", kFullStudy);
  }
  void TearDown() override { fs::remove_all(folder_); }

  void write(const std::string& name, const std::string& text) { std::ofstream(folder_ / name) << text; }
  std::string study_path() const { return (folder_ / "study.yaml").string(); }
  // The full study with `from` replaced by `to` (which must be there).
  void edit_study(const std::string& from, const std::string& to) {
    std::string text = kFullStudy;
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write("study.yaml", text);
  }

  // The message of the error load_study throws, checked to be of type `Error` and to name the study
  // file, and `key` and say what to do (after "; ").
  template <typename Error>
  std::string refusal(const std::string& key) {
    try {
      load_study(study_path());
    } catch (const Error& error) {
      const std::string message = error.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
      EXPECT_EQ(message.rfind(study_path() + ": " + key + ": ", 0), 0u) << message;
      const auto advice = message.find("; ");
      EXPECT_NE(advice, std::string::npos) << message;
      if (advice != std::string::npos) {
        EXPECT_GT(message.size(), advice + 8) << message;
      }
      return message;
    } catch (const std::exception& error) {
      ADD_FAILURE() << "wrong error type: " << error.what();
      return error.what();
    }
    ADD_FAILURE() << "no error for " << key;
    return {};
  }

  fs::path folder_;
};

bool has(const std::string& message, const std::string& part) {
  return message.find(part) != std::string::npos;
}

TEST_F(StudyFileTest, FullStudyReadsEveryValueWithPathsFromTheStudyFolder) {
  const auto checked = load_study(study_path());
  const auto& study = checked.study;
  EXPECT_EQ(study.cohort.manifest, (folder_ / "cases.csv").string());
  EXPECT_EQ(study.cohort.clinical, (folder_ / "clinical.csv").string());
  EXPECT_EQ(study.cohort.id, "patient");
  EXPECT_EQ(study.cohort.outcome, "mets");
  EXPECT_EQ(study.cohort.time, "os_days");
  EXPECT_EQ(study.cohort.event, "death");
  EXPECT_EQ(study.cohort.clinical_variables, (std::vector<std::string>{"age", "sex"}));
  EXPECT_EQ(study.params, (folder_ / "params.yaml").string());
  EXPECT_EQ(study.reproducibility.method, ReproducibilityMethod::kPerturbation);
  EXPECT_EQ(study.reproducibility.icc, stats::IccType::icc3);
  EXPECT_EQ(study.reproducibility.threshold, 0.8);
  ASSERT_EQ(study.reproducibility.perturbations.size(), 2u);
  EXPECT_EQ(study.reproducibility.perturbations[1].kind, preprocess::PerturbationKind::shift);
  EXPECT_EQ(study.reproducibility.perturbations[1].amount, 2.0);
  EXPECT_EQ(study.selection.n, 4u);
  EXPECT_EQ(study.selection.scope, SelectionScope::kAll);
  EXPECT_EQ(study.models, (std::vector<std::string>{"logistic", "svm"}));
  EXPECT_EQ(study.validation.folds, 3);
  EXPECT_EQ(study.validation.repeats, 2);
  EXPECT_EQ(study.validation.seed, 42u);
  EXPECT_EQ(study.validation.permutations, 50);
  EXPECT_EQ(study.survival.entry_p, 0.05);
  ASSERT_EQ(study.external.size(), 1u);
  EXPECT_EQ(study.external[0].name, "centre_b");
  EXPECT_EQ(study.external[0].manifest, (folder_ / "b/cases.csv").string());
  // What check_study read: the cases, the clinical rows in the manifest's order, the settings' columns.
  ASSERT_EQ(checked.cases.size(), 12u);
  EXPECT_EQ(checked.cases[0].image, (folder_ / "img/P01.nii.gz").string());
  EXPECT_EQ(checked.clinical.ids(), (std::vector<std::string>{"P01", "P02", "P03", "P04", "P05", "P06", "P07",
                                                              "P08", "P09", "P10", "P11", "P12"}));
  EXPECT_TRUE(checked.second_mask_cases.empty());  // method perturbation
  EXPECT_EQ(checked.columns.size(), 18u);          // firstorder
  ASSERT_EQ(checked.external.size(), 1u);
  EXPECT_EQ(checked.external[0].cases.size(), 4u);
}

TEST_F(StudyFileTest, MinimalStudyHasTheDocumentedDefaults) {
  write("study.yaml", "cohort: {manifest: cases.csv, clinical: clinical.csv, id: patient, outcome: mets}\n");
  const auto checked = load_study(study_path());
  const auto& study = checked.study;
  EXPECT_EQ(study.cohort.time, "");
  EXPECT_TRUE(study.cohort.clinical_variables.empty());
  EXPECT_EQ(study.params, "");
  EXPECT_EQ(study.reproducibility.method, ReproducibilityMethod::kNone);
  EXPECT_EQ(study.reproducibility.icc, stats::IccType::icc2);
  EXPECT_EQ(study.reproducibility.threshold, 0.9);
  EXPECT_EQ(study.selection.method, "lasso");
  EXPECT_EQ(study.selection.n, 10u);
  EXPECT_EQ(study.selection.scope, SelectionScope::kFold);
  EXPECT_EQ(study.models, models::classifier_names());
  EXPECT_EQ(study.validation.folds, 5);
  EXPECT_EQ(study.validation.repeats, 10);
  EXPECT_EQ(study.validation.seed, 1u);
  EXPECT_EQ(study.validation.permutations, 200);
  EXPECT_EQ(study.survival.entry_p, 0.1);
  EXPECT_TRUE(study.external.empty());
  EXPECT_EQ(checked.columns.size(), 107u);  // PyRadiomics' default set
  // The id column defaults to "id".
  write("clinical.csv", "id,mets\nP01,1\n");
  write("study.yaml", "cohort: {manifest: cases.csv, clinical: clinical.csv, outcome: mets}\n");
  EXPECT_EQ(read_study_file(study_path()).cohort.id, "id");
  // method perturbation without a list: erode, dilate, shift, noise.
  edit_study(", perturbations: [erode, shift:2]", "");
  EXPECT_EQ(read_study_file(study_path()).reproducibility.perturbations.size(), 4u);
}

TEST_F(StudyFileTest, UnknownKeysAtEveryLevelSuggestTheClosest) {
  edit_study("validation:", "validaton:");
  EXPECT_TRUE(has(refusal<ConfigError>("validaton"), "did you mean 'validation'?"));
  edit_study("folds: 3", "fold: 3");
  EXPECT_TRUE(has(refusal<ConfigError>("validation.fold"), "did you mean 'folds'?"));
  edit_study("  outcome: mets", "  outcom: mets");
  EXPECT_TRUE(has(refusal<ConfigError>("cohort.outcom"), "did you mean 'outcome'?"));
  edit_study("name: centre_b", "nmae: centre_b");
  EXPECT_TRUE(has(refusal<ConfigError>("external[1].nmae"), "did you mean 'name'?"));
  edit_study("entry_p", "entry");
  EXPECT_TRUE(has(refusal<ConfigError>("survival.entry"), "did you mean 'entry_p'?"));
  edit_study("models: [logistic, svm]", "models: [logistic, svn]");
  EXPECT_TRUE(has(refusal<ConfigError>("models[2]"), "did you mean 'svm'?"));
  edit_study("scope: all", "scope: al");
  EXPECT_TRUE(has(refusal<ConfigError>("selection.scope"), "did you mean 'all'?"));
  edit_study("icc: ICC3", "icc: ICC4");
  EXPECT_TRUE(has(refusal<ConfigError>("reproducibility.icc"), "ICC1, ICC2, ICC3"));
  edit_study("method: lasso", "method: ridge");
  refusal<ConfigError>("selection.method");
  edit_study("shift:2]", "shove]");
  EXPECT_TRUE(has(refusal<ConfigError>("reproducibility.perturbations[2]"), "'shove' is not a perturbation"));
  edit_study("folds: 3", "folds: 3, folds: 4");
  EXPECT_TRUE(has(refusal<ConfigError>("validation.folds"), "given twice"));
}

TEST_F(StudyFileTest, WrongTypesNameTheKey) {
  edit_study("folds: 3", "folds: three");
  EXPECT_TRUE(has(refusal<ConfigError>("validation.folds"), "expected a whole number, got 'three'"));
  edit_study("repeats: 2", "repeats: 2.5");
  refusal<ConfigError>("validation.repeats");
  edit_study("threshold: 0.8", "threshold: high");
  EXPECT_TRUE(has(refusal<ConfigError>("reproducibility.threshold"), "expected a number"));
  edit_study("seed: 42", "seed: -3");
  refusal<ConfigError>("validation.seed");
  edit_study("clinical_variables: [age, sex]", "clinical_variables: age");
  EXPECT_TRUE(has(refusal<ConfigError>("cohort.clinical_variables"), "expected a list"));
  edit_study("models: [logistic, svm]", "models: some");
  refusal<ConfigError>("models");
  edit_study("validation: {folds: 3, repeats: 2, seed: 42, permutations: 50}", "validation: 5");
  EXPECT_TRUE(has(refusal<ConfigError>("validation"), "expected a mapping"));
  edit_study("manifest: cases.csv", "manifest: [cases.csv]");
  refusal<ConfigError>("cohort.manifest");
}

TEST_F(StudyFileTest, InvalidYamlNamesTheLine) {
  write("study.yaml", "cohort:\n  manifest: cases.csv\n  outcome: [mets\n");
  try {
    load_study(study_path());
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(std::string(error.what()).rfind(study_path() + ": not valid YAML at line ", 0), 0u)
        << error.what();
    EXPECT_TRUE(has(error.what(), "; fix the syntax there")) << error.what();
  }
}

TEST_F(StudyFileTest, ValuesOutOfRangeNameTheKeyAndTheRange) {
  edit_study("folds: 3", "folds: 1");
  EXPECT_TRUE(has(refusal<ConfigError>("validation.folds"), "1 is out of range; give from 2"));
  edit_study("repeats: 2", "repeats: 0");
  refusal<ConfigError>("validation.repeats");
  edit_study("permutations: 50", "permutations: -1");
  refusal<ConfigError>("validation.permutations");
  edit_study("threshold: 0.8", "threshold: 1.5");
  EXPECT_TRUE(has(refusal<ConfigError>("reproducibility.threshold"), "from -1 to 1"));
  edit_study("n: 4", "n: 0");
  EXPECT_TRUE(has(refusal<ConfigError>("selection.n"), "at least 1"));
  edit_study("entry_p: 0.05", "entry_p: 2");
  refusal<ConfigError>("survival.entry_p");
  edit_study("name: centre_b", "name: centre b");
  refusal<ConfigError>("external[1].name");
}

TEST_F(StudyFileTest, MissingKeysAndInconsistentOnesAreRefused) {
  edit_study("  outcome: mets\n", "");
  EXPECT_TRUE(has(refusal<ConfigError>("cohort.outcome"), "missing; give the 0/1 outcome column"));
  edit_study("  event: death\n", "");
  EXPECT_TRUE(has(refusal<ConfigError>("cohort.event"), "give both"));
  edit_study("clinical_variables: [age, sex]", "clinical_variables: [age, mets]");
  EXPECT_TRUE(has(refusal<ConfigError>("cohort.clinical_variables[2]"), "outcome"));
  edit_study("method: perturbation, ", "method: none, ");
  refusal<ConfigError>("reproducibility.perturbations");
  write("study.yaml", "features: {params: params.yaml}\n");
  refusal<ConfigError>("cohort");
}

TEST_F(StudyFileTest, MissingFilesNameTheKeyAndThePath) {
  for (const auto& [file, key] :
       std::vector<std::pair<std::string, std::string>>{{"cases.csv", "cohort.manifest"},
                                                        {"clinical.csv", "cohort.clinical"},
                                                        {"params.yaml", "features.params"},
                                                        {"b/cases.csv", "external[1].manifest"},
                                                        {"b/clinical.csv", "external[1].clinical"}}) {
    SCOPED_TRACE(file);
    const auto kept = folder_ / (file + ".kept");
    fs::rename(folder_ / file, kept);
    const auto message = refusal<InputError>(key);
    EXPECT_TRUE(has(message, (folder_ / file).string() + " does not exist")) << message;
    fs::rename(kept, folder_ / file);
  }
  EXPECT_NO_THROW(load_study(study_path()));
}

TEST_F(StudyFileTest, TablesThatDoNotParseAreRefusedWithTheKey) {
  write("cases.csv", "id,picture,mask\nP01,a,b\n");
  EXPECT_TRUE(has(refusal<InputError>("cohort.manifest"), "needs the columns id, image and mask"));
  write("cases.csv", manifest_text(12, true));
  write("clinical.csv", clinical_text(12) + "P01,1,F,1,100,1\n");
  EXPECT_TRUE(has(refusal<InputError>("cohort.clinical"), "P01"));
  write("clinical.csv", clinical_text(12) + "P13,1\n");
  refusal<InputError>("cohort.clinical");
  write("clinical.csv", "age,mets\n1,1\n");
  refusal<InputError>("cohort.clinical");
}

TEST_F(StudyFileTest, IdsInOneFileAndNotTheOtherAreListed) {
  write("clinical.csv", clinical_text(10));
  const auto missing = refusal<InputError>("cohort.clinical");
  EXPECT_TRUE(has(missing, "no row for 2 case(s)")) << missing;
  EXPECT_TRUE(has(missing, "P11, P12")) << missing;
  write("clinical.csv", clinical_text(13));
  const auto extra = refusal<InputError>("cohort.manifest");
  EXPECT_TRUE(has(extra, "no case for 1 id(s)")) << extra;
  EXPECT_TRUE(has(extra, "P13")) << extra;
  write("clinical.csv", clinical_text(12));
  write("b/clinical.csv", clinical_text(3));
  EXPECT_TRUE(has(refusal<InputError>("external[1].clinical"), "P04"));
}

TEST_F(StudyFileTest, OutcomeAbsentNonBinaryOneClassMissingOrTooFewForTheFolds) {
  edit_study("outcome: mets", "outcome: met");
  EXPECT_TRUE(has(refusal<InputError>("cohort.outcome"), "no column 'met'; did you mean 'mets'?"));
  write("study.yaml", kFullStudy);
  std::string text = clinical_text(12);
  text.replace(text.find("P01,41,F,1"), 10, "P01,41,F,2");
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.outcome"), "is not binary: '2' (P01)"));
  text.replace(text.find("P01,41,F,2"), 10, "P01,41,F,yes");
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.outcome"), "is not binary: 'yes' (P01)"));
  text = "patient,age,sex,mets,os_days,death\n";
  for (int k = 1; k <= 12; ++k) text += fmt::format("P{:02},1,F,0,10,0\n", k);
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.outcome"), "one class only"));
  text = "patient,age,sex,mets,os_days,death\n";
  for (int k = 1; k <= 12; ++k) text += fmt::format("P{:02},1,F,{},10,0\n", k, k <= 2 ? 1 : 0);
  write("clinical.csv", text);
  const auto few = refusal<InputError>("cohort.outcome");
  EXPECT_TRUE(has(few, "2 case(s) of class 1, fewer than validation.folds = 3")) << few;
  EXPECT_TRUE(has(few, "lower validation.folds to at most 2")) << few;
  text = "patient,age,sex,mets,os_days,death\n";
  for (int k = 1; k <= 12; ++k) text += fmt::format("P{:02},1,F,{},10,0\n", k, k == 1 ? 1 : 0);
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.outcome"), "needs at least 2 cases of each class"));
  text = "patient,age,sex,mets,os_days,death\n";
  for (int k = 1; k <= 12; ++k)
    text += fmt::format("P{:02},1,F,{},10,0\n", k, k == 5 ? "NA" : k % 2 ? "1" : "0");
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.outcome"), "no value for 1 case(s) (P05)"));
  // An external cohort's outcome is checked too.
  write("clinical.csv", clinical_text(12));
  write("b/clinical.csv", "patient,mets\nP01,1\nP02,2\nP03,0\nP04,1\n");
  EXPECT_TRUE(has(refusal<InputError>("external[1].clinical"), "'2' (P02)"));
}

TEST_F(StudyFileTest, TimeAndEventAbsentOrInvalid) {
  edit_study("time: os_days", "time: os");
  EXPECT_TRUE(has(refusal<InputError>("cohort.time"), "no column 'os'"));
  edit_study("event: death", "event: dead");
  EXPECT_TRUE(has(refusal<InputError>("cohort.event"), "did you mean 'death'?"));
  write("study.yaml", kFullStudy);
  std::string text = clinical_text(12);
  text.replace(text.find("P03,43,F,1,300,1"), 16, "P03,43,F,1,300,2");
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.event"), "other than 0 and 1: '2' (P03)"));
  text = clinical_text(12);
  text.replace(text.find("P03,43,F,1,300,1"), 16, "P03,43,F,1,-30,1");
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.time"), "'-30' (P03)"));
  text = clinical_text(12);
  text.replace(text.find("P03,43,F,1,300,1"), 16, "P03,43,F,1,,1");
  write("clinical.csv", text);
  EXPECT_TRUE(has(refusal<InputError>("cohort.time"), "no value for 1 case(s) (P03)"));
}

TEST_F(StudyFileTest, ClinicalVariablesAbsent) {
  edit_study("[age, sex]", "[age, gender]");
  const auto message = refusal<InputError>("cohort.clinical_variables[2]");
  EXPECT_TRUE(has(message, "no column 'gender'")) << message;
  EXPECT_TRUE(has(message, "patient, age, sex") || has(message, "age, sex, mets")) << message;
}

TEST_F(StudyFileTest, SecondMaskNeedsAMask2Column) {
  edit_study("method: perturbation, icc: ICC3, threshold: 0.8, perturbations: [erode, shift:2]",
             "method: second_mask");
  const auto checked = load_study(study_path());
  ASSERT_EQ(checked.second_mask_cases.size(), 12u);
  EXPECT_EQ(checked.second_mask_cases[3].mask, (folder_ / "seg2/P04.nii.gz").string());
  EXPECT_EQ(checked.second_mask_cases[3].image, checked.cases[3].image);
  write("cases.csv", manifest_text(12, false));
  EXPECT_TRUE(has(refusal<InputError>("reproducibility.method"), "needs a mask2 column"));
}

TEST_F(StudyFileTest, SettingsOfTheParameterFileAndModelsAreCheckedBeforeWork) {
  write("params.yaml", "setting:\n  binWidht: 25\n");
  EXPECT_TRUE(has(refusal<ConfigError>("features.params"), "binWidht"));
}

// configs/sts_study.yaml: the 51 STS patients of ../shared/data/sts.
TEST(StudyFileSts, ExampleStudyFilePassesTheChecks) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const auto path = fs::path(RADSTUDY_SOURCE_DIR) / "configs" / "sts_study.yaml";
  const auto checked = load_study(path.string());
  EXPECT_EQ(checked.cases.size(), 51u);
  EXPECT_EQ(checked.study.cohort.outcome, "lung_mets");
  EXPECT_EQ(checked.study.cohort.time, "os_days");
  EXPECT_EQ(checked.study.cohort.event, "death");
  for (const auto& spec : checked.cases) {
    EXPECT_TRUE(fs::exists(spec.image)) << spec.image;
    EXPECT_TRUE(fs::exists(spec.mask)) << spec.mask;
  }
}

}  // namespace
}  // namespace radstudy::study
