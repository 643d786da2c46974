// The scenario's header: its id, title, tags, seed, start, horizon and mode.

#include "format/reader.hpp"

namespace sim::reading {

void scenario_reader::read_header(const YAML::Node& root) {
  if (auto n = root["scenario"]) {
    if (auto id = identifier(n, "scenario"))
      s_.name = *id;
  } else {
    error(root, "", "missing required key 'scenario' (the scenario's id)");
  }
  // The format the file was written for: another is refused before anything else is
  // read into it, since its keys may not mean what they mean here.
  if (auto n = root["format"])
    if (auto v = count(n, "format", 1'000'000); v && *v != scenario_format)
      error(n, "format",
            "this scenario is written for scenario format " + std::to_string(*v) +
                "; relinksim reads format " + std::to_string(scenario_format) +
                (*v > scenario_format
                     ? ": a newer relinksim wrote it (CHANGELOG.md says what changed)"
                     : ", the first there is"));
  if (auto n = root["title"])
    if (auto t = scalar(n, "title", "a one-line title"))
      s_.title = *t;
  if (auto n = root["tags"]) {
    if (!n.IsSequence())
      error(n, "tags", "expected a list of words, such as [outage, hosted-email]");
    else
      for (std::size_t i = 0; i < n.size(); ++i)
        if (auto t = identifier(n[i], "tags[" + std::to_string(i) + "]"))
          s_.tags.push_back(*t);
  }
  if (auto n = root["seed"])
    if (auto v = count(n, "seed", max_seed))
      s_.seed = *v;
  s_.start_text = "2026-01-01T00:00:00Z";
  if (auto n = root["start"]) {
    if (auto t = scalar(n, "start", "a UTC time such as 2026-03-02T09:00:00Z")) {
      if (engine::parse_utc_timestamp(*t))
        s_.start_text = *t;
      else
        error(n, "start",
              "bad start '" + *t + "': expected a UTC time such as 2026-03-02T09:00:00Z");
    }
  }
  s_.start_unix_seconds = *engine::parse_utc_timestamp(s_.start_text);
  if (auto n = root["horizon"]) {
    if (auto d = duration_value(n, "horizon")) {
      if (*d <= engine::duration{0})
        error(n, "horizon", "the horizon must be longer than 0s");
      else if (*d > max_horizon)
        error(n, "horizon",
              "horizon " + engine::format_duration(*d) + " is longer than the limit " +
                  engine::format_duration(max_horizon));
      else {
        s_.horizon = *d;
        horizon_known_ = true;
      }
    }
  } else {
    error(root, "", "missing required key 'horizon' (how long to simulate, such as 21d)");
  }
  // Reports write times as RFC 3339, whose years end at 9999.
  if (horizon_known_ &&
      s_.start_unix_seconds + s_.horizon.count() / 1000 > latest_unix_seconds) {
    const YAML::Node n = root["horizon"];
    error(n, "horizon",
          "start " + s_.start_text + " plus the horizon " +
              engine::format_duration(s_.horizon) + " ends after " +
              engine::format_utc_timestamp(latest_unix_seconds) +
              ": times are written as RFC 3339, whose years end at 9999");
  }
  if (auto n = root["mode"]) {
    if (auto m = scalar(n, "mode", "sandbox or live")) {
      if (*m == "sandbox")
        s_.mode = actors::platform_mode::sandbox;
      else if (*m == "live")
        s_.mode = actors::platform_mode::live;
      else
        error(n, "mode",
              "unknown mode '" + *m + "': expected sandbox or live" +
                  suggestion_suffix(*m, {"sandbox", "live"}));
    }
  }
}

} // namespace sim::reading
