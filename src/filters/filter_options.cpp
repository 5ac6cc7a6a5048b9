#include "filters/filter_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/errors.hpp"

namespace radstudy::filters {

FilterOptions::FilterOptions(const settings::ImageTypeSettings& image_type,
                             const settings::ExtractionSettings& settings)
    : image_type_(image_type), settings_(settings) {}

const settings::FilterOption* FilterOptions::find(const std::string& key) const {
  read_.insert(key);
  auto found = image_type_.options.find(key);
  return found == image_type_.options.end() ? nullptr : &found->second;
}

bool FilterOptions::has(const std::string& key) const {
  return find(key) != nullptr;
}

void FilterOptions::fail(const std::string& key, const std::string& problem) const {
  const std::string source = settings_.source.empty() ? std::string("settings") : settings_.source;
  throw ConfigError(
      fmt::format("{}: imageType '{}': option '{}': {}", source, image_type_.name, key, problem));
}

void FilterOptions::require(bool holds, const std::string& key, double value,
                            const std::string& domain) const {
  if (!holds) fail(key, fmt::format("{} is out of range; {}", value, domain));
}

std::vector<double> FilterOptions::numbers(const std::string& key,
                                           const std::vector<double>& fallback) const {
  const auto* option = find(key);
  if (!option) return fallback;
  if (!option->words.empty())
    fail(key, fmt::format("expected numbers, got '{}'", fmt::join(option->words, ", ")));
  return option->numbers;
}

double FilterOptions::number(const std::string& key, double fallback) const {
  const auto values = numbers(key, {fallback});
  if (values.size() != 1) fail(key, fmt::format("expected one number, got {} values", values.size()));
  return values.front();
}

int FilterOptions::integer(const std::string& key, int fallback) const {
  const double value = number(key, fallback);
  if (value != std::floor(value) || value < std::numeric_limits<int>::min() ||
      value > std::numeric_limits<int>::max())
    fail(key, fmt::format("expected an integer, got {}", value));
  return static_cast<int>(value);
}

std::vector<std::string> FilterOptions::words(const std::string& key,
                                              const std::vector<std::string>& fallback) const {
  const auto* option = find(key);
  if (!option) return fallback;
  if (!option->numbers.empty()) {
    std::vector<std::string> texts;  // a word made of digits (e.g. a Laws kernel) reads as a number
    for (double value : option->numbers) texts.push_back(fmt::format("{}", value));
    return texts;
  }
  return option->words;
}

std::string FilterOptions::word(const std::string& key, const std::string& fallback,
                                const std::vector<std::string>& allowed) const {
  const auto values = words(key, {fallback});
  if (values.size() != 1) fail(key, fmt::format("expected one word, got {} values", values.size()));
  const std::string& value = values.front();
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end())
    fail(key, fmt::format("'{}' is not one of {}", value, fmt::join(allowed, ", ")));
  return value;
}

bool FilterOptions::flag(const std::string& key, bool fallback) const {
  const std::string value = word(key, fallback ? "true" : "false");
  if (value == "true" || value == "True" || value == "TRUE" || value == "yes" || value == "1") return true;
  if (value == "false" || value == "False" || value == "FALSE" || value == "no" || value == "0") return false;
  fail(key, fmt::format("expected true or false, got '{}'", value));
}

std::vector<std::string> FilterOptions::unread_keys() const {
  std::vector<std::string> keys;
  for (const auto& [key, option] : image_type_.options)
    if (option.from_image_type && !read_.count(key)) keys.push_back(key);
  return keys;
}

}  // namespace radstudy::filters
