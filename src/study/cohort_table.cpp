#include "study/cohort_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "core/csv.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"
#include "stats/contingency_tests.hpp"
#include "stats/group_tests.hpp"

namespace radstudy::study {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kAlbiName = "ALBI";
constexpr const char* kAlbiGradeName = "ALBI grade";

// A categorical view of a column: the level of each case (-1 when missing) and the level names, numbers
// ordered by value and text alphabetically.
struct Categories {
  std::vector<std::string> names;
  std::vector<int> of_case;
};

Categories categories_of(const core::DataColumn& column) {
  Categories categories;
  categories.of_case.assign(column.labels.size(), -1);
  if (column.numeric) {
    std::map<double, int> level_of_value;
    for (std::size_t row = 0; row < column.labels.size(); ++row)
      if (column.labels[row]) level_of_value.emplace(column.numbers[row], 0);
    // Name each value by the text of its first case.
    std::map<double, std::string> first_text;
    for (std::size_t row = 0; row < column.labels.size(); ++row)
      if (column.labels[row]) first_text.emplace(column.numbers[row], *column.labels[row]);
    int next = 0;
    for (auto& [value, level] : level_of_value) {
      level = next++;
      categories.names.push_back(first_text[value]);
    }
    for (std::size_t row = 0; row < column.labels.size(); ++row)
      if (column.labels[row]) categories.of_case[row] = level_of_value[column.numbers[row]];
    return categories;
  }
  std::map<std::string, int> level_of_text;
  for (const auto& label : column.labels)
    if (label) level_of_text.emplace(*label, 0);
  int next = 0;
  for (auto& [text, level] : level_of_text) {
    level = next++;
    categories.names.push_back(text);
  }
  for (std::size_t row = 0; row < column.labels.size(); ++row)
    if (column.labels[row]) categories.of_case[row] = level_of_text[*column.labels[row]];
  return categories;
}

// A variable of the table: its name, and per case either a number or a category (missing: NaN / -1).
struct Variable {
  std::string name;
  bool continuous = false;
  std::vector<double> numbers;            // continuous
  Categories categories;                  // categorical
  std::vector<std::string> level_labels;  // display names of the categories (default: their names)
};

std::string decimal(double value, int digits) {
  if (std::isnan(value)) return "NA";
  std::string text = fmt::format("{:.{}f}", value, digits);
  if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-')
    text.erase(0, 1);  // no "-0.0"
  return text;
}

class TableBuilder {
 public:
  TableBuilder(const core::DataTable& data, const CohortTableOptions& options)
      : data_(data), options_(options) {}

  CohortTable build() {
    check_options();
    assign_groups();
    for (const auto& variable : selected_variables()) add_variable(variable);
    if (result_.rows.empty()) throw InputError(fmt::format("{}: no variable to summarise", data_.source()));
    return std::move(result_);
  }

 private:
  void check_options() const {
    if (!(options_.alpha > 0 && options_.alpha < 1))
      throw ConfigError(fmt::format("--alpha must be between 0 and 1 (it is {})", options_.alpha));
    if (options_.digits < 0 || options_.digits > 10)
      throw ConfigError(fmt::format("--digits must be between 0 and 10 (it is {})", options_.digits));
    if (options_.group_column.empty()) throw ConfigError("no group column given");
  }

