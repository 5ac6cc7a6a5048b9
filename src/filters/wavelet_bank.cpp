#include "filters/wavelet_bank.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <stdexcept>

namespace radstudy::filters {
namespace {

#include "filters/wavelet_coefficients.inc"

// PyWavelets' sqrt2_double, by which it multiplies the coiflet tables.
constexpr double kSqrt2 = 1.4142135623730951454746218587388284504413604736328125;

double alternating_sign(std::size_t index) {
  return index % 2 ? -1.0 : 1.0;
}

// db, sym, coif and dmey: rec_lo is the table, dec_lo its reversal, the high-pass filters the quadrature
// mirrors (wavelets.c).
WaveletFilterBank orthogonal_bank(const std::string& name, std::span<const double> table,
                                  double scale = 1.0) {
  WaveletFilterBank bank{name, {}, {}, {}, {}, true};
  const std::size_t length = table.size();
  for (std::size_t i = 0; i < length; ++i) {
    const std::size_t mirrored = length - 1 - i;
    bank.rec_lo.push_back(table[i] * scale);
    bank.dec_lo.push_back(table[mirrored] * scale);
    bank.rec_hi.push_back(alternating_sign(i) * table[mirrored] * scale);
    bank.dec_hi.push_back(alternating_sign(mirrored) * table[i] * scale);
  }
  return bank;
}

// bior N.M: the decomposition filters come from bior<N>_<M>, the reconstruction ones from the zero-padded
// bior<N>_0, of which the central dec_len entries are used (wavelets.c).
WaveletFilterBank biorthogonal_bank(int n, int m, std::span<const double> padded_scaling,
                                    std::span<const double> dual) {
  static const std::map<int, int> largest_m = {{1, 5}, {2, 8}, {3, 9}, {4, 4}, {5, 5}, {6, 8}};
  const std::size_t length = n == 1 ? 2 * m : 2 * m + 2;
  const std::size_t offset = static_cast<std::size_t>(largest_m.at(n) - m);
  WaveletFilterBank bank{"bior" + std::to_string(n) + "." + std::to_string(m), {}, {}, {}, {}, false};
  for (std::size_t i = 0; i < length; ++i) {
    const std::size_t mirrored = length - 1 - i;
    bank.rec_lo.push_back(padded_scaling[i + offset]);
    bank.dec_lo.push_back(dual[mirrored]);
    bank.rec_hi.push_back(alternating_sign(i) * dual[mirrored]);
    bank.dec_hi.push_back(alternating_sign(mirrored) * padded_scaling[i + offset]);
  }
  return bank;
}

// rbio N.M is bior N.M with decomposition and reconstruction swapped and every filter reversed.
WaveletFilterBank reverse_biorthogonal_bank(const WaveletFilterBank& bior) {
  WaveletFilterBank bank{
      "rbio" + bior.name.substr(4), bior.rec_lo, bior.rec_hi, bior.dec_lo, bior.dec_hi, false};
  for (auto* filter : {&bank.dec_lo, &bank.dec_hi, &bank.rec_lo, &bank.rec_hi})
    std::reverse(filter->begin(), filter->end());
  return bank;
}

std::vector<WaveletFilterBank> build_banks() {
  const std::span<const double> db[] = {
      k_db1,  k_db2,  k_db3,  k_db4,  k_db5,  k_db6,  k_db7,  k_db8,  k_db9,  k_db10, k_db11, k_db12, k_db13,
      k_db14, k_db15, k_db16, k_db17, k_db18, k_db19, k_db20, k_db21, k_db22, k_db23, k_db24, k_db25, k_db26,
      k_db27, k_db28, k_db29, k_db30, k_db31, k_db32, k_db33, k_db34, k_db35, k_db36, k_db37, k_db38};
  const std::span<const double> sym[] = {k_sym2,  k_sym3,  k_sym4,  k_sym5,  k_sym6,  k_sym7,  k_sym8,
                                         k_sym9,  k_sym10, k_sym11, k_sym12, k_sym13, k_sym14, k_sym15,
                                         k_sym16, k_sym17, k_sym18, k_sym19, k_sym20};
  const std::span<const double> coif[] = {k_coif1,  k_coif2,  k_coif3,  k_coif4,  k_coif5,  k_coif6,
                                          k_coif7,  k_coif8,  k_coif9,  k_coif10, k_coif11, k_coif12,
                                          k_coif13, k_coif14, k_coif15, k_coif16, k_coif17};
  struct BiorthogonalTable {
    int n, m;
    std::span<const double> padded_scaling, dual;
  };
  const BiorthogonalTable bior[] = {
      {1, 1, k_bior1_0, k_bior1_1}, {1, 3, k_bior1_0, k_bior1_3}, {1, 5, k_bior1_0, k_bior1_5},
      {2, 2, k_bior2_0, k_bior2_2}, {2, 4, k_bior2_0, k_bior2_4}, {2, 6, k_bior2_0, k_bior2_6},
      {2, 8, k_bior2_0, k_bior2_8}, {3, 1, k_bior3_0, k_bior3_1}, {3, 3, k_bior3_0, k_bior3_3},
      {3, 5, k_bior3_0, k_bior3_5}, {3, 7, k_bior3_0, k_bior3_7}, {3, 9, k_bior3_0, k_bior3_9},
      {4, 4, k_bior4_0, k_bior4_4}, {5, 5, k_bior5_0, k_bior5_5}, {6, 8, k_bior6_0, k_bior6_8}};

  std::vector<WaveletFilterBank> banks;
  banks.push_back(orthogonal_bank("haar", k_db1));
  for (std::size_t k = 0; k < std::size(db); ++k)
    banks.push_back(orthogonal_bank("db" + std::to_string(k + 1), db[k]));
  for (std::size_t k = 0; k < std::size(sym); ++k)
    banks.push_back(orthogonal_bank("sym" + std::to_string(k + 2), sym[k]));
  for (std::size_t k = 0; k < std::size(coif); ++k)
    banks.push_back(orthogonal_bank("coif" + std::to_string(k + 1), coif[k], kSqrt2));
  std::vector<WaveletFilterBank> biorthogonal;
  for (const auto& table : bior)
    biorthogonal.push_back(biorthogonal_bank(table.n, table.m, table.padded_scaling, table.dual));
  for (const auto& bank : biorthogonal) banks.push_back(bank);
  for (const auto& bank : biorthogonal) banks.push_back(reverse_biorthogonal_bank(bank));
  banks.push_back(orthogonal_bank("dmey", k_dmey));
  return banks;
}

const std::vector<WaveletFilterBank>& all_banks() {
  static const std::vector<WaveletFilterBank> banks = build_banks();
  return banks;
}

}  // namespace

const std::vector<std::string>& wavelet_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& bank : all_banks()) list.push_back(bank.name);
    return list;
  }();
  return names;
}

