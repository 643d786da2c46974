#pragma once

// The pieces the JSON Schema is built from (schema.cpp), shared with the tables
// that declare a kind of the format together with its shape (timeline_actions.cpp).

#include "domain/domain.hpp"

#include <array>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace sim::schema_parts {

// Ordered: the schema lists keys as the format's tables do, and its text is
// compared with the committed file.
using json = nlohmann::ordered_json;

// A definition of `$defs`, by name.
json ref(const char* name);
// A mapping with exactly these keys; `required` ones must be there.
json object(json properties, std::vector<std::string> required = {});
json one_of_names(std::vector<std::string> names);

template <class Enum, std::size_t N>
json names_of(const std::array<Enum, N>& all) {
  using actors::to_string;
  std::vector<std::string> names;
  for (Enum e : all)
    names.emplace_back(to_string(e));
  return one_of_names(std::move(names));
}

} // namespace sim::schema_parts
