#pragma once
// What the reference-value tests share: the IBSI 1 reference values and the PyRadiomics brain1
// baseline (read with core::read_csv), numbers from CSV fields, the IBSI and PyRadiomics agreement
// rules (with the PyRadiomics brain1 exceptions), and "N of M matched" tallies.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "test_data.hpp"

namespace radstudy::testing {

// The position of a column that must exist; throws (the test then fails, naming the column).
inline std::size_t column_of(const core::CsvTable& table, const std::string& name) {
  const int column = table.column(name);
  if (column < 0) throw std::runtime_error("the table has no column '" + name + "'");
  return static_cast<std::size_t>(column);
}

// A CSV field as a number: NaN when it is empty or not a number as a whole ("NaN", "Inf" read as such).
inline double parse_number(const std::string& text) {
  if (text.empty()) return std::nan("");
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() ? value : std::nan("");
}

// A number for a failure message, with 10 significant digits.
inline std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

// Half a unit of the last digit a number is written with: "556" -> 0.5, "0.0291" -> 5e-5,
// "3.58e5" -> 500.
inline double written_precision(const std::string& text) {
  std::string mantissa = text;
  int exponent = 0;
  if (const auto e = text.find_first_of("eE"); e != std::string::npos) {
    mantissa = text.substr(0, e);
    exponent = std::stoi(text.substr(e + 1));
  }
  int decimals = 0;
  if (const auto dot = mantissa.find('.'); dot != std::string::npos)
    decimals = static_cast<int>(mantissa.size() - dot - 1);
  return 0.5 * std::pow(10.0, exponent - decimals);
}

// One row of reference/ibsi1/reference_values.csv.
struct IbsiReferenceValue {
  std::string data, family, feature, key, aggregation;  // the columns of the same names
  std::string text;                                     // the value as written
  double value = 0.0;
  double tolerance = 0.0;  // the tolerance column or, where it is empty, written_precision(text)
  bool tolerance_written = false;
};

inline std::vector<IbsiReferenceValue> read_ibsi_reference_values() {
  const auto table = core::read_csv((shared_dir() / "reference/ibsi1/reference_values.csv").string());
  const std::size_t data = column_of(table, "data"), family = column_of(table, "family"),
                    feature = column_of(table, "feature"), key = column_of(table, "key"),
                    aggregation = column_of(table, "aggregation"), value = column_of(table, "value"),
                    tolerance = column_of(table, "tolerance");
  std::vector<IbsiReferenceValue> values;
  for (const auto& row : table.rows) {
    const bool tolerance_written = !row[tolerance].empty();
    values.push_back({row[data], row[family], row[feature], row[key], row[aggregation], row[value],
                      parse_number(row[value]),
                      tolerance_written ? parse_number(row[tolerance]) : written_precision(row[value]),
                      tolerance_written});
  }
  return values;
}

// IBSI 1: `value` within `tolerance` of `expected`; the tolerance is stretched by 1e-12 of itself so
// that a difference of exactly half a written digit is not lost to binary rounding.
inline bool within_tolerance(double value, double expected, double tolerance) {
  return std::abs(value - expected) <= tolerance * (1 + 1e-12);
}

// PyRadiomics: `computed` within `relative` of `expected` (plus 1e-12 for expected zeros); a NaN
// in the baseline requires a NaN.
inline bool within_relative(double computed, double expected, double relative) {
  if (std::isnan(expected)) return std::isnan(computed);
  return std::abs(computed - expected) <= relative * std::abs(expected) + 1e-12;
}

// The bar for PyRadiomics values (issue 2, acceptance 2).
constexpr double kPyRadiomicsRelativeTolerance = 1e-4;

// The known exceptions to that bar in baseline_brain1.csv, held to a relative 1e-3: the mesh-based
// shape values of config brain1, written by a PyRadiomics development build (diagnostics_brain1.csv:
// 2.0.1b1.post11) while the mesh was being added (its SurfaceArea differs too: another triangle
// table); PyRadiomics' own tests hold them to only 3% (tests/testUtils.py). Our mesh is PyRadiomics
// 3's (radiomics/src/cshape.c) and matches PyRadiomics 3.1 on all 14 shape features of all 51 STS
// cases to 1e-6 (PyRadiomicsBaseline.StsCtCasesInOneBatch), and brain1_resampling (2.1.0.post6.dev0)
// exactly. Do not add to this list to make a test pass: a value outside it that misses 1e-4 is a bug.
inline double pyradiomics_brain1_relative_tolerance(const std::string& config, const std::string& feature) {
  static const std::map<std::string, std::vector<std::string>> kMeshExceptions = {
      {"brain1",
       {"original_shape_MeshVolume", "original_shape_SurfaceArea", "original_shape_Sphericity",
        "original_shape_SurfaceVolumeRatio"}},
  };
  if (const auto found = kMeshExceptions.find(config); found != kMeshExceptions.end())
    for (const auto& exception : found->second)
      if (exception == feature) return 1e-3;
  return kPyRadiomicsRelativeTolerance;
}

// One row of reference/pyradiomics/baseline_brain1.csv.
struct PyRadiomicsBaselineValue {
  std::string config, feature;  // feature: the column name, e.g. original_glcm_Contrast
  std::string text;             // the value as written
  double value = 0.0;
};

inline std::vector<PyRadiomicsBaselineValue> read_pyradiomics_brain1_baseline() {
  const auto table = core::read_csv((shared_dir() / "reference/pyradiomics/baseline_brain1.csv").string());
  const std::size_t config = column_of(table, "config"), feature = column_of(table, "feature"),
                    value = column_of(table, "value");
  std::vector<PyRadiomicsBaselineValue> values;
  for (const auto& row : table.rows)
    values.push_back({row[config], row[feature], row[value], parse_number(row[value])});
  return values;
}

// "original_glcm_Contrast" -> "glcm".
inline std::string feature_class_of(const std::string& column) {
  const auto first = column.find('_'), second = column.find('_', first + 1);
  return column.substr(first + 1, second - first - 1);
}

// N of M, in the fixed format the reports quote.
struct Tally {
  std::size_t matched = 0, total = 0;
  void add(bool match) {
    ++total;
    matched += match;
  }
  bool complete() const { return matched == total; }
};

inline void print_tally(const std::string& title, const Tally& tally) {
  std::printf("%s: %zu of %zu matched\n", title.c_str(), tally.matched, tally.total);
}

inline void print_tallies(const std::string& title, const std::map<std::string, Tally>& tallies) {
  for (const auto& [name, tally] : tallies)
    std::printf("  %-34s %zu of %zu matched\n", (title + " " + name).c_str(), tally.matched, tally.total);
}

}  // namespace radstudy::testing
