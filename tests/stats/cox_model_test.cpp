#include "stats/cox_model.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "stats/concordance.hpp"
#include "stats/distributions.hpp"
#include "stats/golden_comparison.hpp"
#include "test_data.hpp"

namespace radstudy::stats {
namespace {

using testing::cox_golden_path;
using testing::golden_number;

// Golden values from tests/golden/cox/make_golden.R (survival::coxph, ties = "efron").
constexpr double kTolerance = 1e-9;

struct GoldenCoxFit {
  std::string name;
  int iter_max = 20;
  Eigen::MatrixXd covariates;
  std::vector<double> time;
  std::vector<int> event;
  std::map<std::pair<std::string, std::string>, double> expected;  // (quantity, index) -> value

  double value(const std::string& quantity, const std::string& index = "0") const {
    const auto found = expected.find({quantity, index});
    if (found == expected.end()) ADD_FAILURE() << name << ": no golden " << quantity << "[" << index << "]";
    return found == expected.end() ? 0.0 : found->second;
  }
};

std::vector<GoldenCoxFit> read_golden_fits() {
  std::vector<GoldenCoxFit> fits;
  const core::CsvTable manifest = core::read_csv(cox_golden_path("cox_fits.csv"));
  for (const auto& row : manifest.rows) {
    GoldenCoxFit fit;
    fit.name = row[0];
    fit.iter_max = std::stoi(row[2]);
    const core::CsvTable data = core::read_csv(cox_golden_path(row[1]));
    const auto terms = static_cast<Eigen::Index>(data.header.size() - 2);
    fit.covariates.resize(static_cast<Eigen::Index>(data.rows.size()), terms);
    for (std::size_t i = 0; i < data.rows.size(); ++i) {
      fit.time.push_back(golden_number(data.rows[i][0]));
      fit.event.push_back(std::stoi(data.rows[i][1]));
      for (Eigen::Index j = 0; j < terms; ++j)
        fit.covariates(static_cast<Eigen::Index>(i), j) =
            golden_number(data.rows[i][static_cast<std::size_t>(j) + 2]);
    }
    fits.push_back(std::move(fit));
  }
  const core::CsvTable expected = core::read_csv(cox_golden_path("cox_expected.csv"));
  for (const auto& row : expected.rows)
    for (GoldenCoxFit& fit : fits)
      if (fit.name == row[0]) fit.expected[{row[1], row[2]}] = golden_number(row[3]);
  return fits;
}

std::vector<std::size_t> parse_terms(const std::string& text) {
  std::vector<std::size_t> terms;
  std::istringstream stream(text);
  for (std::size_t term; stream >> term;) terms.push_back(term - 1);
  return terms;
}

TEST(CoxModelTest, AgreesWithCoxphOnEveryGoldenFit) {
  RADSTUDY_REQUIRE_SHARED("data/sts/clinical.csv");
  const std::vector<GoldenCoxFit> fits = read_golden_fits();
  ASSERT_GE(fits.size(), 15u);
  testing::GoldenComparison compare(kTolerance);
  for (const GoldenCoxFit& golden : fits) {
    SCOPED_TRACE(golden.name);
    CoxOptions options;
    options.max_iterations = golden.iter_max;
    const CoxFit fit = fit_cox_efron(golden.covariates, golden.time, golden.event, options);
    const auto terms = static_cast<std::size_t>(golden.covariates.cols());

    EXPECT_EQ(fit.iterations, static_cast<int>(golden.value("iterations")));
    EXPECT_EQ(fit.converged, golden.value("converged") == 1.0);
    std::vector<std::size_t> expected_infinite;
    for (std::size_t term = 0; term < terms; ++term)
      if (golden.expected.count({"infinite", std::to_string(term + 1)})) expected_infinite.push_back(term);
    EXPECT_EQ(fit.infinite_terms, expected_infinite);
    EXPECT_EQ(expected_infinite.size(), static_cast<std::size_t>(golden.value("n_infinite")));

    const std::string& n = golden.name;
    for (std::size_t k = 0; k < terms; ++k) {
      const auto j = static_cast<Eigen::Index>(k);
      const std::string index = std::to_string(k + 1);
      compare.expect(n + " coef " + index, fit.coefficients(j), golden.value("coef", index));
      // coxph's variance is not the inverse information when it runs out of iterations (see
      // cox_model.hpp): the SEs and Wald statistics are compared for converged fits only.
      if (!fit.converged) continue;
      compare.expect(n + " se " + index, fit.std_errors(j), golden.value("se", index));
      compare.expect(n + " z " + index, fit.z_scores(j), golden.value("z", index));
      compare.expect(n + " p " + index, fit.p_values(j), golden.value("p", index));
      for (std::size_t l = 0; l < terms; ++l)
        compare.expect(n + " vcov " + index + "," + std::to_string(l + 1),
                       fit.covariance(j, static_cast<Eigen::Index>(l)),
                       golden.value("vcov", index + " " + std::to_string(l + 1)));
    }
    compare.expect(n + " loglik_null", fit.log_likelihood_null, golden.value("loglik_null"));
    compare.expect(n + " loglik", fit.log_likelihood, golden.value("loglik"));
    compare.expect(n + " lr_test", fit.likelihood_ratio_test, golden.value("lr_test"));
    compare.expect(n + " lr_p", chi_square_upper_p(fit.likelihood_ratio_test, static_cast<double>(terms)),
                   golden.value("lr_p"));
    compare.expect(n + " score_test", fit.score_test, golden.value("score_test"));
    if (fit.converged) compare.expect(n + " wald_test", fit.wald_test, golden.value("wald_test"));
    EXPECT_EQ(static_cast<double>(terms), golden.value("df"));

    ASSERT_EQ(fit.linear_predictor.size(), golden.covariates.rows());
    const double lp_scale = fit.linear_predictor.cwiseAbs().maxCoeff();
    for (Eigen::Index i = 0; i < fit.linear_predictor.size(); ++i)
      compare.expect(n + " lp " + std::to_string(i + 1), fit.linear_predictor(i),
                     golden.value("lp", std::to_string(i + 1)), 1e-6 * lp_scale);

    const std::vector<double> lp(fit.linear_predictor.data(),
                                 fit.linear_predictor.data() + fit.linear_predictor.size());
    const Concordance c = harrell_concordance(golden.time, golden.event, lp);
    compare.expect(n + " concordance", c.c_index, golden.value("concordance"));
    compare.expect(n + " concordance_se", c.std_err, golden.value("concordance_se"));
    EXPECT_EQ(c.concordant, golden.value("concordant"));
    EXPECT_EQ(c.discordant, golden.value("discordant"));
    EXPECT_EQ(c.tied_risk, golden.value("tied.x"));
    EXPECT_EQ(c.tied_time, golden.value("tied.y"));
    EXPECT_EQ(c.tied_both, golden.value("tied.xy"));

    if (!fit.converged) continue;
    for (const auto& [key, expected] : golden.expected)
      if (key.first == "wald_joint")
        compare.expect(n + " wald_joint " + key.second, wald_chi_square(fit, parse_terms(key.second)),
                       expected);
  }
  std::cout << "[ golden   ] " << compare.compared() << " Cox values within " << kTolerance
            << " of R; worst relative difference " << compare.worst() << " (" << compare.worst_what()
            << ")\n";
}

TEST(CoxModelTest, WaldTestOfOneTermIsZSquared) {
  std::mt19937 generator(11);
  std::normal_distribution<double> normal;
  std::exponential_distribution<double> exponential;
  const int cases = 80;
  Eigen::MatrixXd x(cases, 3);
  std::vector<double> time;
  std::vector<int> event;
  for (int i = 0; i < cases; ++i) {
    for (int j = 0; j < 3; ++j) x(i, j) = normal(generator);
    time.push_back(exponential(generator) * std::exp(-0.5 * x(i, 0)));
    event.push_back(i % 3 == 0 ? 0 : 1);
  }
  const CoxFit fit = fit_cox_efron(x, time, event);
  ASSERT_TRUE(fit.converged);
  for (std::size_t term = 0; term < 3; ++term) {
    const double z = fit.z_scores(static_cast<Eigen::Index>(term));
    EXPECT_NEAR(wald_chi_square(fit, {term}), z * z, 1e-12 * z * z);
  }
  EXPECT_NEAR(wald_chi_square(fit, {0, 1, 2}), fit.wald_test, 1e-10 * fit.wald_test);
  EXPECT_THROW(wald_chi_square(fit, {3}), ConfigError);
  EXPECT_THROW(wald_chi_square(fit, {}), ConfigError);
}

TEST(CoxModelTest, RowOrderDoesNotChangeTheFit) {
  const std::vector<double> time{5, 3, 3, 8, 1, 9, 4, 4, 7, 2, 6, 6};
  const std::vector<int> event{1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0};
  Eigen::MatrixXd x(12, 2);
  x << 0.5, 1, -1.2, 0, 0.3, 1, 2.0, 0, -0.7, 1, 0.1, 0, 1.5, 1, -0.4, 0, 0.9, 1, -1.8, 0, 0.2, 0, 1.1, 1;
  const CoxFit fit = fit_cox_efron(x, time, event);
  std::vector<int> permutation{11, 4, 7, 0, 9, 2, 5, 10, 1, 8, 3, 6};
  Eigen::MatrixXd permuted_x(12, 2);
  std::vector<double> permuted_time;
  std::vector<int> permuted_event;
  for (int i = 0; i < 12; ++i) {
    permuted_x.row(i) = x.row(permutation[static_cast<std::size_t>(i)]);
    permuted_time.push_back(time[static_cast<std::size_t>(permutation[static_cast<std::size_t>(i)])]);
    permuted_event.push_back(event[static_cast<std::size_t>(permutation[static_cast<std::size_t>(i)])]);
  }
  const CoxFit permuted = fit_cox_efron(permuted_x, permuted_time, permuted_event);
  for (Eigen::Index j = 0; j < 2; ++j) {
    EXPECT_NEAR(permuted.coefficients(j), fit.coefficients(j), 1e-12);
    EXPECT_NEAR(permuted.std_errors(j), fit.std_errors(j), 1e-12);
  }
  EXPECT_NEAR(permuted.log_likelihood, fit.log_likelihood, 1e-12);
  for (int i = 0; i < 12; ++i)
    EXPECT_NEAR(permuted.linear_predictor(i), fit.linear_predictor(permutation[static_cast<std::size_t>(i)]),
                1e-12);
}

TEST(CoxModelTest, ConstantOrCollinearTermIsRefusedAndNamed) {
  const std::vector<double> time{1, 2, 3, 4, 5, 6, 7, 8};
  const std::vector<int> event{1, 0, 1, 1, 0, 1, 1, 0};
  Eigen::MatrixXd constant(8, 2);
  constant << 0.3, 2, -1, 2, 0.8, 2, 1.7, 2, -0.2, 2, 0.5, 2, 1.1, 2, -0.9, 2;
  try {
    fit_cox_efron(constant, time, event);
    FAIL() << "a constant term was accepted";
  } catch (const SingularCoxModelError& error) {
    EXPECT_EQ(error.singular_terms, std::vector<std::size_t>{1});
    EXPECT_NE(std::string(error.what()).find("term(s) 2"), std::string::npos) << error.what();
  }
  Eigen::MatrixXd collinear(8, 3);
  for (Eigen::Index i = 0; i < 8; ++i) {
    collinear(i, 0) = constant(i, 0);
    collinear(i, 1) = static_cast<double>(i % 3);
    collinear(i, 2) = 2.0 * collinear(i, 0) - 0.5 * collinear(i, 1);
  }
  try {
    fit_cox_efron(collinear, time, event);
    FAIL() << "a collinear term was accepted";
  } catch (const SingularCoxModelError& error) {
    EXPECT_EQ(error.singular_terms, std::vector<std::size_t>{2});
  }
}

TEST(CoxModelTest, BadInputIsNamed) {
  Eigen::MatrixXd x(4, 1);
  x << 1, 2, 3, 4;
  const auto message_of = [&](const std::vector<double>& time, const std::vector<int>& event) {
    try {
      fit_cox_efron(x, time, event);
    } catch (const InputError& error) {
      return std::string("InputError: ") + error.what();
    } catch (const NumericalError& error) {
      return std::string("NumericalError: ") + error.what();
    }
    return std::string("accepted");
  };
  EXPECT_NE(
      message_of({1, 2, std::nan(""), 4}, {1, 0, 1, 1}).find("InputError: Cox model: case 3 has a missing"),
      std::string::npos);
  EXPECT_NE(message_of({1, 2, 3, 4}, {1, 2, 1, 1}).find("InputError: Cox model: case 2 has event code 2"),
            std::string::npos);
  EXPECT_NE(message_of({1, 2, 3}, {1, 0, 1}).find("InputError"), std::string::npos);
  EXPECT_NE(message_of({1, 2, 3, 4}, {0, 0, 0, 0}).find("NumericalError: Cox model: no event"),
            std::string::npos);
  x(1, 0) = std::nan("");
  EXPECT_NE(message_of({1, 2, 3, 4}, {1, 0, 1, 1}).find("case 2 has a missing or infinite value in term 1"),
            std::string::npos);
}


}  // namespace
}  // namespace radstudy::stats
