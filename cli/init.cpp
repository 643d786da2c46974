#include "cli/init.hpp"

#include "cli/exit_codes.hpp"
#include "cli/init_files.hpp"
#include "format/schema.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace cli {

namespace {

std::string_view embedded(std::string_view name) {
  for (std::size_t i = 0; i < init_file_count; ++i)
    if (name == init_files[i].name) return init_files[i].text;
  return {};
}

std::string filled(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out(text);
  for (const auto& [key, value] : values) {
    const std::string mark = "{{" + key + "}}";
    for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark, at + value.size()))
      out.replace(at, mark.size(), value);
  }
  return out;
}

// Creates `path` with `text` unless it exists: true when written. Throws
// std::system_error when it can be neither written nor found.
bool write_new(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::FILE* file = std::fopen(path.c_str(), "wx"); // fails if the file exists
  if (!file) {
    if (errno == EEXIST) return false;
    throw std::system_error(errno, std::generic_category(), path.string());
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  ok = std::fclose(file) == 0 && ok;
  if (!ok) throw std::system_error(errno, std::generic_category(), path.string());
  return true;
}

} // namespace

std::optional<std::filesystem::path> installed_schema() {
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return std::nullopt;
  auto schema = (self.parent_path() / RELINKSIM_SCHEMA_FROM_BINARY).lexically_normal();
  if (!std::filesystem::is_regular_file(schema, error)) return std::nullopt;
  return schema;
}

int init_suite(const std::filesystem::path& dir, std::ostream& out, std::ostream& err) {
  struct planned {
    std::filesystem::path path;
    std::string text;
  };
  std::vector<planned> files;
  // The scenarios' modeline points at the installed schema; a relinksim that is
  // not installed writes a copy beside the suite.
  std::string schema;
  if (auto found = installed_schema()) {
    schema = found->string();
  } else {
    schema = "../scenario.schema.json";
    files.push_back({dir / "scenario.schema.json", sim::scenario_schema()});
  }
  const std::vector<std::pair<std::string, std::string>> values{
      {"schema", schema},
      {"version", RELINKSIM_VERSION},
      {"repository", RELINKSIM_REPOSITORY},
      {"package_url", "https://github.com/" RELINKSIM_REPOSITORY "/releases/download/v" RELINKSIM_VERSION
                      "/relinksim_" RELINKSIM_VERSION "_amd64.deb"}};
  files.insert(files.begin(),
               {{dir / "scenarios" / "first-relink.yaml", filled(embedded("first-relink.yaml"), values)},
                {dir / ".github" / "workflows" / "relinksim.yml",
                 filled(embedded("github-workflow.yml"), values)},
                {dir / ".gitlab-ci.yml", filled(embedded("gitlab-ci.yml"), values)}});

  std::size_t written = 0;
  for (const auto& file : files) {
    try {
      if (write_new(file.path, file.text)) {
        out << "wrote " << file.path.string() << '\n';
        ++written;
      } else {
        out << "kept  " << file.path.string() << " (it exists; init never overwrites a file)\n";
      }
    } catch (const std::filesystem::filesystem_error& e) {
      err << "relinksim init: cannot write " << e.path1().string() << ": "
          << e.code().message() << '\n';
      return exit_invalid;
    } catch (const std::system_error& e) {
      err << "relinksim init: cannot write " << e.what() << '\n';
      return exit_invalid;
    }
  }
  out << (written == 0 ? "nothing new to write; " : "") << "next:\n";
  std::string into = dir.string() == "." ? "" : "cd " + dir.string() + " && ";
  out << "  " << into << "relinksim suite scenarios/   # run the suite (reports in out/)\n"
      << "  commit scenarios/ and the CI file of your CI (.github/workflows/relinksim.yml or "
         ".gitlab-ci.yml)\n";
  return exit_ok;
}

} // namespace cli
