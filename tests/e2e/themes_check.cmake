# Every end-to-end test case is in one of the themes that tests/CMakeLists.txt
# runs as a ctest entry of its own: a case outside them would never run.
#   cmake -DE2E_TESTS=path/to/e2e_tests -DTHEMES=cli,reports,... -P themes_check.cmake
cmake_policy(VERSION 3.18)
execute_process(COMMAND ${E2E_TESTS} --list_content
                OUTPUT_VARIABLE listed ERROR_VARIABLE listed_err RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${E2E_TESTS} --list_content failed (${status}): ${listed_err}")
endif()
string(REPLACE "," ";" themes "${THEMES}")
string(REPLACE "\n" ";" lines "${listed}${listed_err}")
set(found "")
foreach(line IN LISTS lines)
  # Top-level entries start the line; the cases of a suite are indented.
  if(line MATCHES "^([A-Za-z0-9_]+)\\*?$")
    set(name "${CMAKE_MATCH_1}")
    if(NOT name IN_LIST themes)
      message(FATAL_ERROR "e2e test '${name}' is in no theme: put it in one of ${THEMES} "
                          "(tests/e2e/cli_test.cpp), or add a theme to tests/CMakeLists.txt")
    endif()
    list(APPEND found "${name}")
  endif()
endforeach()
foreach(theme IN LISTS themes)
  if(NOT theme IN_LIST found)
    message(FATAL_ERROR "theme '${theme}' has no test suite in ${E2E_TESTS}")
  endif()
endforeach()
