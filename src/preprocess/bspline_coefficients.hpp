#pragma once
#include <cstddef>

namespace radstudy::preprocess {

// The pole of the cubic B-spline prefilter, sqrt(3) - 2.
double cubic_bspline_pole();

// Replaces `count` samples spaced `stride` apart by their cubic B-spline interpolation
// coefficients, as ITK 5.2's BSplineDecompositionImageFilter computes them along one line:
// overall gain (1 - z)(1 - 1/z), causal initialisation over a horizon of ceil(log(1e-10) / log|z|)
// samples (or the exact mirror sum when the line is shorter), causal recursion, mirror-boundary
// anti-causal initialisation and anti-causal recursion. A line of one sample is left unchanged.
// `scratch` must hold `count` doubles.
void cubic_bspline_coefficients_1d(double* data, std::size_t count, std::size_t stride, double* scratch);

// The same for `width` interleaved lines: sample n of line i is data[n * stride + i]. Every line
// gets exactly the arithmetic of cubic_bspline_coefficients_1d; the lines are processed together
// so that memory is read contiguously.
void cubic_bspline_coefficients_lines(double* data, std::size_t count, std::size_t stride, std::size_t width);

// Cubic B-spline weights of ITK's BSplineInterpolateImageFunction for the continuous index x:
// the support starts at floor(float(x)) - 1 (ITK floors x after casting it to float).
struct CubicBSplineSupport {
  long first_index;
  double weights[4];
};
CubicBSplineSupport cubic_bspline_support(double x);

}  // namespace radstudy::preprocess
