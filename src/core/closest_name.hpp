#pragma once
#include <string>
#include <vector>

namespace radstudy::core {

// The candidate a misspelt `word` most likely meant, for "did you mean ...?": the one at the smallest edit
// distance (Levenshtein, ignoring case) when that is at most 2 and no other candidate is as close; else the
// only candidate that starts with `word` (two letters or more); else empty.
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

}  // namespace radstudy::core
