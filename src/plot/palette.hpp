#pragma once
#include <cstddef>

#include "plot/color.hpp"

// Colour-blind-safe palettes: Okabe-Ito for categories, viridis and cividis for ordered values, and a
// diverging blue-white-red (ColorBrewer RdBu) for signed values such as correlations.
namespace radstudy::plot {

enum class ColorMap { kViridis, kCividis, kBlueWhiteRed };

// The i-th of Okabe and Ito's eight colours (black last), cycling beyond eight.
Color category_color(std::size_t index);
// `map` at t in [0, 1] (clamped; NaN gives light grey, the colour of a missing value).
Color map_color(ColorMap map, double t);

}  // namespace radstudy::plot