  void assign_groups() {
    const auto& column = data_.column(options_.group_column);
    const auto categories = categories_of(column);
    result_.source = data_.source();
    result_.group_column = options_.group_column;
    result_.alpha = options_.alpha;
    result_.max_categorical_levels = options_.max_categorical_levels;
    result_.groups = categories.names;
    result_.group_sizes.assign(categories.names.size(), 0);
    std::vector<std::string> without_group;
    for (std::size_t row = 0; row < data_.row_count(); ++row) {
      const int group = categories.of_case[row];
      if (group < 0) {
        without_group.push_back(data_.ids()[row]);
        continue;
      }
      kept_rows_.push_back(row);
      group_of_kept_.push_back(group);
      ++result_.group_sizes[static_cast<std::size_t>(group)];
    }
    result_.total = kept_rows_.size();
    result_.excluded_without_group = without_group.size();
    if (result_.groups.size() < 2)
      throw InputError(
          fmt::format("{}: the group column '{}' has {} ({}); Table 1 needs 2 or more groups", data_.source(),
                      options_.group_column,
                      result_.groups.empty() ? std::string("no value")
                                             : fmt::format("one group only, '{}'", result_.groups.front()),
                      without_group.empty() ? fmt::format("{} cases", data_.row_count())
                                            : fmt::format("{} cases without a value", without_group.size())));
    if (!without_group.empty()) {
      std::string listed;
      for (std::size_t k = 0; k < without_group.size() && k < 10; ++k)
        listed += (k ? ", " : "") + without_group[k];
      if (without_group.size() > 10) listed += fmt::format(" and {} more", without_group.size() - 10);
      result_.notes.push_back(fmt::format("{} case(s) without a value of {} were excluded: {}.",
                                          without_group.size(), options_.group_column, listed));
    }
  }

  // The variables in order: --variables, else every column but the id and the group; ALBI appended.
  std::vector<Variable> selected_variables() {
    std::set<std::string> forced_categorical;
    for (const auto& name : options_.categorical) {
      if (name != kAlbiGradeName) data_.column(name);  // throws for an unknown column
      forced_categorical.insert(name);
    }
    std::vector<std::string> names = options_.variables;
    bool albi_requested = options_.variables.empty();
    if (names.empty()) {
      for (const auto& column : data_.columns())
        if (column.name != options_.group_column) names.push_back(column.name);
    } else {
      std::set<std::string> seen;
      for (const auto& name : options_.variables) {
        if (!seen.insert(name).second) throw ConfigError(fmt::format("--variables names '{}' twice", name));
        if (name == options_.group_column)
          throw ConfigError(fmt::format("--variables names the group column '{}'", name));
        if (name == data_.id_column())
          throw ConfigError(fmt::format("--variables names the id column '{}'", name));
      }
      const auto albi = std::find(names.begin(), names.end(), kAlbiName);
      if (albi != names.end()) {
        albi_requested = true;
        names.erase(albi);
      }
    }
    std::vector<Variable> variables;
    for (const auto& name : names)
      variables.push_back(variable_from_column(data_.column(name), forced_categorical));
    const auto bilirubin = find_column({"bilirubin"}, {"umol", "µmol", "μmol"});
    const auto albumin = find_column({"albumin"}, {"g/l", "g_l", "gl", "g.l"});
    if (bilirubin && albumin) {
      const bool both_listed = std::find(names.begin(), names.end(), *bilirubin) != names.end() &&
                               std::find(names.begin(), names.end(), *albumin) != names.end();
      if (albi_requested || both_listed) add_albi(variables, *bilirubin, *albumin);
    } else if (!options_.variables.empty() && albi_requested) {
      throw InputError(
          fmt::format("{}: ALBI needs a bilirubin (umol/L) and an albumin (g/L) column", data_.source()));
    }
    return variables;
  }

  // A column named `base` (any case), or `base` followed by a unit containing one of `units`.
  std::optional<std::string> find_column(const std::vector<std::string>& bases,
                                         const std::vector<std::string>& units) const {
    for (const auto& column : data_.columns()) {
      const std::string name = core::lowercase(column.name);
      for (const auto& base : bases) {
        if (name == base) return column.name;
        if (name.rfind(base, 0) == 0 && name.size() > base.size() &&
            !std::isalpha(static_cast<unsigned char>(name[base.size()])))
          for (const auto& unit : units)
            if (name.find(unit, base.size()) != std::string::npos &&
                name.find("mg", base.size()) == std::string::npos &&
                name.find("dl", base.size()) == std::string::npos)
              return column.name;
      }
    }
    return std::nullopt;
  }

