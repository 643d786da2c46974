#pragma once
// cli/init/*, compiled in: the files `relinksim init` writes (cli/embed_files.cmake
// generates their definition from cli/init/; cli/init.cpp reads them).

#include <cstddef>

namespace cli {

struct embedded_file {
  const char* name;
  const char* text;
};
extern const embedded_file init_files[];
extern const std::size_t init_file_count;

} // namespace cli
