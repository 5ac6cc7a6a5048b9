#pragma once
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

#include "plot/axis.hpp"
#include "plot/canvas.hpp"
#include "plot/legend.hpp"
#include "plot/mark.hpp"

namespace radstudy::plot {

enum class LegendPlacement {
  kAuto,          // inside the plot area, in the first corner where it hides no data; else outside right
  kOutsideRight,  // right of the plot area
  kNone,
};

// One plot of a figure: two axes, marks drawn in data coordinates, a legend, a title. Margins are laid
// out from what the texts measure, so that tick labels, axis labels, colour bar and legend fit in the
// panel's cell without overlapping.
class Panel {
 public:
  Axis x_axis, y_axis;
  std::string title;
  Legend legend;  // its title and entries come first; each mark's entries are added after them
  LegendPlacement legend_placement = LegendPlacement::kAuto;
  // A column of text right of the plot area, one per y category (a forest plot's "HR (95% CI)"), and its
  // header above the plot area.
  std::vector<std::string> right_labels;
  std::string right_header;

  template <typename MarkType>
  MarkType& add(MarkType mark) {
    static_assert(std::is_base_of_v<Mark, MarkType>);
    auto owned = std::make_unique<MarkType>(std::move(mark));
    MarkType& added = *owned;
    marks_.push_back(std::move(owned));
    return added;
  }
  const std::vector<std::unique_ptr<Mark>>& marks() const { return marks_; }

  // Lays the panel out in `cell` and draws it; `title_markup` is the title as Pango markup (with the
  // figure's panel letter), `name` prefixes the names of the texts drawn.
  void draw(Canvas& canvas, const Rect& cell, double font_size, const std::string& title_markup,
            const std::string& name) const;

 private:
  std::vector<std::unique_ptr<Mark>> marks_;
};

}  // namespace radstudy::plot