  Variable variable_from_column(const core::DataColumn& column,
                                const std::set<std::string>& forced_categorical) const {
    Variable variable;
    variable.name = column.name;
    std::size_t present = 0;
    for (const std::size_t row : kept_rows_)
      if (column.labels[row]) ++present;
    if (present == 0)
      throw InputError(fmt::format("{}: column '{}' has no values in the {} cases with a {}", data_.source(),
                                   column.name, kept_rows_.size(), options_.group_column));
    const auto categories = categories_of(column);
    variable.continuous = column.numeric && categories.names.size() > options_.max_categorical_levels &&
                          !forced_categorical.count(column.name);
    if (variable.continuous) {
      variable.numbers = column.numbers;
    } else {
      variable.categories = categories;
      variable.level_labels = categories.names;
    }
    return variable;
  }

  void add_albi(std::vector<Variable>& variables, const std::string& bilirubin_name,
                const std::string& albumin_name) {
    const auto& bilirubin = data_.column(bilirubin_name);
    const auto& albumin = data_.column(albumin_name);
    if (!bilirubin.numeric || !albumin.numeric) {
      const auto& bad = bilirubin.numeric ? albumin : bilirubin;
      data_.numbers(bad.name);  // throws, naming the first non-numeric case
    }
    Variable score;
    score.name = kAlbiName;
    score.continuous = true;
    score.numbers.assign(data_.row_count(), kNaN);
    Variable grade;
    grade.name = kAlbiGradeName;
    grade.categories.names = {"1", "2", "3"};
    grade.level_labels = {"1 (ALBI <= -2.60)", "2 (-2.60 < ALBI <= -1.39)", "3 (ALBI > -1.39)"};
    grade.categories.of_case.assign(data_.row_count(), -1);
    for (std::size_t row = 0; row < data_.row_count(); ++row) {
      const double bilirubin_value = bilirubin.numbers[row], albumin_value = albumin.numbers[row];
      if (std::isnan(bilirubin_value) || std::isnan(albumin_value)) continue;
      if (!(bilirubin_value > 0))
        throw InputError(
            fmt::format("{}: column '{}': case {} has bilirubin {} (ALBI needs a value > 0 umol/L)",
                        data_.source(), bilirubin_name, data_.ids()[row], bilirubin_value));
      const double value = 0.66 * std::log10(bilirubin_value) - 0.085 * albumin_value;
      score.numbers[row] = value;
      grade.categories.of_case[row] = value <= -2.60 ? 0 : (value <= -1.39 ? 1 : 2);
    }
    // Keep only the grades present, so that every level row has cases.
    std::vector<int> used(3, 0);
    for (const std::size_t row : kept_rows_)
      if (grade.categories.of_case[row] >= 0)
        used[static_cast<std::size_t>(grade.categories.of_case[row])] = 1;
    if (std::count(used.begin(), used.end(), 1) == 0)
      throw InputError(fmt::format("{}: ALBI has no values: no case has both '{}' and '{}'", data_.source(),
                                   bilirubin_name, albumin_name));
    Variable compact = grade;
    compact.categories.names.clear();
    compact.level_labels.clear();
    std::vector<int> renumber(3, -1);
    for (int level = 0; level < 3; ++level)
      if (used[static_cast<std::size_t>(level)]) {
        renumber[static_cast<std::size_t>(level)] = static_cast<int>(compact.categories.names.size());
        compact.categories.names.push_back(grade.categories.names[static_cast<std::size_t>(level)]);
        compact.level_labels.push_back(grade.level_labels[static_cast<std::size_t>(level)]);
      }
    for (int& level : compact.categories.of_case)
      if (level >= 0) level = renumber[static_cast<std::size_t>(level)];
    variables.push_back(std::move(score));
    variables.push_back(std::move(compact));
    result_.notes.push_back(
        fmt::format("ALBI = 0.66 x log10(bilirubin, umol/L) - 0.085 x albumin (g/L), from columns '{}' and "
                    "'{}'; grade 1: ALBI <= "
                    "-2.60, grade 2: -2.60 < ALBI <= -1.39, grade 3: ALBI > -1.39.",
                    bilirubin_name, albumin_name));
  }

