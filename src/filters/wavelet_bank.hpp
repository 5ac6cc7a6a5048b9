#pragma once
#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "filters/boundary_condition.hpp"

namespace radstudy::filters {

// The four filters of a discrete wavelet, exactly as PyWavelets builds them (pywt.Wavelet(name).dec_lo,
// ...): the coefficient tables of PyWavelets' wavelets_coeffs.template.h, turned into filters the way its
// wavelets.c does (reversal, alternating signs, sqrt(2) for coiflets, zero-padded bior/rbio filters).
struct WaveletFilterBank {
  std::string name;
  std::vector<double> dec_lo, dec_hi, rec_lo, rec_hi;
  bool orthogonal = false;  // as PyWavelets says (dmey, an FIR approximation, counts as orthogonal)
};

// PyWavelets' discrete wavelets (pywt.wavelist(kind='discrete')): haar, db1-db38, sym2-sym20,
// coif1-coif17, bior1.1 ... bior6.8, rbio1.1 ... rbio6.8, dmey.
const std::vector<std::string>& wavelet_names();
// Throws std::invalid_argument for a name wavelet_names() does not hold.
const WaveletFilterBank& wavelet_filter_bank(const std::string& name);

// A volume of doubles, x fastest (the layout of core::Image).
struct Volume {
  std::array<std::size_t, 3> size{0, 0, 0};
  std::vector<double> values;
  std::size_t count() const { return size[0] * size[1] * size[2]; }
};

// One 1D filter along an axis: output[i] = sum_j taps[j] * input[i + shift - dilation * j], positions
// outside the axis read through the boundary condition. PyWavelets' periodised SWT is shift = taps/2,
// dilation 1 (2^(level-1) for its à trous levels); scipy.ndimage.convolve1d with an odd kernel is
// shift = dilation * (taps - 1) / 2.
struct AxisFilter {
  std::vector<double> taps;
  long shift = 0;
  long dilation = 1;
};

// Filters `input` along `axis` (0 = x, 1 = y, 2 = z) with each of `filters` (outputs resized to match;
// one pass over the input for all of them). Sums in double.
void filter_along_axis(const Volume& input, int axis, const std::vector<const AxisFilter*>& filters,
                       const std::vector<Volume*>& outputs, BoundaryCondition boundary);

}  // namespace radstudy::filters
