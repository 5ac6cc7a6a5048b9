#include "cli/output_directory.hpp"

#include "core/atomic_output.hpp"

namespace radstudy::cli {

void write_output_files(const std::string& directory,
                        const std::vector<std::pair<std::string, std::string>>& files) {
  core::StagedFolder folder(directory);
  for (const auto& [name, content] : files) folder.write(name, content);
  folder.commit();
}

}  // namespace radstudy::cli
