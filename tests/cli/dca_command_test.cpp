// `radstudy dca`: net benefit from a table of predicted probabilities (wide) or from predictions.csv
// rows (long), and its messages for bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "cli_runner.hpp"
#include "core/csv.hpp"

namespace radstudy::testing {
namespace {

double net_benefit_at(const core::CsvTable& table, const std::string& model, const std::string& threshold) {
  for (const auto& row : table.rows)
    if (row[1] == model && row[0] == threshold) return std::stod(row[2]);
  ADD_FAILURE() << "no row for " << model << " at " << threshold;
  return std::nan("");
}

TEST(DcaCommand, WideTableGivesHandComputedNetBenefit) {
  const auto directory = fresh_directory("dca_wide");
  // Ten cases, four events; at pt 0.25 model a treats 7 (TP 4, FP 3): 0.4 - 0.3/3 = 0.3.
  std::ofstream(directory / "p.csv")
      << "id,pd,a,b\n"
         "c1,1,0.9,0.2\nc2,1,0.8,0.3\nc3,0,0.7,0.1\nc4,1,0.6,0.9\nc5,0,0.5,0.5\n"
         "c6,0,0.4,0.6\nc7,1,0.3,0.7\nc8,0,0.2,0.2\nc9,0,0.1,0.3\nc10,0,0.05,0.1\n";
  const auto result = run_radstudy("dca --predictions " + shell_quoted(directory / "p.csv") +
                                   " --outcome pd --curves a,b --out " + shell_quoted(directory / "out"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::read_csv((directory / "out/dca.csv").string());
  EXPECT_EQ(table.header, (std::vector<std::string>{"threshold", "model", "net_benefit"}));
  EXPECT_EQ(table.rows.size(), 4u * 99u);
  EXPECT_NEAR(net_benefit_at(table, "a", "0.25"), 0.3, 1e-15);
  EXPECT_NEAR(net_benefit_at(table, "a", "0.5"), 0.1, 1e-15);
  // Treat all at 0.2: 0.4 - 0.6 * 0.25 = 0.25; treat none is 0.
  EXPECT_NEAR(net_benefit_at(table, "treat_all", "0.2"), 0.25, 1e-15);
  EXPECT_EQ(net_benefit_at(table, "treat_none", "0.2"), 0.0);
}

TEST(DcaCommand, ModelPredictionsUseTestRowsPooledOverRepeats) {
  const auto directory = fresh_directory("dca_long");
  std::ofstream(directory / "predictions.csv")
      << "id,model,repeat,fold,set,score,predicted,label\n"
         "c1,knn,1,1,test,0.8,1,1\nc2,knn,1,2,test,0.4,0,0\nc1,knn,1,2,train,0.1,0,1\n"
         "c1,knn,2,1,test,0.6,1,1\nc2,knn,2,2,test,0.7,1,0\n";
  const auto result = run_radstudy("dca --predictions " + shell_quoted(directory / "predictions.csv") +
                                   " --out " + shell_quoted(directory / "out"));
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = core::read_csv((directory / "out/dca.csv").string());
  // Pooled test rows (4): at 0.5, TP 2 (0.8, 0.6), FP 1 (0.7): 2/4 - 1/4 = 0.25.
  EXPECT_NEAR(net_benefit_at(table, "knn", "0.5"), 0.25, 1e-15);
}

TEST(DcaCommand, BadInputGetsClearMessages) {
  const auto directory = fresh_directory("dca_bad");
  struct Case {
    std::string csv, message;
  };
  const std::vector<Case> cases = {
      {"id,pd,a\nc1,1,0.9\nc2,0,1.7\n", "decision curves need probabilities in [0, 1]"},
      {"id,pd,a\nc1,1,0.9\nc2,0,\n", "missing for c2"},
      {"id,pd,a\nc1,1,0.9\nc2,2,0.3\n", "must be 0 or 1"},
      {"id,pd,a\nc1,1,0.9\nc2,1,0.3\n", "one class only"},
      {"id,pd,b\nc1,1,0.9\nc2,0,0.3\n", "no column 'a'"},
  };
  for (const auto& bad : cases) {
    std::ofstream(directory / "p.csv") << bad.csv;
    const auto result = run_radstudy("dca --predictions " + shell_quoted(directory / "p.csv") +
                                     " --outcome pd --curves a --out " + shell_quoted(directory / "out"));
    EXPECT_EQ(result.exit_code, 1) << bad.csv << result.output;
    EXPECT_NE(result.output.find(bad.message), std::string::npos) << result.output;
    EXPECT_FALSE(std::filesystem::exists(directory / "out" / "dca.csv"));
  }
}

}  // namespace
}  // namespace radstudy::testing
