#pragma once
// Fold-by-fold comparison of a classifier with R on the data sets of tests/golden/trees.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "core/csv.hpp"
#include "core/data_table.hpp"
#include "golden_values.hpp"
#include "models/r_moments.hpp"
#include "test_data.hpp"

namespace radstudy::testing {

inline std::filesystem::path trees_golden_dir() {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests/golden/trees";
}

// A golden data set: cases, features (as R saw them) and labels.
struct GoldenDataSet {
  std::vector<std::string> ids;
  Eigen::MatrixXd x;
  std::vector<int> y;
};

inline GoldenDataSet golden_data_set(const std::string& name) {
  GoldenDataSet data;
  core::DataTable table = core::DataTable::read((trees_golden_dir() / "synthetic.csv").string(), "id");
  std::vector<std::string> features;
  std::string label = "label";
  if (name != "synthetic") {
    const auto clinical = core::DataTable::read((shared_dir() / "data/sts/clinical.csv").string(), "id");
    const auto all_features =
        core::DataTable::read((std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests/golden/sts_features.csv").string(), "id");
    table = all_features.joined(clinical.with_only_columns({"lung_mets"}));
    label = "lung_mets";
    if (name == "sts8") {
      std::ifstream list(trees_golden_dir() / "sts8_features.txt");
      for (std::string line; std::getline(list, line);)
        if (!line.empty()) features.push_back(line);
    } else {
      for (const auto& column : all_features.columns()) features.push_back(column.name);
    }
  } else {
    for (int j = 1; j <= 6; ++j) features.push_back("f" + std::to_string(j));
  }
  data.ids = table.ids();
  data.x.resize(static_cast<Eigen::Index>(table.row_count()), static_cast<Eigen::Index>(features.size()));
  for (std::size_t c = 0; c < features.size(); ++c) {
    const auto& values = table.numbers(features[c]);
    for (std::size_t r = 0; r < values.size(); ++r) data.x(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = values[r];
  }
  for (double value : table.numbers(label)) data.y.push_back(static_cast<int>(value));
  return data;
}

// The training and test rows of one fold, z-scored with the training rows' mean and sd (n - 1).
struct GoldenFold {
  Eigen::MatrixXd train_x, test_x;
  std::vector<int> train_y;
  std::vector<std::string> test_ids;
};

inline std::map<std::pair<int, int>, GoldenFold> golden_folds(const GoldenDataSet& data, const std::string& name) {
  const auto folds = core::read_csv((trees_golden_dir() / (name + "_folds.csv")).string());
  std::map<std::string, std::size_t> row_of;
  for (std::size_t r = 0; r < data.ids.size(); ++r) row_of[data.ids[r]] = r;
  std::map<std::pair<int, int>, std::vector<std::size_t>> test_rows;
  std::map<int, std::map<std::size_t, int>> fold_of;
  for (const auto& row : folds.rows) {
    const int fold = std::stoi(row[1]), repeat = std::stoi(row[2]);
    test_rows[{repeat, fold}].push_back(row_of.at(row[0]));
    fold_of[repeat][row_of.at(row[0])] = fold;
  }
  std::map<std::pair<int, int>, GoldenFold> result;
  for (const auto& [key, tests] : test_rows) {
    std::vector<std::size_t> train;
    for (std::size_t r = 0; r < data.ids.size(); ++r)
      if (fold_of[key.first][r] != key.second) train.push_back(r);
    GoldenFold fold;
    const auto p = data.x.cols();
    fold.train_x.resize(static_cast<Eigen::Index>(train.size()), p);
    fold.test_x.resize(static_cast<Eigen::Index>(tests.size()), p);
    for (Eigen::Index c = 0; c < p; ++c) {
      // R's mean() and sd(), bit for bit: a cut lies halfway between two training values, and a test
      // value on it goes one way or the other by the last bit of the z-score.
      auto value = [&](std::size_t k) { return data.x(static_cast<Eigen::Index>(train[k]), c); };
      const double mean = models::r_mean(value, train.size());
      const double sd = models::r_standard_deviation(value, train.size());
      for (std::size_t k = 0; k < train.size(); ++k)
        fold.train_x(static_cast<Eigen::Index>(k), c) = (data.x(static_cast<Eigen::Index>(train[k]), c) - mean) / sd;
      for (std::size_t k = 0; k < tests.size(); ++k)
        fold.test_x(static_cast<Eigen::Index>(k), c) = (data.x(static_cast<Eigen::Index>(tests[k]), c) - mean) / sd;
    }
    for (std::size_t r : train) fold.train_y.push_back(data.y[r]);
    for (std::size_t r : tests) fold.test_ids.push_back(data.ids[r]);
    result[key] = std::move(fold);
  }
  return result;
}

}  // namespace radstudy::testing
