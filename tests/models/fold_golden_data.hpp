#pragma once
// Reading the cross-validation goldens of tests/golden/{ctree,nnet,trees}: a raw table (id,label,features),
// its folds (id,repeat,fold in any column order), training-fold z-scoring as R's scale() and the AUC.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/csv.hpp"
#include "core/seeded_random.hpp"
#include "golden_values.hpp"
#include "models/r_moments.hpp"

namespace radstudy::testing {

inline std::string model_golden_path(const std::string& folder, const std::string& file) {
  return std::string(RADSTUDY_SOURCE_DIR) + "/tests/golden/" + folder + "/" + file;
}

struct LabelledTable {
  std::vector<std::string> ids;
  std::vector<std::string> feature_names;
  std::vector<int> labels;
  Eigen::MatrixXd features;  // raw, one row per case
};

// id,label,<features> (label 0/1) or label,<features> (ids are then the 1-based row numbers).
inline LabelledTable read_labelled_table(const std::string& path) {
  const core::CsvTable csv = core::read_csv(path);
  LabelledTable table;
  const int label_column = csv.column("label");
  const int id_column = csv.column("id");
  std::vector<std::size_t> feature_columns;
  for (std::size_t k = 0; k < csv.header.size(); ++k)
    if (static_cast<int>(k) != label_column && static_cast<int>(k) != id_column) {
      feature_columns.push_back(k);
      table.feature_names.push_back(csv.header[k]);
    }
  table.features.resize(static_cast<Eigen::Index>(csv.rows.size()),
                        static_cast<Eigen::Index>(feature_columns.size()));
  for (std::size_t i = 0; i < csv.rows.size(); ++i) {
    table.ids.push_back(id_column >= 0 ? csv.rows[i][static_cast<std::size_t>(id_column)]
                                       : std::to_string(i + 1));
    table.labels.push_back(std::stoi(csv.rows[i][static_cast<std::size_t>(label_column)]));
    for (std::size_t j = 0; j < feature_columns.size(); ++j)
      table.features(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) =
          golden_number(csv.rows[i][feature_columns[j]]);
  }
  return table;
}

// (repeat, fold) -> whether each case of the table is in the test fold.
inline std::map<std::pair<int, int>, std::vector<bool>> read_folds(const std::string& path,
                                                                   const LabelledTable& table) {
  const core::CsvTable csv = core::read_csv(path);
  const auto repeat_column = static_cast<std::size_t>(csv.column("repeat"));
  const auto fold_column = static_cast<std::size_t>(csv.column("fold"));
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < table.ids.size(); ++i) position[table.ids[i]] = i;
  std::map<int, std::vector<int>> fold_of_case;  // repeat -> fold per case
  for (const auto& row : csv.rows) {
    auto& folds = fold_of_case[std::stoi(row[repeat_column])];
    folds.resize(table.ids.size(), 0);
    folds[position.at(row[0])] = std::stoi(row[fold_column]);
  }
  std::map<std::pair<int, int>, std::vector<bool>> in_test;
  for (const auto& [repeat, folds] : fold_of_case)
    for (std::size_t i = 0; i < folds.size(); ++i) {
      auto& mask = in_test[{repeat, folds[i]}];
      mask.resize(folds.size(), false);
      mask[i] = true;
    }
  return in_test;
}

struct FoldData {
  Eigen::MatrixXd train, test;
  std::vector<int> train_labels, test_labels;
  std::vector<std::string> train_ids, test_ids;
};

// The fold's cases, z-scored with the training cases' mean and sd (n - 1) as R's mean() and sd() give them,
// bit for bit: a tree's cut lies halfway between two training values, and a test value on it goes one way
// or the other by the last bit of its z-score.
inline FoldData split_and_standardize(const LabelledTable& table, const std::vector<bool>& in_test) {
  FoldData fold;
  std::vector<Eigen::Index> train_rows, test_rows;
  for (std::size_t i = 0; i < in_test.size(); ++i) {
    (in_test[i] ? test_rows : train_rows).push_back(static_cast<Eigen::Index>(i));
    (in_test[i] ? fold.test_labels : fold.train_labels).push_back(table.labels[i]);
    (in_test[i] ? fold.test_ids : fold.train_ids).push_back(table.ids[i]);
  }
  fold.train = table.features(train_rows, Eigen::all);
  fold.test = table.features(test_rows, Eigen::all);
  const auto train_count = static_cast<std::size_t>(fold.train.rows());
  for (Eigen::Index j = 0; j < fold.train.cols(); ++j) {
    auto value = [&](std::size_t k) { return fold.train(static_cast<Eigen::Index>(k), j); };
    const double mean = models::r_mean(value, train_count);
    const double sd = models::r_standard_deviation(value, train_count);
    fold.train.col(j) = (fold.train.col(j).array() - mean) / sd;
    fold.test.col(j) = (fold.test.col(j).array() - mean) / sd;
  }
  return fold;
}

// P(score of a 1 > score of a 0) + P(tie) / 2.
inline double pairwise_auc(const std::vector<double>& score, const std::vector<int>& label) {
  double concordant = 0.0, pairs = 0.0;
  for (std::size_t i = 0; i < score.size(); ++i)
    for (std::size_t j = 0; j < score.size(); ++j)
      if (label[i] == 1 && label[j] == 0) {
        pairs += 1;
        concordant += score[i] > score[j] ? 1.0 : (score[i] == score[j] ? 0.5 : 0.0);
      }
  return concordant / pairs;
}

// n x p standard-normal features, seeded.
inline Eigen::MatrixXd noisy_features(core::SeededRandom& random, Eigen::Index rows, Eigen::Index cols) {
  Eigen::MatrixXd x(rows, cols);
  for (Eigen::Index i = 0; i < rows; ++i)
    for (Eigen::Index j = 0; j < cols; ++j) x(i, j) = random.normal();
  return x;
}

// Labels driven by the first two features plus noise.
inline std::vector<int> labels_from(const Eigen::MatrixXd& x, core::SeededRandom& random) {
  std::vector<int> y;
  for (Eigen::Index i = 0; i < x.rows(); ++i)
    y.push_back(x(i, 0) - x(i, 1) + 0.5 * random.normal() > 0 ? 1 : 0);
  return y;
}

}  // namespace radstudy::testing