  void note_test(const std::string& test) {
    if (std::find(result_.tests_used.begin(), result_.tests_used.end(), test) == result_.tests_used.end())
      result_.tests_used.push_back(test);
  }

  void add_variable(const Variable& variable) {
    const std::size_t group_count = result_.groups.size();
    CohortTableRow base;
    base.variable = variable.name;
    base.continuous = variable.continuous;
    base.missing_by_group.assign(group_count, 0);
    base.statistic = kNaN;
    base.p = kNaN;
    for (std::size_t k = 0; k < kept_rows_.size(); ++k) {
      const std::size_t row = kept_rows_[k];
      const bool missing =
          variable.continuous ? std::isnan(variable.numbers[row]) : variable.categories.of_case[row] < 0;
      if (missing) {
        ++base.missing_overall;
        ++base.missing_by_group[static_cast<std::size_t>(group_of_kept_[k])];
      }
    }
    if (base.missing_overall == kept_rows_.size())
      throw InputError(fmt::format("{}: column '{}' has no values in the {} cases with a {}", data_.source(),
                                   variable.name, kept_rows_.size(), options_.group_column));
    if (variable.continuous)
      add_continuous(variable, base);
    else
      add_categorical(variable, base);
  }

  void add_continuous(const Variable& variable, CohortTableRow row) {
    const std::size_t group_count = result_.groups.size();
    std::vector<std::vector<double>> groups(group_count);
    std::vector<double> all;
    for (std::size_t k = 0; k < kept_rows_.size(); ++k) {
      const double value = variable.numbers[kept_rows_[k]];
      if (std::isnan(value)) continue;
      groups[static_cast<std::size_t>(group_of_kept_[k])].push_back(value);
      all.push_back(value);
    }
    // Normality: Shapiro-Wilk p >= alpha in every group; a group with < 3 values, or all equal, cannot show
    // it.
    bool normal = true;
    for (const auto& group : groups) {
      if (group.size() < 3 || group.size() > 5000 ||
          std::all_of(group.begin(), group.end(), [&](double v) { return v == group.front(); })) {
        normal = false;
        break;
      }
      if (stats::shapiro_wilk_test(group).p < options_.alpha) {
        normal = false;
        break;
      }
    }
    // Decimals: --digits, more when the overall spread is below 1 so that it keeps 2 significant digits.
    const double spread = normal ? stats::sample_standard_deviation(all)
                                 : stats::sample_quantile(all, 0.75) - stats::sample_quantile(all, 0.25);
    int digits = options_.digits;
    if (spread > 0 && spread < 1)
      digits = std::max(digits, std::min(6, 1 - static_cast<int>(std::floor(std::log10(spread)))));
    auto summary = [&](const std::vector<double>& values) -> std::string {
      if (values.empty()) return "NA";
      if (normal)
        return fmt::format("{} ({})", decimal(stats::sample_mean(values), digits),
                           decimal(stats::sample_standard_deviation(values), digits));
      return fmt::format("{} [{}, {}]", decimal(stats::sample_quantile(values, 0.5), digits),
                         decimal(stats::sample_quantile(values, 0.25), digits),
                         decimal(stats::sample_quantile(values, 0.75), digits));
    };
    row.level = normal ? "mean (SD)" : "median [Q1, Q3]";
    row.overall = summary(all);
    for (const auto& group : groups) row.by_group.push_back(summary(group));

    std::vector<std::vector<double>> tested;
    std::vector<std::string> empty_groups;
    for (std::size_t g = 0; g < group_count; ++g) {
      if (groups[g].empty())
        empty_groups.push_back(result_.groups[g]);
      else
        tested.push_back(groups[g]);
    }
    if (tested.size() < 2) {
      row.test = "not tested: values in one group only";
    } else {
      try {
        stats::TestResult test;
        if (tested.size() == 2)
          test = normal ? stats::welch_t_test(tested[0], tested[1])
                        : stats::wilcoxon_rank_sum_test(tested[0], tested[1]);
        else
          test = normal ? stats::welch_anova(tested) : stats::kruskal_wallis_test(tested);
        row.test = test_label(test.method);
        row.statistic = test.statistic;
        row.p = test.p;
        note_test(row.test);
      } catch (const std::runtime_error& error) {  // e.g. every value tied
        row.test = fmt::format("not tested: {}", error.what());
      }
      if (!empty_groups.empty() && !std::isnan(row.p))
        result_.notes.push_back(
            fmt::format("{}: no values in group(s) {}; the test compares the other groups.", variable.name,
                        fmt::join(empty_groups, ", ")));
    }
    result_.rows.push_back(std::move(row));
  }

