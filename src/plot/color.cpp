#include "plot/color.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace radstudy::plot {

Color Color::from_hex(std::uint32_t rgb, double alpha) {
  return {((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0, (rgb & 0xff) / 255.0, alpha};
}

Color Color::mixed_with(const Color& other, double t) const {
  t = std::clamp(t, 0.0, 1.0);
  return {red + (other.red - red) * t, green + (other.green - green) * t, blue + (other.blue - blue) * t,
          alpha + (other.alpha - alpha) * t};
}

double Color::luminance() const {
  const auto linear = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
  return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
}

std::string Color::hex() const {
  const auto byte = [](double c) { return static_cast<int>(std::lround(std::clamp(c, 0.0, 1.0) * 255)); };
  return fmt::format("#{:02x}{:02x}{:02x}", byte(red), byte(green), byte(blue));
}

}  // namespace radstudy::plot
