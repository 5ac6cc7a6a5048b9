// Table readers (univariate, icc, model, select) name an infinite value instead of calling the column
// not numeric; NaN/NA stay missing values.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/data_table.hpp"
#include "core/errors.hpp"

using radstudy::InputError;
using radstudy::core::DataTable;

namespace {

std::string error_reading(const std::string& csv) {
  const auto table = DataTable::from_csv(csv, "features.csv", "id");
  try {
    table.numbers("f");
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST(DataTableInfinity, InfiniteValueIsNamedWithColumnAndCase) {
  for (const char* token : {"Inf", "-Inf", "inf", "infinity", "1e999"}) {
    const std::string message = error_reading(std::string("id,f\nA,1\nB,") + token + "\nC,2\n");
    EXPECT_NE(message.find("column 'f', case B: infinite value"), std::string::npos)
        << token << ": " << message;
    EXPECT_EQ(message.find("must be numeric"), std::string::npos) << message;
  }
}

TEST(DataTableInfinity, TextIsStillNotNumericAndNaNIsMissing) {
  EXPECT_NE(error_reading("id,f\nA,1\nB,high\n").find("must be numeric"), std::string::npos);
  const auto table = DataTable::from_csv("id,f\nA,1\nB,NaN\nC,2\n", "features.csv", "id");
  const auto& numbers = table.numbers("f");
  ASSERT_EQ(numbers.size(), 3u);
  EXPECT_TRUE(std::isnan(numbers[1]));
}
