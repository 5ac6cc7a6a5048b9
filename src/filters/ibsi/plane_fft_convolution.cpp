#include "filters/ibsi/plane_fft_convolution.hpp"

#include <fftw3.h>

#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>

#include "core/fftw_support.hpp"

namespace radstudy::filters::ibsi {
namespace {

using ComplexBuffer = core::FftwBuffer<fftw_complex>;

ComplexBuffer complex_buffer(std::size_t count) {
  return core::fftw_buffer<fftw_complex>(count);
}

// A forward plan (padded -> spectrum) and an in-place backward plan (work) of one 2D size.
class PlanePlans {
 public:
  PlanePlans(long rows, long columns)
      : count_(static_cast<std::size_t>(rows * columns)),
        padded_(complex_buffer(count_)),
        spectrum_(complex_buffer(count_)),
        work_(complex_buffer(count_)) {
    std::lock_guard lock(core::fftw_planner_mutex());
    forward_ = fftw_plan_dft_2d(static_cast<int>(rows), static_cast<int>(columns), padded_.get(),
                                spectrum_.get(), FFTW_FORWARD, FFTW_ESTIMATE);
    backward_ = fftw_plan_dft_2d(static_cast<int>(rows), static_cast<int>(columns), work_.get(), work_.get(),
                                 FFTW_BACKWARD, FFTW_ESTIMATE);
    if (!forward_ || !backward_) throw std::runtime_error("FFTW could not plan a 2D transform");
  }
  ~PlanePlans() {
    std::lock_guard lock(core::fftw_planner_mutex());
    if (forward_) fftw_destroy_plan(forward_);
    if (backward_) fftw_destroy_plan(backward_);
  }
  PlanePlans(const PlanePlans&) = delete;
  PlanePlans& operator=(const PlanePlans&) = delete;

  fftw_complex* padded() { return padded_.get(); }
  const fftw_complex* spectrum() const { return spectrum_.get(); }
  fftw_complex* work() { return work_.get(); }
  std::size_t count() const { return count_; }
  void forward() { fftw_execute(forward_); }
  void backward() { fftw_execute(backward_); }

 private:
  std::size_t count_;
  ComplexBuffer padded_, spectrum_, work_;
  fftw_plan forward_ = nullptr, backward_ = nullptr;
};

}  // namespace

void convolve_planes(const Volume& input, int row_axis, int column_axis,
                     const std::vector<PlaneKernel>& kernels, BoundaryCondition condition,
                     const PlaneResponseSink& sink) {
  if (kernels.empty()) return;
  if (row_axis == column_axis || row_axis < 0 || row_axis > 2 || column_axis < 0 || column_axis > 2)
    throw std::invalid_argument("convolve_planes: two different axes are needed");
  const int stack_axis = 3 - row_axis - column_axis;
  const long row_half = kernels.front().row_half, column_half = kernels.front().column_half;
  const long kernel_rows = 2 * row_half + 1, kernel_columns = 2 * column_half + 1;
  for (const auto& kernel : kernels)
    if (kernel.row_half != row_half || kernel.column_half != column_half ||
        kernel.taps.size() != static_cast<std::size_t>(kernel_rows * kernel_columns))
      throw std::invalid_argument("convolve_planes: kernels of different sizes");

  const long rows = static_cast<long>(input.size[row_axis]),
             columns = static_cast<long>(input.size[column_axis]);
  const std::size_t slices = input.size[stack_axis];
  if (rows == 0 || columns == 0 || slices == 0) return;
  const long extended_rows = rows + 2 * row_half, extended_columns = columns + 2 * column_half;
  const long padded_rows = core::fftw_fast_size(extended_rows),
             padded_columns = core::fftw_fast_size(extended_columns);
  PlanePlans plans(padded_rows, padded_columns);
  const std::size_t count = plans.count();

  // The kernels' transforms, the kernel's tap (0, 0) at index (row_half, column_half) so that the
  // response to slice voxel (r, c) sits at (r + 2 row_half, c + 2 column_half).
  std::vector<std::vector<std::complex<double>>> kernel_spectra;
  kernel_spectra.reserve(kernels.size());
  for (const auto& kernel : kernels) {
    fftw_complex* padded = plans.padded();
    for (std::size_t k = 0; k < count; ++k) padded[k][0] = padded[k][1] = 0.0;
    for (long r = 0; r < kernel_rows; ++r)
      for (long c = 0; c < kernel_columns; ++c) {
        const auto tap = kernel.taps[static_cast<std::size_t>(r * kernel_columns + c)];
        padded[r * padded_columns + c][0] = tap.real();
        padded[r * padded_columns + c][1] = tap.imag();
      }
    plans.forward();
    const fftw_complex* spectrum = plans.spectrum();
    std::vector<std::complex<double>> transform(count);
    const double scale = 1.0 / static_cast<double>(count);  // FFTW's backward transform is unnormalised
    for (std::size_t k = 0; k < count; ++k)
      transform[k] = std::complex<double>(spectrum[k][0], spectrum[k][1]) * scale;
    kernel_spectra.push_back(std::move(transform));
  }

  // Strides of the three roles in the volume.
  const std::size_t strides[3] = {1, input.size[0], input.size[0] * input.size[1]};
  const std::size_t row_stride = strides[row_axis], column_stride = strides[column_axis],
                    slice_stride = strides[stack_axis];
  std::vector<long> row_source(static_cast<std::size_t>(extended_rows)),
      column_source(static_cast<std::size_t>(extended_columns));
  for (long t = 0; t < extended_rows; ++t)
    row_source[static_cast<std::size_t>(t)] = boundary_index(t - row_half, rows, condition);
  for (long t = 0; t < extended_columns; ++t)
    column_source[static_cast<std::size_t>(t)] = boundary_index(t - column_half, columns, condition);

  std::vector<std::complex<double>> response(static_cast<std::size_t>(rows * columns));
  fftw_complex* padded = plans.padded();
  for (std::size_t k = 0; k < count; ++k) padded[k][0] = padded[k][1] = 0.0;
  for (std::size_t slice = 0; slice < slices; ++slice) {
    const double* base = input.voxels.data() + slice * slice_stride;
    for (long t = 0; t < extended_rows; ++t) {
      const long r = row_source[static_cast<std::size_t>(t)];
      fftw_complex* line = padded + t * padded_columns;
      for (long u = 0; u < extended_columns; ++u) {
        const long c = column_source[static_cast<std::size_t>(u)];
        line[u][0] = (r < 0 || c < 0) ? 0.0
                                      : base[static_cast<std::size_t>(r) * row_stride +
                                             static_cast<std::size_t>(c) * column_stride];
        line[u][1] = 0.0;
      }
    }
    plans.forward();
    const fftw_complex* spectrum = plans.spectrum();
    for (std::size_t index = 0; index < kernels.size(); ++index) {
      const auto& transform = kernel_spectra[index];
      fftw_complex* work = plans.work();
      for (std::size_t k = 0; k < count; ++k) {
        const std::complex<double> product =
            std::complex<double>(spectrum[k][0], spectrum[k][1]) * transform[k];
        work[k][0] = product.real();
        work[k][1] = product.imag();
      }
      plans.backward();
      for (long r = 0; r < rows; ++r) {
        const fftw_complex* line = work + (r + 2 * row_half) * padded_columns + 2 * column_half;
        for (long c = 0; c < columns; ++c)
          response[static_cast<std::size_t>(r * columns + c)] = std::complex<double>(line[c][0], line[c][1]);
      }
      sink(index, slice, response);
    }
  }
}

}  // namespace radstudy::filters::ibsi
