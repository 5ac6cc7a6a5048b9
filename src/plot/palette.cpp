#include "plot/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <span>

namespace radstudy::plot {
namespace {

// Okabe & Ito (2008): orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
constexpr std::array<std::uint32_t, 8> kOkabeIto = {0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442,
                                                    0x0072B2, 0xD55E00, 0xCC79A7, 0x000000};
// viridis(11) and cividis(10) of R's viridisLite, equally spaced on [0, 1].
constexpr std::array<std::uint32_t, 11> kViridis = {0x440154, 0x482576, 0x414487, 0x35608D,
                                                    0x2A788E, 0x21908C, 0x22A884, 0x43BF71,
                                                    0x7AD151, 0xBBDF27, 0xFDE725};
constexpr std::array<std::uint32_t, 10> kCividis = {0x00204D, 0x00336F, 0x39486B, 0x575C6D, 0x707173,
                                                    0x8A8779, 0xA69D75, 0xC4B56C, 0xE4CF5B, 0xFFEA46};
// ColorBrewer RdBu (11 classes) from blue (-1) through white to red (+1).
constexpr std::array<std::uint32_t, 11> kBlueWhiteRed = {0x053061, 0x2166AC, 0x4393C3, 0x92C5DE,
                                                         0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582,
                                                         0xD6604D, 0xB2182B, 0x67001F};

Color interpolate(std::span<const std::uint32_t> anchors, double t) {
  const double position = std::clamp(t, 0.0, 1.0) * static_cast<double>(anchors.size() - 1);
  const auto lower = std::min(static_cast<std::size_t>(position), anchors.size() - 2);
  return Color::from_hex(anchors[lower])
      .mixed_with(Color::from_hex(anchors[lower + 1]), position - static_cast<double>(lower));
}

}  // namespace

Color category_color(std::size_t index) {
  return Color::from_hex(kOkabeIto[index % kOkabeIto.size()]);
}

Color map_color(ColorMap map, double t) {
  if (std::isnan(t)) return colors::kLightGrey;
  switch (map) {
    case ColorMap::kViridis:
      return interpolate(kViridis, t);
    case ColorMap::kCividis:
      return interpolate(kCividis, t);
    case ColorMap::kBlueWhiteRed:
      return interpolate(kBlueWhiteRed, t);
  }
  return colors::kLightGrey;
}

}  // namespace radstudy::plot
