#pragma once
// Fold-by-fold comparison of a classifier with R on the data sets of tests/golden/trees.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/data_table.hpp"
#include "golden_values.hpp"
#include "models/fold_golden_data.hpp"
#include "test_data.hpp"

namespace radstudy::testing {

inline std::filesystem::path trees_golden_dir() {
  return std::filesystem::path(RADSTUDY_SOURCE_DIR) / "tests/golden/trees";
}

// A golden data set of tests/golden/trees ("synthetic", "sts8" or "sts"): cases, features as R saw them, labels.
inline LabelledTable golden_data_set(const std::string& name) {
  LabelledTable data;
  core::DataTable table = core::DataTable::read((trees_golden_dir() / "synthetic.csv").string(), "id");
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
        if (!line.empty()) data.feature_names.push_back(line);
    } else {
      for (const auto& column : all_features.columns()) data.feature_names.push_back(column.name);
    }
  } else {
    for (int j = 1; j <= 6; ++j) data.feature_names.push_back("f" + std::to_string(j));
  }
  data.ids = table.ids();
  data.features.resize(static_cast<Eigen::Index>(table.row_count()), static_cast<Eigen::Index>(data.feature_names.size()));
  for (std::size_t c = 0; c < data.feature_names.size(); ++c) {
    const auto& values = table.numbers(data.feature_names[c]);
    for (std::size_t r = 0; r < values.size(); ++r)
      data.features(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = values[r];
  }
  for (double value : table.numbers(label)) data.labels.push_back(static_cast<int>(value));
  return data;
}

// (repeat, fold) -> the fold's cases of tests/golden/trees/<name>_folds.csv, z-scored as R did.
inline std::map<std::pair<int, int>, FoldData> golden_folds(const LabelledTable& data, const std::string& name) {
  std::map<std::pair<int, int>, FoldData> result;
  for (const auto& [key, in_test] : read_folds((trees_golden_dir() / (name + "_folds.csv")).string(), data))
    result[key] = split_and_standardize(data, in_test);
  return result;
}

}  // namespace radstudy::testing
