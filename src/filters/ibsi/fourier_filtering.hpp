#pragma once
#include <array>
#include <complex>
#include <functional>
#include <memory>
#include <vector>

#include "core/image.hpp"
#include "filters/boundary_condition.hpp"
#include "filters/filter_options.hpp"

namespace radstudy::filters::ibsi {

// A Fourier-domain filter's transfer function at DFT index k (per axis x, y, z, 0 <= k_a < size_a) of a
// grid of `size` points (size_z == 1 for a slice-by-slice filter).
using TransferFunction = std::function<std::complex<double>(const std::array<long, 3>& index)>;

// The spectrum of an image extended by a boundary condition: the whole image (3D) or each axial slice on its
// own (2D) is padded by `padding` voxels on each filtered axis with the boundary rule (not at all for
// periodic, the DFT's own boundary), up to a size FFTW transforms fast, and transformed once (FFTW r2c,
// plans made under core::fftw_planner_mutex with FFTW_ESTIMATE). response() then filters it by any
// number of transfer functions.
class PaddedSpectrum {
 public:
  PaddedSpectrum(const core::IntensityImage& image, BoundaryCondition boundary, long padding,
                 bool slice_by_slice);
  ~PaddedSpectrum();
  PaddedSpectrum(const PaddedSpectrum&) = delete;
  PaddedSpectrum& operator=(const PaddedSpectrum&) = delete;

  // Transformed grid sizes (x, y, z); z is 1 for slice-by-slice.
  const std::array<long, 3>& grid() const { return grid_; }

  // The real response on the image's grid: inverse DFT of spectrum x transfer, of which the real part is
  // kept (the transfer's Hermitian part (T(k) + conj T(-k)) / 2 is applied, so that transfer functions
  // that are not Hermitian, such as the IBSI Simoncelli grid on an even size, give the real part of the
  // complex response, as MIRP does).
  core::IntensityImage response(const TransferFunction& transfer) const;

 private:
  struct Plans;
  core::Geometry geometry_;
  core::Size3 image_size_{};
  std::array<long, 3> grid_{1, 1, 1};
  std::array<long, 3> offset_{0, 0, 0};  // padded position of the image's voxel 0
  long planes_ = 1;                      // transforms: 1 (3D) or the slice count (2D)
  std::size_t complex_per_plane_ = 0;
  std::unique_ptr<Plans> plans_;
  std::vector<std::complex<double>> spectrum_;
};

// The IBSI 2 (MIRP) normalised frequency coordinate of DFT index k on an axis of n points: the centred grid
// (i - (n - 1) / 2) / ((n - 1) / 2), i = 0 .. n - 1, moved to DFT order (ifftshift): in [-1, 1], with
// Nyquist at +-1 and, on an even axis, half a sample off zero at DC. 0 for n == 1.
double consensus_frequency(long index, long size);
// The DFT frequency of index k on an axis of n points, in cycles per voxel: k / n for k <= n / 2 (k < n / 2
// on an even axis: Nyquist counts as negative, numpy's fftfreq), else (k - n) / n.
double dft_frequency(long index, long size);

// IBSI 2 Simoncelli wavelet band of decomposition level j (>= 1), radial in the consensus coordinates:
// cos(pi / 2 log2(2 r / m)) for m / 4 <= r <= m, m = 2^(1 - j), else 0.
double simoncelli_band(double radius, int level);

// Voxels beyond the region that the Simoncelli band of `level` needs (16 x 2^(level - 1); see the .cpp).
int simoncelli_margin(int level);
// The band of `level` at DFT index k of `grid`: simoncelli_band of the radius in consensus coordinates.
double simoncelli_transfer(const std::array<long, 3>& index, const std::array<long, 3>& grid, int level);
// Reads `level:` (default 1, an integer from 1 to 6).
int read_simoncelli_level(const FilterOptions& options);

// The Riesz transform of order (l_1 .. l_d), L = sum l_a, at frequency w (d = 2 or 3 components):
// (-i)^L sqrt(L! / prod l_a!) prod w_a^l_a / |w|^L, 0 at w = 0.
std::complex<double> riesz_transfer(const std::array<int, 3>& order, const std::array<double, 3>& frequency,
                                    int dimensions);

// Every order (l_1 .. l_d) with sum L, in lexicographic order from (L, 0, 0).
std::vector<std::array<int, 3>> riesz_orders_of_total(int total, int dimensions);

}  // namespace radstudy::filters::ibsi
