#pragma once
#include <string>
#include <utility>
#include <vector>

namespace radstudy::cli {

// Creates `directory` if needed and writes each (file name, content) pair into it, each file through
// a temporary file and a rename: a failure leaves earlier outputs whole.
void write_output_files(const std::string& directory,
                        const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace radstudy::cli