const WaveletFilterBank& wavelet_filter_bank(const std::string& name) {
  for (const auto& bank : all_banks())
    if (bank.name == name) return bank;
  throw std::invalid_argument("unknown wavelet '" + name + "'");
}

namespace {

// The source index of every position an axis of `length` voxels reads (-1: a zero), for positions
// first .. first + count - 1.
std::vector<long> source_indices(long first, long count, long length, BoundaryCondition boundary) {
  std::vector<long> indices(static_cast<std::size_t>(count));
  for (long k = 0; k < count; ++k)
    indices[static_cast<std::size_t>(k)] = boundary_index(first + k, length, boundary);
  return indices;
}

}  // namespace

void filter_along_axis(const Volume& input, int axis, const std::vector<const AxisFilter*>& filters,
                       const std::vector<Volume*>& outputs, BoundaryCondition boundary) {
  const std::size_t nx = input.size[0], ny = input.size[1], nz = input.size[2];
  const long length = static_cast<long>(input.size[static_cast<std::size_t>(axis)]);
  for (Volume* output : outputs) {
    output->size = input.size;
    output->values.resize(input.count());
  }
  if (input.count() == 0) return;
  // The positions the filters read, relative to the output index: from lowest to highest offset.
  long lowest = 0, highest = 0;
  for (const AxisFilter* filter : filters) {
    const long taps = static_cast<long>(filter->taps.size());
    lowest = std::min(lowest, filter->shift - filter->dilation * (taps - 1));
    highest = std::max(highest, filter->shift);
  }
  const std::vector<long> sources = source_indices(lowest, length + highest - lowest, length, boundary);

  if (axis == 0) {  // contiguous rows: extend each row once, then dot products
    std::vector<double> extended(sources.size());
    for (std::size_t row = 0; row < ny * nz; ++row) {
      const double* in = input.values.data() + row * nx;
      for (std::size_t k = 0; k < sources.size(); ++k) extended[k] = sources[k] < 0 ? 0.0 : in[sources[k]];
      for (std::size_t f = 0; f < filters.size(); ++f) {
        const AxisFilter& filter = *filters[f];
        double* out = outputs[f]->values.data() + row * nx;
        for (std::size_t i = 0; i < nx; ++i) {
          const double* base = extended.data() + (static_cast<long>(i) + filter.shift - lowest);
          double sum = 0.0;
          for (std::size_t j = 0; j < filter.taps.size(); ++j)
            sum += filter.taps[j] * base[-filter.dilation * static_cast<long>(j)];
          out[i] = sum;
        }
      }
    }
    return;
  }
  // y or z: whole rows (y) or planes (z) at a time, contiguous runs of `run` values.
  const std::size_t run = axis == 1 ? nx : nx * ny;
  const std::size_t blocks = axis == 1 ? nz : 1;
  const std::size_t block_size = run * static_cast<std::size_t>(length);
  for (std::size_t block = 0; block < blocks; ++block) {
    const double* in_block = input.values.data() + block * block_size;
    for (std::size_t f = 0; f < filters.size(); ++f) {
      const AxisFilter& filter = *filters[f];
      double* out_block = outputs[f]->values.data() + block * block_size;
      for (long i = 0; i < length; ++i) {
        double* out = out_block + static_cast<std::size_t>(i) * run;
        std::fill(out, out + run, 0.0);
        for (std::size_t j = 0; j < filter.taps.size(); ++j) {
          const long source = sources[static_cast<std::size_t>(
              i + filter.shift - filter.dilation * static_cast<long>(j) - lowest)];
          const double weight = filter.taps[j];
          if (source < 0 || weight == 0.0) continue;
          const double* in = in_block + static_cast<std::size_t>(source) * run;
          for (std::size_t c = 0; c < run; ++c) out[c] += weight * in[c];
        }
      }
    }
  }
}

}  // namespace radstudy::filters
