#pragma once
#include <set>
#include <string>
#include <vector>

#include "settings/extraction_settings.hpp"

namespace radstudy::filters {

// The options of one image type (its imageType.<Name> mapping over the filter keys of `setting:`), read
// with their types and domains checked. Errors are ConfigError "FILE: imageType 'Name': option 'key':
// problem". make_filter refuses keys of the image type's own mapping that its filter never read.
class FilterOptions {
 public:
  FilterOptions(const settings::ImageTypeSettings& image_type, const settings::ExtractionSettings& settings);

  const std::string& image_type() const { return image_type_.name; }
  // The general settings (e.g. force2Ddimension, which LBP2D uses as its axis).
  const settings::ExtractionSettings& settings() const { return settings_; }
  bool has(const std::string& key) const;

  double number(const std::string& key, double fallback) const;
  int integer(const std::string& key, int fallback) const;
  std::vector<double> numbers(const std::string& key, const std::vector<double>& fallback) const;
  std::string word(const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& allowed = {}) const;
  std::vector<std::string> words(const std::string& key, const std::vector<std::string>& fallback) const;
  // true/false (also True/False, yes/no, 1/0).
  bool flag(const std::string& key, bool fallback) const;

  // Domain check: fails naming the value and the domain when `holds` is false.
  void require(bool holds, const std::string& key, double value, const std::string& domain) const;
  [[noreturn]] void fail(const std::string& key, const std::string& problem) const;

  // Keys of the image type's own mapping that no read asked for.
  std::vector<std::string> unread_keys() const;

 private:
  const settings::FilterOption* find(const std::string& key) const;

  const settings::ImageTypeSettings& image_type_;
  const settings::ExtractionSettings& settings_;
  mutable std::set<std::string> read_;
};

}  // namespace radstudy::filters
