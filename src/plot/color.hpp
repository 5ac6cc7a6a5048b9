#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace radstudy::plot {

// An sRGB colour with alpha, components in [0, 1].
struct Color {
  double red = 0, green = 0, blue = 0, alpha = 1;

  static Color from_hex(std::uint32_t rgb, double alpha = 1);
  Color with_alpha(double new_alpha) const { return {red, green, blue, new_alpha}; }
  // Linear interpolation in sRGB, t in [0, 1].
  Color mixed_with(const Color& other, double t) const;
  // Relative luminance (WCAG), to choose black or white text on a fill.
  double luminance() const;
  std::string hex() const;  // "#rrggbb"
};

inline bool operator==(const Color& a, const Color& b) {
  return a.red == b.red && a.green == b.green && a.blue == b.blue && a.alpha == b.alpha;
}

namespace colors {
inline const Color kBlack = {0, 0, 0, 1};
inline const Color kWhite = {1, 1, 1, 1};
inline const Color kGrey = {0.45, 0.45, 0.45, 1};
inline const Color kLightGrey = {0.85, 0.85, 0.85, 1};
}  // namespace colors

}  // namespace radstudy::plot
