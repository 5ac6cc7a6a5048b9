#pragma once
#include <string>
#include <utility>
#include <vector>

namespace radstudy::cli {

// Writes the output folder `directory` whole: each (file name, content) pair into a temporary sibling
// folder, then swapped with the old folder (core::StagedFolder), so that a failure or a signal leaves
// the old folder as it was and a success leaves exactly these files (and the marker listing them).
void write_output_files(const std::string& directory,
                        const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace radstudy::cli
