#include "plot/ticks.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/errors.hpp"
#include "plot/palette.hpp"
#include "plot/scale.hpp"

using namespace radstudy;
using namespace radstudy::plot;

TEST(PlotTicks, NiceStepsAreOneTwoOrFiveTimesAPowerOfTen) {
  EXPECT_DOUBLE_EQ(nice_step(1, 5), 0.2);
  EXPECT_DOUBLE_EQ(nice_step(1, 10), 0.1);
  EXPECT_DOUBLE_EQ(nice_step(3000, 6), 500);
  EXPECT_DOUBLE_EQ(nice_step(0.07, 4), 0.02);
  EXPECT_DOUBLE_EQ(nice_step(77, 8), 10);
}

TEST(PlotTicks, LinearTicksCoverTheRangeWithRoundValues) {
  EXPECT_EQ(linear_ticks(0, 1, 5), (std::vector<double>{0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}));
  const auto ticks = linear_ticks(-0.13, 2.71, 5);
  EXPECT_EQ(ticks.front(), 0);
  EXPECT_DOUBLE_EQ(ticks.back(), 2.5);
  EXPECT_EQ(ticks.size(), 6u);
  EXPECT_EQ(linear_ticks(-1e-17, 1, 2).front(), 0);  // no "-0" from rounding
  EXPECT_EQ(linear_ticks(3, 3, 5), std::vector<double>{3});
}

TEST(PlotTicks, LogTicksArePowersOfTenOverDecadesElseOneTwoFive) {
  EXPECT_EQ(log_ticks(0.01, 1000, 8), (std::vector<double>{0.01, 0.1, 1, 10, 100, 1000}));
  EXPECT_EQ(log_ticks(1e-6, 1e6, 5).size(), 5u);  // every third power
  const auto narrow = log_ticks(0.3, 8, 8);
  EXPECT_EQ(narrow, (std::vector<double>{0.5, 1, 2, 5}));
  const auto within_decade = log_ticks(1.1, 1.9, 8);  // no 1-2-5 value inside: linear ticks
  EXPECT_GE(within_decade.size(), 2u);
  for (const double tick : within_decade) EXPECT_TRUE(tick >= 1.1 && tick <= 1.9) << tick;
}

TEST(PlotTicks, LabelsHaveTheDecimalsOfTheStepAndATrueMinus) {
  EXPECT_EQ(format_linear_tick(0.4, 0.2), "0.4");
  EXPECT_EQ(format_linear_tick(1, 0.25), "1.00");
  EXPECT_EQ(format_linear_tick(1500, 500), "1500");
  EXPECT_EQ(format_linear_tick(-0.5, 0.5), "\u22120.5");
  EXPECT_EQ(format_linear_tick(-1e-18, 0.1), "0.0");
  EXPECT_EQ(format_log_tick(100), "100");
  EXPECT_EQ(format_log_tick(0.01), "0.01");
  EXPECT_EQ(format_log_tick(1e-5), "10<sup>\u22125</sup>");
  EXPECT_EQ(format_log_tick(2e6), "2\u00d710<sup>6</sup>");
}

TEST(PlotScale, MapsLinearLogAndCategoricalValues) {
  const Scale linear(AxisKind::kLinear, -1, 3);
  EXPECT_DOUBLE_EQ(linear.fraction(1), 0.5);
  const Scale log(AxisKind::kLog, 0.1, 10);
  EXPECT_DOUBLE_EQ(log.fraction(1), 0.5);
  EXPECT_TRUE(std::isinf(log.fraction(0)));
  const Scale categories(AxisKind::kCategorical, -0.5, 3.5);
  EXPECT_DOUBLE_EQ(categories.fraction(0), 0.125);
  EXPECT_THROW(Scale(AxisKind::kLog, 0, 10), InputError);
  EXPECT_THROW(Scale(AxisKind::kLinear, 1, 1), InputError);
  EXPECT_THROW(Scale(AxisKind::kLinear, 0, NAN), InputError);
}

TEST(PlotPalette, OkabeItoViridisAndDivergingColours) {
  EXPECT_EQ(category_color(0).hex(), "#e69f00");
  EXPECT_EQ(category_color(8).hex(), "#e69f00");  // cycles
  EXPECT_EQ(map_color(ColorMap::kViridis, 0).hex(), "#440154");
  EXPECT_EQ(map_color(ColorMap::kViridis, 1).hex(), "#fde725");
  EXPECT_EQ(map_color(ColorMap::kViridis, 0.5).hex(), "#21908c");
  EXPECT_EQ(map_color(ColorMap::kCividis, 0).hex(), "#00204d");
  EXPECT_EQ(map_color(ColorMap::kBlueWhiteRed, 0.5).hex(), "#f7f7f7");
  EXPECT_LT(map_color(ColorMap::kBlueWhiteRed, 0).red, map_color(ColorMap::kBlueWhiteRed, 0).blue);
  EXPECT_GT(map_color(ColorMap::kBlueWhiteRed, 1).red, map_color(ColorMap::kBlueWhiteRed, 1).blue);
  EXPECT_EQ(map_color(ColorMap::kViridis, NAN), colors::kLightGrey);
  EXPECT_EQ(map_color(ColorMap::kViridis, 7).hex(), "#fde725");  // clamped
}
