#pragma once

namespace radstudy::plot {

enum class AxisKind { kLinear, kLog, kCategorical };

// Maps data values to a fraction of an axis' length. A categorical axis of n categories is the linear
// range [-0.5, n - 0.5]: category i sits at value i, in the middle of its band.
class Scale {
 public:
  Scale() = default;
  // InputError when the range is empty, not finite, or not positive on a log axis.
  Scale(AxisKind kind, double lower, double upper);

  AxisKind kind() const { return kind_; }
  double lower() const { return lower_; }
  double upper() const { return upper_; }
  // 0 at lower, 1 at upper (outside [0, 1] beyond them; a log axis maps values <= 0 to -inf).
  double fraction(double value) const;
  bool contains(double value) const;

 private:
  AxisKind kind_ = AxisKind::kLinear;
  double lower_ = 0, upper_ = 1;
};

}  // namespace radstudy::plot
