#include "reports/report_folder.hpp"

namespace reports {

folder_names::folder_names(std::set<std::string> reserved) : taken_(std::move(reserved)) {}

std::string folder_names::claim(const std::string& scenario) {
  std::string name = scenario;
  for (int n = 2; !taken_.insert(name).second; ++n)
    name = scenario + "-" + std::to_string(n);
  return name;
}

} // namespace reports
