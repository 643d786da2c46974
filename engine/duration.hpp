#pragma once

// Virtual durations and their text form (`90s`, `15m`, `36h`, `2d`, `1d12h30m`, `2w`).
// Every time in a simulation is an offset from the scenario's `start`, kept in
// milliseconds so that drawn delays keep sub-second precision.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace engine {

using duration = std::chrono::milliseconds;

constexpr duration seconds(std::int64_t n) { return duration{n * 1000}; }
constexpr duration minutes(std::int64_t n) { return seconds(n * 60); }
constexpr duration hours(std::int64_t n) { return minutes(n * 60); }
constexpr duration days(std::int64_t n) { return hours(n * 24); }

// Parses an integer-and-unit sequence with units s, m, h, d, w (largest first is
// not required, but each unit at most once); seconds may have up to three
// decimals (`3.250s`); a bare `0` is zero. Returns nullopt on any other text.
std::optional<duration> parse_duration(std::string_view text);

// Canonical text: the non-zero units from weeks down to seconds, days never
// folded into weeks (`9d`, not `1w2d`), milliseconds shown only below a second
// of remainder (`1h2m3.250s`). `0s` for zero; a leading `-` when negative.
std::string format_duration(duration d);

// Seconds since the Unix epoch of an ISO-8601 UTC instant `YYYY-MM-DDTHH:MM:SSZ`.
std::optional<std::int64_t> parse_utc_timestamp(std::string_view text);

// `YYYY-MM-DDTHH:MM:SSZ` for a number of seconds since the Unix epoch.
std::string format_utc_timestamp(std::int64_t unix_seconds);

} // namespace engine
