// radstudy model and predict: outputs, determinism, the leak warning, and bad input.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "cli/cli_runner.hpp"
#include "core/seeded_random.hpp"
#include "models/model_golden.hpp"

namespace radstudy::testing {
namespace {

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream stream(path, std::ios::binary);
  stream << text;
}

// 24 cases (10 of class 1), features a (signal), b (noise), c (constant).
struct SmallStudy {
  std::filesystem::path directory, features, clinical;
};

SmallStudy small_study(const std::string& name) {
  SmallStudy study{fresh_directory(name), {}, {}};
  study.features = study.directory / "features.csv";
  study.clinical = study.directory / "clinical.csv";
  core::SeededRandom random(11);
  std::string features = "id,a,b,c\n", clinical = "id,age,outcome\n";
  for (int i = 0; i < 24; ++i) {
    const int label = i < 10 ? 1 : 0;
    features += fmt::format("P{},{},{},3\n", i, random.normal() + 1.5 * label, random.normal());
    clinical += fmt::format("P{},{},{}\n", i, 50 + i, label);
  }
  write_text(study.features, features);
  write_text(study.clinical, clinical);
  return study;
}

std::string model_arguments(const SmallStudy& study, const std::string& extra) {
  return "model --features " + shell_quoted(study.features) + " --clinical " + shell_quoted(study.clinical) +
         " --outcome outcome --k 3 --seed 4 " + extra + " --out " + shell_quoted(study.directory / "out");
}

TEST(ModelCommandTest, WritesMetricsSummaryPredictionsAndFolds) {
  const auto study = small_study("model_outputs");
  const auto result = run_radstudy(model_arguments(study, "--models knn,logistic --repeats 2"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("constant feature(s) left out"), std::string::npos) << result.output;
  const auto metrics = csv_records((study.directory / "out/metrics.csv").string());
  EXPECT_EQ(metrics.size(), 2u * 2u * 3u * 2u);
  EXPECT_EQ(
      core::read_csv((study.directory / "out/metrics.csv").string()).header,
      (std::vector<std::string>{"model", "repeat", "fold", "set", "n", "tp", "fp", "tn", "fn", "accuracy",
                                "sensitivity", "specificity", "precision", "f1", "auc", "note"}));
  for (const auto& row : metrics) {
    const int tp = std::stoi(row.at("tp")), fp = std::stoi(row.at("fp")), fn = std::stoi(row.at("fn"));
    if (2 * tp + fp + fn > 0) {
      EXPECT_DOUBLE_EQ(std::stod(row.at("f1")), 2.0 * tp / (2 * tp + fp + fn));
    }
    if (tp + fp == 0) {
      EXPECT_TRUE(row.at("precision").empty());
    }
  }
  const auto predictions = csv_records((study.directory / "out/predictions.csv").string());
  EXPECT_EQ(predictions.size(),
            2u * 2u * (24u * 2u + 24u));  // per model and repeat: 3 folds x 16 train + 24 test
  const auto folds = csv_records((study.directory / "out/folds.csv").string());
  EXPECT_EQ(folds.size(), 48u);
  const auto summary = read_text(study.directory / "out/summary.csv");
  EXPECT_NE(summary.find("knn,test,pooled_auc,1,24,"), std::string::npos) << summary;
  EXPECT_NE(summary.find("logistic,test,pooled_auc,2,24,"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("nan"), std::string::npos);
}

TEST(ModelCommandTest, SameSeedSameBytesWhateverTheJobs) {
  const auto study = small_study("model_jobs");
  ASSERT_EQ(run_radstudy(model_arguments(study, "--models all --repeats 3 --jobs 1")).exit_code, 0);
  const auto one = read_text(study.directory / "out/predictions.csv") +
                   read_text(study.directory / "out/summary.csv") +
                   read_text(study.directory / "out/metrics.csv");
  ASSERT_EQ(run_radstudy(model_arguments(study, "--models all --repeats 3 --jobs 4")).exit_code, 0);
  const auto four = read_text(study.directory / "out/predictions.csv") +
                    read_text(study.directory / "out/summary.csv") +
                    read_text(study.directory / "out/metrics.csv");
  EXPECT_EQ(one, four);
  EXPECT_FALSE(one.empty());
}

TEST(ModelCommandTest, SelectScopeAllWarnsAndSaysSoInTheSummary) {
  const auto study = small_study("model_leak");
  const auto result =
      run_radstudy(model_arguments(study, "--models logistic --select lasso:1 --select-scope all"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("WARNING"), std::string::npos) << result.output;
  EXPECT_NE(read_text(study.directory / "out/summary.csv").find("leaks test information"), std::string::npos);
  const auto selected = csv_records((study.directory / "out/selected.csv").string());
  ASSERT_EQ(selected.size(), 1u);
  EXPECT_EQ(selected.front().at("fold"), "0");
}

TEST(ModelCommandTest, SavedModelPredictsNewCases) {
  const auto study = small_study("model_save");
  const auto saved = study.directory / "model.json";
  auto result = run_radstudy(
      model_arguments(study, "--models naive_bayes,svm --select lasso:1 --save " + shell_quoted(saved)));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto json = read_text(saved);
  for (const char* needed : {"\"radstudy_version\"", "\"scaler\"", "\"features\"", "\"selection\"",
                             "\"cross_validation\"", "right for a final model"})
    EXPECT_NE(json.find(needed), std::string::npos) << needed;
  write_text(study.directory / "new.csv", "id,b,a\nNEW1,0.1,3.0\nNEW2,0.2,-2.0\n");
  result = run_radstudy("predict --model " + shell_quoted(saved) + " --features " +
                        shell_quoted(study.directory / "new.csv") + " --out " +
                        shell_quoted(study.directory / "p.csv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto rows = csv_records((study.directory / "p.csv").string());
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].at("id"), "NEW1");
  EXPECT_EQ(rows[0].at("model"), "naive_bayes");
  EXPECT_EQ(rows[0].at("predicted"), "1");  // far on class 1's side of feature a
  EXPECT_EQ(rows[1].at("predicted"), "0");
  EXPECT_GT(std::stod(rows[0].at("probability")), 0.9);
  EXPECT_EQ(rows[2].at("model"), "svm");
  EXPECT_GT(std::stod(rows[2].at("probability")), 0.0);
  // A table without the selected feature.
  write_text(study.directory / "bad.csv", "id,b\nNEW1,0.1\n");
  result = run_radstudy("predict --model " + shell_quoted(saved) + " --features " +
                        shell_quoted(study.directory / "bad.csv") + " --out " +
                        shell_quoted(study.directory / "p2.csv"));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("needs feature 'a'"), std::string::npos) << result.output;
  // --image without saved settings.
  result =
      run_radstudy("predict --model " + shell_quoted(saved) + " --image x.nii.gz --mask m.nii.gz --out " +
                   shell_quoted(study.directory / "p3.csv"));
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.output.find("--params"), std::string::npos) << result.output;
}

struct BadInput {
  std::string name, features, clinical, arguments;
  int exit_code;
  std::string message;
};

TEST(ModelCommandTest, BadInputGetsAClearMessage) {
  const std::string good_clinical = "id,y\nA,0\nB,0\nC,0\nD,1\nE,1\nF,1\n";
  const std::string good_features = "id,f\nA,1\nB,2\nC,3\nD,4\nE,5\nF,6\n";
  const std::vector<BadInput> cases = {
      {"non_numeric", "id,f,g\nA,1,x\nB,2,1\nC,3,1\nD,4,2\nE,5,2\nF,6,2\n", good_clinical, "", 1,
       "feature 'g' is not numeric: A has 'x'"},
      {"missing", "id,f\nA,1\nB,2\nC,NA\nD,4\nE,5\nF,6\n", good_clinical, "", 1,
       "feature 'f' is missing for C"},
      {"only_in_features", good_features + "G,7\n", good_clinical, "", 1, "G"},
      {"only_in_clinical", good_features, good_clinical + "H,1\n", "", 1, "H"},
      {"one_of_a_class", good_features, "id,y\nA,0\nB,0\nC,0\nD,0\nE,0\nF,1\n", "", 1, "at least 2 of each"},
      {"label_not_binary", good_features, "id,y\nA,0\nB,0\nC,2\nD,1\nE,1\nF,1\n", "", 1,
       "must be 0 or 1; C has '2'"},
      {"all_constant", "id,f\nA,1\nB,1\nC,1\nD,1\nE,1\nF,1\n", good_clinical, "", 1,
       "no feature column left"},
      {"unknown_model", good_features, good_clinical, "--models svm,deep_forest", 2,
       "unknown model 'deep_forest'"},
      {"bad_select", good_features, good_clinical, "--select ridge:3", 2, "use none or lasso:K"},
      {"too_many_folds", good_features, good_clinical, "--k 5", 2, "class 0 has 3 cases"},
  };
  for (const auto& bad : cases) {
    const auto directory = fresh_directory("model_bad_" + bad.name);
    write_text(directory / "f.csv", bad.features);
    write_text(directory / "c.csv", bad.clinical);
    const std::string arguments =
        bad.arguments.empty()
            ? "--k 2"
            : (bad.arguments.find("--k") == std::string::npos ? bad.arguments + " --k 2" : bad.arguments);
    const auto result = run_radstudy("model --features " + shell_quoted(directory / "f.csv") +
                                     " --clinical " + shell_quoted(directory / "c.csv") + " --outcome y " +
                                     arguments + " --out " + shell_quoted(directory / "out"));
    EXPECT_EQ(result.exit_code, bad.exit_code) << bad.name << ": " << result.output;
    EXPECT_NE(result.output.find(bad.message), std::string::npos) << bad.name << ": " << result.output;
    EXPECT_EQ(result.output.find("terminate"), std::string::npos) << bad.name;
  }
}

// 30 x 200: neural_net needs (200 + 1) x 5 + 6 = 1011 weights, over nnet's default MaxNWts of 1000.
TEST(ModelCommandTest, WideTableRefusesNeuralNetUpFrontOrRaisesItsLimit) {
  const auto directory = fresh_directory("model_wide");
  core::SeededRandom random(5);
  std::string features = "id", clinical = "id,y\n";
  for (int j = 0; j < 200; ++j) features += fmt::format(",f{}", j);
  features += "\n";
  for (int i = 0; i < 30; ++i) {
    features += fmt::format("P{}", i);
    for (int j = 0; j < 200; ++j)
      features += fmt::format(",{}", random.normal() + (j < 3 && i % 2 ? 1.0 : 0.0));
    features += "\n";
    clinical += fmt::format("P{},{}\n", i, i % 2);
  }
  write_text(directory / "f.csv", features);
  write_text(directory / "c.csv", clinical);
  const std::string arguments = "model --features " + shell_quoted(directory / "f.csv") + " --clinical " +
                                shell_quoted(directory / "c.csv") + " --outcome y --k 3 ";
  const auto refused = run_radstudy(arguments + "--models all --out " + shell_quoted(directory / "all"));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  for (const char* part : {"neural_net cannot be fitted", "1011 weights", "limit of 1000",
                           "--select lasso:197", "--nnet-max-weights 1011"})
    EXPECT_NE(refused.output.find(part), std::string::npos) << part << " not in: " << refused.output;
  EXPECT_FALSE(std::filesystem::exists(directory / "all")) << "nothing is written";
  const auto selected = run_radstudy(arguments + "--models neural_net --select lasso:5 --out " +
                                     shell_quoted(directory / "lasso"));
  EXPECT_EQ(selected.exit_code, 0) << selected.output;
  const auto raised = run_radstudy(arguments + "--models neural_net --nnet-max-weights 1011 --out " +
                                   shell_quoted(directory / "raised"));
  EXPECT_EQ(raised.exit_code, 0) << raised.output;
  EXPECT_EQ(csv_records((directory / "raised/metrics.csv").string()).size(), 6u);
}

// knn (k 5) on 8 training cases: VR_knn's list of nearest distances grows past k while the k-th is
// still empty; it wrote past its end (exit 134/139 on this table) before.
TEST(ModelCommandTest, KnnOnATinyTrainingSetDoesNotOverrun) {
  const auto directory = fresh_directory("model_knn_tiny");
  core::SeededRandom random(3);
  std::string features = "id,a,b\n", clinical = "id,y\n";
  for (int i = 0; i < 10; ++i) {
    features += fmt::format("P{},{},{}\n", i, random.normal(), random.normal());
    clinical += fmt::format("P{},{}\n", i, i % 2);
  }
  write_text(directory / "f.csv", features);
  write_text(directory / "c.csv", clinical);
  const auto result =
      run_radstudy("model --features " + shell_quoted(directory / "f.csv") + " --clinical " +
                   shell_quoted(directory / "c.csv") + " --outcome y --models knn --k 5 --repeats 20 --out " +
                   shell_quoted(directory / "out"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  for (const auto& row : csv_records((directory / "out/predictions.csv").string())) {
    const double score = std::stod(row.at("score"));
    EXPECT_DOUBLE_EQ(score * 5.0, std::round(score * 5.0)) << "a share of 5 votes (no ties here)";
  }
}

TEST(ModelCommandTest, FoldsFileWithATrainingSetOfOneClassIsRefused) {
  const auto directory = fresh_directory("model_bad_folds");
  write_text(directory / "f.csv", "id,f\nA,1\nB,2\nC,3\nD,4\nE,5\nF,6\n");
  write_text(directory / "c.csv", "id,y\nA,0\nB,0\nC,0\nD,1\nE,1\nF,1\n");
  write_text(directory / "folds.csv", "id,fold\nA,1\nB,1\nC,1\nD,2\nE,2\nF,2\n");
  auto result =
      run_radstudy("model --features " + shell_quoted(directory / "f.csv") + " --clinical " +
                   shell_quoted(directory / "c.csv") + " --outcome y --folds " +
                   shell_quoted(directory / "folds.csv") + " --out " + shell_quoted(directory / "out"));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("have 0 of class"), std::string::npos) << result.output;
  write_text(directory / "folds.csv", "id,fold\nA,1\nB,2\nC,1\nD,2\nE,1\nZ,2\n");
  result = run_radstudy("model --features " + shell_quoted(directory / "f.csv") + " --clinical " +
                        shell_quoted(directory / "c.csv") + " --outcome y --folds " +
                        shell_quoted(directory / "folds.csv") + " --out " + shell_quoted(directory / "out"));
  EXPECT_EQ(result.exit_code, 1) << result.output;
  EXPECT_NE(result.output.find("case 'Z' is not among the cases"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace radstudy::testing

namespace radstudy::testing {
namespace {

// predict --image extracts with the parameter file saved in the model and scores as the table does.
TEST(ModelCommandTest, PredictFromAnImageMatchesTheFeatureTable) {
  RADSTUDY_REQUIRE_SHARED("data/sts/STS_001/ct_image.nii.gz");
  const auto out = fresh_directory("model_predict_image");
  const auto features = models_golden_path("sts6_features.csv");
  auto result =
      run_radstudy("model --features " + shell_quoted(features) + " --clinical " +
                   shell_quoted(shared_dir() / "data/sts/clinical.csv") +
                   " --outcome lung_mets --models logistic,svm --params " +
                   shell_quoted(shared_dir() / "reference/pyradiomics/params_sts_original.yaml") +
                   " --save " + shell_quoted(out / "model.json") + " --out " + shell_quoted(out / "cv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  result = run_radstudy("predict --model " + shell_quoted(out / "model.json") + " --image " +
                        shell_quoted(shared_dir() / "data/sts/STS_001/ct_image.nii.gz") + " --mask " +
                        shell_quoted(shared_dir() / "data/sts/STS_001/ct_mask.nii.gz") +
                        " --case-id STS_001 --out " + shell_quoted(out / "image.csv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  result = run_radstudy("predict --model " + shell_quoted(out / "model.json") + " --features " +
                        shell_quoted(features) + " --out " + shell_quoted(out / "table.csv"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::map<std::string, double> from_table;
  for (const auto& row : csv_records((out / "table.csv").string()))
    if (row.at("id") == "STS_001") from_table[row.at("model")] = std::stod(row.at("probability"));
  const auto from_image = csv_records((out / "image.csv").string());
  ASSERT_EQ(from_image.size(), 2u);
  for (const auto& row : from_image)
    EXPECT_NEAR(std::stod(row.at("probability")), from_table.at(row.at("model")),
                1e-9 * std::max(1.0, std::abs(from_table.at(row.at("model")))))
        << row.at("model");
}

}  // namespace
}  // namespace radstudy::testing