  void add_categorical(const Variable& variable, CohortTableRow base) {
    const std::size_t group_count = result_.groups.size();
    const std::size_t level_count = variable.categories.names.size();
    stats::CountTable counts(level_count, std::vector<long long>(group_count, 0));
    std::vector<long long> level_totals(level_count, 0);
    for (std::size_t k = 0; k < kept_rows_.size(); ++k) {
      const int level = variable.categories.of_case[kept_rows_[k]];
      if (level < 0) continue;
      ++counts[static_cast<std::size_t>(level)][static_cast<std::size_t>(group_of_kept_[k])];
      ++level_totals[static_cast<std::size_t>(level)];
    }
    std::vector<long long> group_present(group_count, 0);
    long long present = 0;
    for (std::size_t level = 0; level < level_count; ++level)
      for (std::size_t g = 0; g < group_count; ++g) {
        group_present[g] += counts[level][g];
        present += counts[level][g];
      }
    // The test on the levels with cases and the groups with values.
    stats::CountTable tested;
    for (std::size_t level = 0; level < level_count; ++level) {
      if (level_totals[level] == 0) continue;
      std::vector<long long> line;
      for (std::size_t g = 0; g < group_count; ++g)
        if (group_present[g] > 0) line.push_back(counts[level][g]);
      tested.push_back(std::move(line));
    }
    if (tested.size() < 2) {
      base.test = "not tested: one level only";
    } else if (tested.front().size() < 2) {
      base.test = "not tested: values in one group only";
    } else {
      const auto expected = stats::expected_counts(tested);
      bool small_expected = false;
      for (const auto& line : expected)
        for (const double value : line) small_expected = small_expected || value < 5;
      try {
        const auto test = small_expected ? stats::fisher_exact_test(tested, options_.fisher_work_limit)
                                         : stats::pearson_chi_square_test(tested);
        base.test = test_label(test.method);
        base.statistic = test.statistic;
        base.p = test.p;
      } catch (const stats::FisherEnumerationTooLarge&) {
        const auto test = stats::pearson_chi_square_test(tested);
        base.test = test_label(test.method) + " (Fisher's exact test too large to enumerate)";
        base.statistic = test.statistic;
        base.p = test.p;
        result_.notes.push_back(
            fmt::format("{}: some expected counts are < 5 but Fisher's exact test on its {} x {} table "
                        "exceeds the enumeration "
                        "limit; Pearson's chi-square is given instead and may be inaccurate.",
                        variable.name, tested.size(), tested.front().size()));
      }
      note_test(base.test);
    }
    auto percent_of = [&](long long count, long long of) {
      if (of == 0) return std::string("NA");
      return fmt::format(
          "{} ({}%)", count,
          decimal(100.0 * static_cast<double>(count) / static_cast<double>(of), options_.digits));
    };
    for (std::size_t level = 0; level < level_count; ++level) {
      if (level_totals[level] == 0) continue;  // a level seen only in cases without a group
      CohortTableRow row = base;
      row.level = variable.level_labels[level];
      row.overall = percent_of(level_totals[level], present);
      for (std::size_t g = 0; g < group_count; ++g)
        row.by_group.push_back(percent_of(counts[level][g], group_present[g]));
      result_.rows.push_back(std::move(row));
    }
  }

