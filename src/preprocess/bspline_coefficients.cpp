#include "preprocess/bspline_coefficients.hpp"

#include <cmath>

namespace radstudy::preprocess {

double cubic_bspline_pole() { return std::sqrt(3.0) - 2.0; }

void cubic_bspline_coefficients_1d(double* data, std::size_t count, std::size_t stride, double* scratch) {
  if (count <= 1) return;  // mirror boundaries need two samples; ITK leaves such lines as they are
  const double z = cubic_bspline_pole();
  double* c = scratch;
  for (std::size_t n = 0; n < count; ++n) c[n] = data[n * stride];

  const double gain = 1.0 * (1.0 - z) * (1.0 - 1.0 / z);
  for (std::size_t n = 0; n < count; ++n) c[n] *= gain;

  // Causal initialisation (mirror boundary), ITK's tolerance 1e-10.
  const auto horizon = static_cast<std::size_t>(std::ceil(std::log(1e-10) / std::log(std::fabs(z))));
  double zn = z;
  if (horizon < count) {
    double sum = c[0];
    for (std::size_t n = 1; n < horizon; ++n) {
      sum += zn * c[n];
      zn *= z;
    }
    c[0] = sum;
  } else {
    const double iz = 1.0 / z;
    double z2n = std::pow(z, static_cast<double>(count - 1));
    double sum = c[0] + z2n * c[count - 1];
    z2n *= z2n * iz;
    for (std::size_t n = 1; n <= count - 2; ++n) {
      sum += (zn + z2n) * c[n];
      zn *= z;
      z2n *= iz;
    }
    c[0] = sum / (1.0 - zn * zn);
  }
  for (std::size_t n = 1; n < count; ++n) c[n] += z * c[n - 1];

  // Anti-causal initialisation and recursion.
  c[count - 1] = (z / (z * z - 1.0)) * (z * c[count - 2] + c[count - 1]);
  for (long n = static_cast<long>(count) - 2; n >= 0; --n) c[n] = z * (c[n + 1] - c[n]);

  for (std::size_t n = 0; n < count; ++n) data[n * stride] = c[n];
}

namespace {

// kWidth > 0 fixes the number of lines at compile time (fully unrolled inner loops).
template <std::size_t kWidth>
void coefficients_lines(double* data, std::size_t count, std::size_t stride, std::size_t runtime_width) {
  const std::size_t width = kWidth > 0 ? kWidth : runtime_width;
  const double z = cubic_bspline_pole();
  auto row = [&](std::size_t n) { return data + n * stride; };
  const double gain = 1.0 * (1.0 - z) * (1.0 - 1.0 / z);
  const auto horizon = static_cast<std::size_t>(std::ceil(std::log(1e-10) / std::log(std::fabs(z))));
  // The rows the causal initialisation reads get their gain first; the others get it in the causal
  // recursion (the same products and sums, one pass fewer over them).
  const std::size_t gained_rows = horizon < count ? horizon : count;
  for (std::size_t n = 0; n < gained_rows; ++n) {
    double* c = row(n);
    for (std::size_t i = 0; i < width; ++i) c[i] *= gain;
  }
  double* first = row(0);
  if (horizon < count) {
    double zn = z;
    for (std::size_t n = 1; n < horizon; ++n) {
      const double* c = row(n);
      for (std::size_t i = 0; i < width; ++i) first[i] += zn * c[i];
      zn *= z;
    }
  } else {
    const double iz = 1.0 / z;
    const double z2n_first = std::pow(z, static_cast<double>(count - 1));
    const double* last = row(count - 1);
    for (std::size_t i = 0; i < width; ++i) first[i] = first[i] + z2n_first * last[i];
    double zn = z;
    double z2n = z2n_first * z2n_first * iz;
    for (std::size_t n = 1; n <= count - 2; ++n) {
      const double* c = row(n);
      const double factor = zn + z2n;
      for (std::size_t i = 0; i < width; ++i) first[i] += factor * c[i];
      zn *= z;
      z2n *= iz;
    }
    const double denominator = 1.0 - zn * zn;
    for (std::size_t i = 0; i < width; ++i) first[i] = first[i] / denominator;
  }
  for (std::size_t n = 1; n < gained_rows; ++n) {
    double* c = row(n);
    const double* previous = row(n - 1);
    for (std::size_t i = 0; i < width; ++i) c[i] += z * previous[i];
  }
  for (std::size_t n = gained_rows; n < count; ++n) {
    double* c = row(n);
    const double* previous = row(n - 1);
    for (std::size_t i = 0; i < width; ++i) c[i] = c[i] * gain + z * previous[i];
  }
  {
    double* last = row(count - 1);
    const double* before = row(count - 2);
    const double factor = z / (z * z - 1.0);
    for (std::size_t i = 0; i < width; ++i) last[i] = factor * (z * before[i] + last[i]);
  }
  for (long n = static_cast<long>(count) - 2; n >= 0; --n) {
    double* c = row(static_cast<std::size_t>(n));
    const double* next = row(static_cast<std::size_t>(n) + 1);
    for (std::size_t i = 0; i < width; ++i) c[i] = z * (next[i] - c[i]);
  }
}

}  // namespace

void cubic_bspline_coefficients_lines(double* data, std::size_t count, std::size_t stride, std::size_t width) {
  if (count <= 1) return;
  if (width == 8) coefficients_lines<8>(data, count, stride, width);
  else if (width == 16) coefficients_lines<16>(data, count, stride, width);
  else coefficients_lines<0>(data, count, stride, width);
}

CubicBSplineSupport cubic_bspline_support(double x) {
  CubicBSplineSupport support;
  support.first_index = static_cast<long>(std::floor(static_cast<float>(x))) - 1;
  const double w = x - static_cast<double>(support.first_index + 1);
  double* weights = support.weights;
  weights[3] = (1.0 / 6.0) * w * w * w;
  weights[0] = (1.0 / 6.0) + 0.5 * w * (w - 1.0) - weights[3];
  weights[2] = w + weights[0] - 2.0 * weights[3];
  weights[1] = 1.0 - weights[0] - weights[2] - weights[3];
  return support;
}

}  // namespace radstudy::preprocess
