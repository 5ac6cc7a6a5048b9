#include "filters/boundary_condition.hpp"

#include <stdexcept>

namespace radstudy::filters {

BoundaryCondition parse_boundary_condition(const std::string& word) {
  if (word == "zero" || word == "constant") return BoundaryCondition::Zero;
  if (word == "nearest") return BoundaryCondition::Nearest;
  if (word == "periodic" || word == "wrap") return BoundaryCondition::Periodic;
  if (word == "mirror" || word == "reflect" || word == "symmetric") return BoundaryCondition::Mirror;
  throw std::invalid_argument("unknown boundary condition '" + word + "'");
}

const std::vector<std::string>& boundary_condition_words() {
  static const std::vector<std::string> words = {"zero", "constant", "nearest", "periodic",
                                                 "wrap", "mirror",   "reflect", "symmetric"};
  return words;
}

std::string boundary_condition_name(BoundaryCondition condition) {
  switch (condition) {
    case BoundaryCondition::Zero:
      return "zero";
    case BoundaryCondition::Nearest:
      return "nearest";
    case BoundaryCondition::Periodic:
      return "periodic";
    case BoundaryCondition::Mirror:
      return "mirror";
  }
  return "zero";
}

}  // namespace radstudy::filters
