# Writes OUT, a C++ file holding the files FILES (separated by commas) of folder DIR as cli::init_files
# (cli/init.cpp): relinksim init writes them, so they are kept as files to read and
# edit, and compiled in. Run by `cmake -P` whenever one of them changes.
set(body "")
set(count 0)
string(REPLACE "," ";" FILES "${FILES}")
foreach(name IN LISTS FILES)
  file(READ "${DIR}/${name}" text)
  string(FIND "${text}" ")relinksim_file\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${DIR}/${name} holds the raw string's end mark")
  endif()
  string(APPEND body "    {\"${name}\", R\"relinksim_file(${text})relinksim_file\"},\n")
  math(EXPR count "${count} + 1")
endforeach()
file(WRITE "${OUT}.new"
"// Written by cli/embed_files.cmake from cli/init/: edit those files, not this one.
#include \"cli/init_files.hpp\"

namespace cli {
const embedded_file init_files[] = {
${body}};
const std::size_t init_file_count = ${count};
} // namespace cli
")
configure_file("${OUT}.new" "${OUT}" COPYONLY) # touched only when it differs
file(REMOVE "${OUT}.new")
