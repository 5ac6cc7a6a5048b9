#pragma once
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "golden_values.hpp"
#include "test_data.hpp"

namespace radstudy::testing {

// Golden files written by tests/golden/univariate/make_golden.R.
inline std::filesystem::path univariate_golden_dir() {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "univariate";
}

// One input table of the univariate goldens: the STS features with lung_mets, or a synthetic table.
struct LabelledFeatures {
  std::filesystem::path features_path, clinical_path;
  std::string id_column, label_column;
  core::DataTable features;
  std::vector<int> labels;  // in the features' case order
  Eigen::MatrixXd matrix;   // cases x features, in the features' column order
  std::vector<std::string> names;

  std::vector<double> column(const std::string& name) const { return features.numbers(name); }
};

// "sts" needs ../shared/data/sts/clinical.csv (the caller checks with RADSTUDY_REQUIRE_SHARED).
inline LabelledFeatures load_univariate_input(const std::string& table) {
  LabelledFeatures input;
  if (table == "sts") {
    input.features_path =
        std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests" / "golden" / "sts_features.csv";
    input.clinical_path = shared_dir() / "data" / "sts" / "clinical.csv";
    input.id_column = "id";
    input.label_column = "lung_mets";
  } else {
    input.features_path = univariate_golden_dir() / (table + "_features.csv");
    input.clinical_path = univariate_golden_dir() / (table + "_clinical.csv");
    input.id_column = "case_id";
    input.label_column = "outcome";
  }
  input.features = core::DataTable::read(input.features_path.string(), input.id_column);
  const auto clinical = core::DataTable::read(input.clinical_path.string(), input.id_column);
  std::map<std::string, int> label_of;
  const auto& labels = clinical.numbers(input.label_column);
  for (std::size_t row = 0; row < clinical.row_count(); ++row)
    label_of[clinical.ids()[row]] = static_cast<int>(labels[row]);
  for (const auto& id : input.features.ids()) input.labels.push_back(label_of.at(id));
  const auto& columns = input.features.columns();
  input.matrix.resize(static_cast<Eigen::Index>(input.features.row_count()),
                      static_cast<Eigen::Index>(columns.size()));
  for (std::size_t j = 0; j < columns.size(); ++j) {
    input.names.push_back(columns[j].name);
    for (std::size_t i = 0; i < input.features.row_count(); ++i)
      input.matrix(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = columns[j].numbers[i];
  }
  return input;
}

inline core::CsvTable read_univariate_golden(const std::string& name) {
  return core::read_csv((univariate_golden_dir() / name).string());
}

// The golden's values by column name for one row.
inline std::map<std::string, std::string> golden_row(const core::CsvTable& table, std::size_t row) {
  std::map<std::string, std::string> values;
  for (std::size_t c = 0; c < table.header.size(); ++c) values[table.header[c]] = table.rows[row][c];
  return values;
}

}  // namespace radstudy::testing
