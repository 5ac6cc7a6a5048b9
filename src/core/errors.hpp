#pragma once
#include <stdexcept>
#include <string>

namespace radstudy {

// Bad or unreadable input data: a missing file, a corrupt image, a mask off the image grid.
class InputError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// An invalid setting: unknown key, wrong type, impossible value.
class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A computation that cannot give a meaningful number.
class NumericalError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

}  // namespace radstudy
