#include "filters/wavelet_bank.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace radstudy::filters {
namespace {

double sum(const std::vector<double>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0);
}

// sum_n a[n] * b[n + shift] over the overlap.
double shifted_product(const std::vector<double>& a, const std::vector<double>& b, long shift) {
  double total = 0;
  for (long n = 0; n < static_cast<long>(a.size()); ++n)
    if (n + shift >= 0 && n + shift < static_cast<long>(b.size()))
      total += a[static_cast<std::size_t>(n)] * b[static_cast<std::size_t>(n + shift)];
  return total;
}

TEST(WaveletBank, HoldsPyWaveletsDiscreteWavelets) {
  const auto& names = wavelet_names();
  EXPECT_EQ(names.size(), 106u);  // haar, db1-38, sym2-20, coif1-17, 15 bior, 15 rbio, dmey
  for (const char* name : {"haar", "db1", "db20", "db38", "sym2", "sym20", "coif1", "coif17", "bior1.1",
                           "bior6.8", "rbio3.9", "dmey"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  EXPECT_THROW(wavelet_filter_bank("db39"), std::invalid_argument);
  EXPECT_THROW(wavelet_filter_bank("sym1"), std::invalid_argument);
  EXPECT_THROW(wavelet_filter_bank("bior2.3"), std::invalid_argument);
  EXPECT_EQ(wavelet_filter_bank("coif17").dec_lo.size(), 102u);
  EXPECT_EQ(wavelet_filter_bank("bior6.8").dec_lo.size(), 18u);
  EXPECT_EQ(wavelet_filter_bank("bior1.1").dec_lo.size(), 2u);
}

// PyWavelets' published values (pywt/tests/test_wavelet.py, db3 to 14 digits) and haar.
TEST(WaveletBank, MatchesPyWaveletsPublishedFilters) {
  const auto& db3 = wavelet_filter_bank("db3");
  const std::vector<double> dec_lo = {0.03522629188210, -0.08544127388224, -0.13501102001039,
                                      0.45987750211933, 0.80689150931334,  0.33267055295096};
  const std::vector<double> dec_hi = {-0.33267055295096, 0.80689150931334, -0.45987750211933,
                                      -0.13501102001039, 0.08544127388224, 0.03522629188210};
  const std::vector<double> rec_hi = {0.03522629188210,  0.08544127388224, -0.13501102001039,
                                      -0.45987750211933, 0.80689150931334, -0.33267055295096};
  ASSERT_EQ(db3.dec_lo.size(), 6u);
  for (std::size_t k = 0; k < 6; ++k) {
    EXPECT_NEAR(db3.dec_lo[k], dec_lo[k], 1e-11) << k;
    EXPECT_NEAR(db3.dec_hi[k], dec_hi[k], 1e-11) << k;
    EXPECT_NEAR(db3.rec_lo[k], dec_lo[5 - k], 1e-11) << k;
    EXPECT_NEAR(db3.rec_hi[k], rec_hi[k], 1e-11) << k;
  }
  const auto& haar = wavelet_filter_bank("haar");
  EXPECT_EQ(haar.dec_lo, (std::vector<double>{0.7071067811865476, 0.7071067811865476}));
  EXPECT_EQ(haar.dec_hi, (std::vector<double>{-0.7071067811865476, 0.7071067811865476}));
  EXPECT_EQ(haar.dec_lo, wavelet_filter_bank("db1").dec_lo);
  // coif1: PyWavelets' table (sum 1) times sqrt(2), reversed.
  const auto& coif1 = wavelet_filter_bank("coif1");
  EXPECT_DOUBLE_EQ(coif1.dec_lo[5],
                   -5.142972847076845595317549230122688830344559947132656813651045e-02 * 1.4142135623730951);
  EXPECT_NEAR(coif1.dec_lo[3], 0.8525720202116004, 1e-15);
  // bior2.2's decomposition low-pass filter begins with PyWavelets' zero padding; rbio swaps and reverses.
  const auto& bior = wavelet_filter_bank("bior2.2");
  const auto& rbio = wavelet_filter_bank("rbio2.2");
  EXPECT_EQ(bior.dec_lo.front(), 0.0);
  EXPECT_NEAR(bior.dec_lo[3], 1.0606601717798212, 1e-15);
  EXPECT_EQ(rbio.dec_lo, std::vector<double>(bior.rec_lo.rbegin(), bior.rec_lo.rend()));
  EXPECT_EQ(rbio.rec_hi, std::vector<double>(bior.dec_hi.rbegin(), bior.dec_hi.rend()));
}

// The checks of PyWavelets' own test suite: low-pass sums to sqrt(2) (its even and odd taps to 1/sqrt(2)
// each), high-pass sums to 0, biorthogonality of analysis and synthesis filters at even shifts, and, for
// the orthogonal wavelets, orthonormality at even shifts. dmey is an FIR approximation (orthogonal to 2e-3).
TEST(WaveletBank, FiltersAreBiorthogonalAndOrthogonalWavelets) {
  for (const auto& name : wavelet_names()) {
    const auto& bank = wavelet_filter_bank(name);
    const bool approximate = name == "dmey";
    const double tolerance = approximate ? 3e-3 : 2e-11;
    const long length = static_cast<long>(bank.dec_lo.size());
    ASSERT_EQ(bank.dec_hi.size(), bank.dec_lo.size()) << name;
    EXPECT_NEAR(sum(bank.dec_lo), std::sqrt(2.0), 1e-12) << name;
    EXPECT_NEAR(sum(bank.dec_hi), 0.0, tolerance) << name;
    double even = 0, odd = 0;
    for (std::size_t k = 0; k < bank.dec_lo.size(); ++k) (k % 2 ? odd : even) += bank.dec_lo[k];
    EXPECT_NEAR(even, 1 / std::sqrt(2.0), tolerance) << name;
    EXPECT_NEAR(odd, 1 / std::sqrt(2.0), tolerance) << name;
    const std::vector<double> analysis(bank.dec_lo.rbegin(), bank.dec_lo.rend());
    for (long shift = -length; shift <= length; shift += 2) {
      EXPECT_NEAR(shifted_product(bank.rec_lo, analysis, shift), shift == 0 ? 1.0 : 0.0, tolerance)
          << name << " shift " << shift;
      if (bank.orthogonal) {
        EXPECT_NEAR(shifted_product(bank.dec_lo, bank.dec_lo, shift), shift == 0 ? 1.0 : 0.0, tolerance)
            << name << " shift " << shift;
        EXPECT_NEAR(shifted_product(bank.dec_lo, bank.dec_hi, shift), 0.0, tolerance) << name;
      }
    }
    EXPECT_EQ(bank.orthogonal, name.rfind("bior", 0) != 0 && name.rfind("rbio", 0) != 0) << name;
  }
}

// filter_along_axis against the formula, each axis and boundary, with a dilated filter.
TEST(WaveletBank, FilterAlongAxisFollowsTheFormula) {
  Volume input;
  input.size = {5, 4, 3};
  input.values.resize(input.count());
  for (std::size_t k = 0; k < input.count(); ++k)
    input.values[k] = std::sin(1.7 * static_cast<double>(k)) + 0.1 * k;
  const AxisFilter filter{{0.5, -1.25, 2.0, 0.75}, 3, 2};
  for (auto boundary : {BoundaryCondition::Zero, BoundaryCondition::Nearest, BoundaryCondition::Periodic,
                        BoundaryCondition::Mirror})
    for (int axis = 0; axis < 3; ++axis) {
      Volume output;
      filter_along_axis(input, axis, {&filter}, {&output}, boundary);
      for (std::size_t z = 0; z < 3; ++z)
        for (std::size_t y = 0; y < 4; ++y)
          for (std::size_t x = 0; x < 5; ++x) {
            long position[3] = {static_cast<long>(x), static_cast<long>(y), static_cast<long>(z)};
            const long i = position[axis];
            double expected = 0;
            for (long j = 0; j < 4; ++j) {
              position[axis] = boundary_index(i + 3 - 2 * j, static_cast<long>(input.size[axis]), boundary);
              if (position[axis] >= 0)
                expected += filter.taps[j] * input.values[position[0] + 5 * (position[1] + 4 * position[2])];
            }
            EXPECT_NEAR(output.values[x + 5 * (y + 4 * z)], expected, 1e-12) << axis;
          }
    }
}

}  // namespace
}  // namespace radstudy::filters
