#include "study/feature_table.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "core/errors.hpp"
#include "study/model_evaluation.hpp"

namespace radstudy::study {
namespace {

core::DataTable csv(const std::string& text, const std::string& source = "f3.csv") {
  return core::DataTable::from_csv(text, source, "id");
}

std::vector<std::string> names(const core::DataTable& table) {
  std::vector<std::string> result;
  for (const auto& column : table.columns()) result.push_back(column.name);
  return result;
}

std::string thrown_message(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  return "(no InputError)";
}

TEST(FeatureTable, TableWithoutFailedCasesKeepsEveryRowAndDropsErrorAndDiagnostics) {
  const auto raw =
      csv("id,diagnostics_Versions_radstudy,diagnostics_Mask-original_VoxelNum,a,b,error\n"
          "A,0.1.0,10,1,x,\nB,0.1.0,12,2,y,\nC,0.1.0,14,3.5,z,\n");
  for (bool drop : {false, true}) {
    const auto read = feature_table_from(raw, drop);
    EXPECT_EQ(names(read.table), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(read.table.ids(), (std::vector<std::string>{"A", "B", "C"}));
    EXPECT_EQ(read.table.numbers("a"), (std::vector<double>{1, 2, 3.5}));
    EXPECT_FALSE(read.table.column("b").numeric);
    EXPECT_TRUE(read.failed_ids.empty());
    EXPECT_TRUE(read.notes.empty());
    EXPECT_EQ(read.table.source(), "f3.csv");
  }
  // No error column at all (a table not written by radstudy extract): read as it is.
  const auto plain = feature_table_from(csv("id,a\nA,1\nB,2\n"), false);
  EXPECT_EQ(names(plain.table), (std::vector<std::string>{"a"}));
  EXPECT_EQ(plain.table.row_count(), 2u);
}

const char* const kOneFailed =
    "id,a,b,error\n"
    "A,1,4,\n"
    "B,2,5,\n"
    "C,,,nofile.nii.gz: no such file\n"
    "D,3,6,\n";

TEST(FeatureTable, FailedCasesAreAnErrorNamingThemTheirErrorsAndDropFailed) {
  const auto message = thrown_message([] { feature_table_from(csv(kOneFailed), false); });
  EXPECT_EQ(message,
            "f3.csv: 1 of 4 cases failed extraction (C: nofile.nii.gz: no such file); fix their inputs and "
            "extract them again, or add --drop-failed to leave them out");
  // Many failures: three listed with their errors, then a count; one line even for a multi-line error.
  std::string text = "id,a,error\nA,1,\nB,2,\n";
  for (int k = 1; k <= 5; ++k) text += fmt::format("F{},,\"bad {}\nsecond line\"\n", k, k);
  const auto many = thrown_message([&] { feature_table_from(csv(text), false); });
  EXPECT_NE(many.find("f3.csv: 5 of 7 cases failed extraction (F1: bad 1 second line; F2: bad 2 second line; "
                      "F3: bad 3 second line; and 2 more)"),
            std::string::npos)
      << many;
  EXPECT_EQ(many.find('\n'), std::string::npos);
  EXPECT_NE(many.find("--drop-failed"), std::string::npos);
}

TEST(FeatureTable, DropFailedLeavesTheRowsOutWithANote) {
  const auto read = feature_table_from(csv(kOneFailed), true);
  EXPECT_EQ(read.table.ids(), (std::vector<std::string>{"A", "B", "D"}));
  EXPECT_EQ(names(read.table), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(read.table.numbers("b"), (std::vector<double>{4, 5, 6}));
  EXPECT_EQ(read.failed_ids, (std::vector<std::string>{"C"}));
  EXPECT_EQ(read.notes, (std::vector<std::string>{"left out 1 failed case(s) of f3.csv: C"}));
  // The same table as one written without the failed row, column by column.
  const auto expected = feature_table_from(csv("id,a,b,error\nA,1,4,\nB,2,5,\nD,3,6,\n"), false).table;
  ASSERT_EQ(read.table.columns().size(), expected.columns().size());
  for (std::size_t c = 0; c < expected.columns().size(); ++c) {
    EXPECT_EQ(read.table.columns()[c].numeric, expected.columns()[c].numeric);
    EXPECT_EQ(read.table.columns()[c].labels, expected.columns()[c].labels);
  }
}

TEST(FeatureTable, AColumnIsNumericOverTheCasesLeft) {
  // A failed row holding text where the others hold numbers: once it is left out the column is numeric.
  const auto read = feature_table_from(csv("id,a,error\nA,1,\nB,oops,failed\nC,2,\n"), true);
  EXPECT_TRUE(read.table.column("a").numeric);
  EXPECT_EQ(read.table.numbers("a"), (std::vector<double>{1, 2}));
}

TEST(FeatureTable, EveryCaseFailedIsAnErrorEvenWithDropFailed) {
  const auto message =
      thrown_message([] { feature_table_from(csv("id,a,error\nA,,no mask\nB,,empty region\n"), true); });
  EXPECT_NE(message.find("f3.csv: every case (2) failed extraction (A: no mask; B: empty region)"),
            std::string::npos)
      << message;
}

TEST(FeatureTable, WithoutCasesRemovesOnlyTheListedIds) {
  const auto clinical = csv("id,y,group\nA,0,x\nB,1,y\nC,oops,z\nD,1,w\n", "clinical.csv");
  const auto kept = without_cases(clinical, {"C", "Z"});
  EXPECT_EQ(kept.ids(), (std::vector<std::string>{"A", "B", "D"}));
  EXPECT_TRUE(kept.column("y").numeric);
  EXPECT_EQ(kept.source(), "clinical.csv");
  EXPECT_EQ(without_cases(clinical, {}).row_count(), 4u);
}

class FeatureTableFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("radstudy_feature_table_" + std::to_string(::getpid()));
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }
  std::string write(const std::string& name, const std::string& text) {
    const auto path = directory_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  std::filesystem::path directory_;
};

TEST_F(FeatureTableFiles, SeveralTablesLeaveOutACaseFailedInAnyOfThem) {
  const auto a = write("a.csv", "id,f,error\nA,1,\nB,2,\nC,3,\nD,4,\n");
  const auto b = write("b.csv", "id,f,error\nD,4,\nC,,bad shift\nB,2,\nA,1,\n");
  const auto message = thrown_message([&] { read_feature_tables({a, b}, "id", false); });
  EXPECT_NE(message.find("b.csv: 1 of 4 cases failed extraction (C: bad shift)"), std::string::npos)
      << message;
  const auto read = read_feature_tables({a, b}, "id", true);
  ASSERT_EQ(read.tables.size(), 2u);
  EXPECT_EQ(read.tables[0].ids(), (std::vector<std::string>{"A", "B", "D"}));
  EXPECT_EQ(read.tables[1].ids(), (std::vector<std::string>{"D", "B", "A"}));
  EXPECT_EQ(read.failed_ids, (std::vector<std::string>{"C"}));
  ASSERT_EQ(read.notes.size(), 1u);
  EXPECT_NE(read.notes[0].find("left out 1 failed case(s) of " + b + ": C (left out of every table)"),
            std::string::npos);
  // Every case failed in one table or another: nothing left.
  const auto c = write("c.csv", "id,f,error\nA,,x\nB,,y\nC,3,\nD,4,\n");
  const auto d = write("d.csv", "id,f,error\nA,1,\nB,2,\nC,,z\nD,,w\n");
  EXPECT_NE(thrown_message([&] {
              read_feature_tables({c, d}, "id", true);
            }).find("no case is left"),
            std::string::npos);
}

TEST_F(FeatureTableFiles, ModelingDataLeavesFailedCasesOutOfBothTables) {
  const auto features = write("f.csv", "id,a,b,error\nA,1,4,\nB,2,3,\nC,,,no such file\nD,3,9,\nE,5,1,\n");
  const auto clinical = write("c.csv", "id,y\nA,0\nB,1\nC,1\nD,0\nE,1\n");
  const auto message = thrown_message([&] { read_modeling_data(features, clinical, "id", "y"); });
  EXPECT_NE(message.find("1 of 5 cases failed extraction (C: no such file)"), std::string::npos) << message;
  const auto data = read_modeling_data(features, clinical, "id", "y", true);
  EXPECT_EQ(data.ids, (std::vector<std::string>{"A", "B", "D", "E"}));
  EXPECT_EQ(data.labels, (std::vector<int>{0, 1, 0, 1}));
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"a", "b"}));
  ASSERT_FALSE(data.notes.empty());
  EXPECT_EQ(data.notes[0], "left out 1 failed case(s) of " + features + ": C");
  // Any other mismatch of ids is still an error.
  const auto fewer = write("fewer.csv", "id,y\nA,0\nB,1\nC,1\nD,0\n");
  EXPECT_NE(thrown_message([&] {
              read_modeling_data(features, fewer, "id", "y", true);
            }).find("do not hold the same cases"),
            std::string::npos);
}

}  // namespace
}  // namespace radstudy::study