  // R's method names, shortened for the table.
  static std::string test_label(const std::string& method) {
    if (method == "Welch Two Sample t-test") return "Welch's t-test";
    if (method == " Two Sample t-test") return "Student's t-test";
    if (method == "Wilcoxon rank sum exact test") return "Mann-Whitney U test (exact)";
    if (method == "Wilcoxon rank sum test with continuity correction")
      return "Mann-Whitney U test (normal approximation, continuity correction)";
    if (method == "Kruskal-Wallis rank sum test") return "Kruskal-Wallis test";
    if (method == "One-way analysis of means (not assuming equal variances)") return "Welch's one-way ANOVA";
    if (method == "Pearson's Chi-squared test with Yates' continuity correction")
      return "Pearson's chi-square test (Yates' correction)";
    if (method == "Pearson's Chi-squared test") return "Pearson's chi-square test";
    if (method == "Fisher's Exact Test for Count Data") return "Fisher's exact test";
    return method;
  }

  const core::DataTable& data_;
  const CohortTableOptions& options_;
  CohortTable result_;
  std::vector<std::size_t> kept_rows_;  // cases with a group
  std::vector<int> group_of_kept_;
};

std::string html_escaped(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

std::string displayed_p(double p) {
  if (std::isnan(p)) return "";
  if (p < 0.001) return "&lt;0.001";
  return fmt::format("{:.3f}", p);
}

}  // namespace

CohortTable build_cohort_table(const core::DataTable& table, const CohortTableOptions& options) {
  return TableBuilder(table, options).build();
}

std::string cohort_table_csv(const CohortTable& table) {
  std::string csv = "variable,level,overall";
  for (const auto& group : table.groups) csv += "," + core::csv_field(group);
  csv += ",test,statistic,p,missing_overall";
  for (const auto& group : table.groups) csv += "," + core::csv_field("missing_" + group);
  csv += "\n";
  csv += fmt::format("n,,{}", table.total);
  for (const auto size : table.group_sizes) csv += fmt::format(",{}", size);
  csv += ",,,,0";
  for (std::size_t g = 0; g < table.groups.size(); ++g) csv += ",0";
  csv += "\n";
  auto number_or_empty = [](double value) {
    return std::isnan(value) ? std::string() : core::csv_number(value);
  };
  for (const auto& row : table.rows) {
    csv +=
        core::csv_field(row.variable) + "," + core::csv_field(row.level) + "," + core::csv_field(row.overall);
    for (const auto& cell : row.by_group) csv += "," + core::csv_field(cell);
    csv +=
        "," + core::csv_field(row.test) + "," + number_or_empty(row.statistic) + "," + number_or_empty(row.p);
    csv += fmt::format(",{}", row.missing_overall);
    for (const auto missing : row.missing_by_group) csv += fmt::format(",{}", missing);
    csv += "\n";
  }
  return csv;
}

std::string cohort_table_html(const CohortTable& table) {
  // Footnote marks: one letter per test, in order of first use.
  auto mark_of = [&](const std::string& test) -> std::string {
    const auto found = std::find(table.tests_used.begin(), table.tests_used.end(), test);
    if (found == table.tests_used.end()) return "";
    return std::string(1, static_cast<char>('a' + (found - table.tests_used.begin()) % 26));
  };
  std::string html = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Table 1</title>
<style>
body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 14px; color: #111; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 0.8em; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.6em; }
thead th { border-top: 2px solid #111; border-bottom: 1px solid #111; padding: 0.35em 0.8em; text-align: center; }
thead th:first-child { text-align: left; }
td { padding: 0.2em 0.8em; text-align: center; vertical-align: top; }
td.label { text-align: left; }
td.level { text-align: left; padding-left: 1.8em; }
td.missing { text-align: left; padding-left: 1.8em; color: #555; font-style: italic; }
tr.variable td { padding-top: 0.45em; }
tbody tr:last-child td { border-bottom: 2px solid #111; }
.footnotes { font-size: 12px; max-width: 60em; }
.footnotes p { margin: 0.2em 0; }
</style>
</head>
<body>
)";
  html += "<table>\n";
  html += fmt::format("<caption>Table 1. Characteristics of the {} cases by {}</caption>\n", table.total,
                      html_escaped(table.group_column));
  html += "<thead><tr><th>Characteristic</th>";
  html += fmt::format("<th>Overall<br>(n = {})</th>", table.total);
  for (std::size_t g = 0; g < table.groups.size(); ++g)
    html += fmt::format("<th>{} = {}<br>(n = {})</th>", html_escaped(table.group_column),
                        html_escaped(table.groups[g]), table.group_sizes[g]);
  html += "<th><i>P</i></th></tr></thead>\n<tbody>\n";
  const std::size_t columns = table.groups.size() + 3;
  for (std::size_t k = 0; k < table.rows.size();) {
    const auto& first = table.rows[k];
    std::size_t end = k;
    while (end < table.rows.size() && table.rows[end].variable == first.variable) ++end;
    const std::string p_cell =
        std::isnan(first.p) ? "&ndash;" : displayed_p(first.p) + "<sup>" + mark_of(first.test) + "</sup>";
    if (first.continuous) {
      html +=
          fmt::format("<tr class=\"variable\"><td class=\"label\">{}, {}</td><td>{}</td>",
                      html_escaped(first.variable), html_escaped(first.level), html_escaped(first.overall));
      for (const auto& cell : first.by_group) html += "<td>" + html_escaped(cell) + "</td>";
      html += "<td>" + p_cell + "</td></tr>\n";
    } else {
      html += fmt::format("<tr class=\"variable\"><td class=\"label\">{}, n (%)</td>",
                          html_escaped(first.variable));
      for (std::size_t c = 0; c + 2 < columns; ++c) html += "<td></td>";
      html += "<td>" + p_cell + "</td></tr>\n";
      for (std::size_t r = k; r < end; ++r) {
        html += fmt::format("<tr><td class=\"level\">{}</td><td>{}</td>", html_escaped(table.rows[r].level),
                            html_escaped(table.rows[r].overall));
        for (const auto& cell : table.rows[r].by_group) html += "<td>" + html_escaped(cell) + "</td>";
        html += "<td></td></tr>\n";
      }
    }
    if (first.missing_overall > 0) {
      html += fmt::format("<tr><td class=\"missing\">missing</td><td>{}</td>", first.missing_overall);
      for (const auto missing : first.missing_by_group) html += fmt::format("<td>{}</td>", missing);
      html += "<td></td></tr>\n";
    }
    k = end;
  }
  html += "</tbody>\n</table>\n<div class=\"footnotes\">\n";
  html += fmt::format(
      "<p>Continuous variables: mean (SD) when the Shapiro-Wilk test gives p &ge; {} in every group (each "
      "with at "
      "least 3 values), else median [first quartile, third quartile]. Categorical variables: n (% of the "
      "cases with "
      "a value in the column). A numeric variable with {} distinct values or fewer is categorical, as is any "
      "variable "
      "named by --categorical. Missing values are counted and left out of the tests.</p>\n",
      table.alpha, table.max_categorical_levels);
  for (std::size_t t = 0; t < table.tests_used.size(); ++t)
    html += fmt::format("<p><sup>{}</sup> {}.</p>\n", mark_of(table.tests_used[t]),
                        html_escaped(table.tests_used[t]));
  for (const auto& note : table.notes) html += "<p>" + html_escaped(note) + "</p>\n";
  html += "</div>\n</body>\n</html>\n";
  return html;
}

}  // namespace radstudy::study
