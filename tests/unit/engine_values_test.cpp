#include <boost/test/unit_test.hpp>

#include "engine/distribution.hpp"
#include "engine/duration.hpp"
#include "engine/printable.hpp"
#include "engine/random.hpp"
#include "engine/trace.hpp"
#include "reports/events_jsonl.hpp"

#include <sstream>

using namespace engine;

BOOST_AUTO_TEST_SUITE(durations)

BOOST_AUTO_TEST_CASE(parses_every_unit_and_concatenations) {
  BOOST_TEST(parse_duration("90s")->count() == 90'000);
  BOOST_TEST(parse_duration("15m")->count() == 15 * 60'000);
  BOOST_TEST(parse_duration("36h")->count() == 36 * 3'600'000LL);
  BOOST_TEST(parse_duration("2d")->count() == 2 * 86'400'000LL);
  BOOST_TEST(parse_duration("2w")->count() == 14 * 86'400'000LL);
  BOOST_TEST(parse_duration("1d12h30m")->count() == (36 * 60 + 30) * 60'000LL);
  BOOST_TEST(parse_duration("0s")->count() == 0);
  BOOST_TEST(parse_duration("0")->count() == 0);
  BOOST_TEST(parse_duration("1m3.25s")->count() == 63'250);
  BOOST_TEST(parse_duration("182d3h51m4.760s")->count() ==
             ((182 * 24 + 3) * 60 + 51) * 60'000LL + 4'760);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_durations) {
  for (const char* bad : {"", "d", "12", "00", "1.s", "1.2345s", "1.5m", "2.5", "1x", "1.5h", "-1d", "1d1d", "1h 2m", "h1", "1D",
                          "99999999999999d"})
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_duration(bad).has_value()); }
}

BOOST_AUTO_TEST_CASE(prints_canonical_text_that_parses_back) {
  BOOST_TEST(format_duration(days(1) + hours(12) + minutes(30)) == "1d12h30m");
  BOOST_TEST(format_duration(days(9)) == "9d");
  BOOST_TEST(format_duration(duration{0}) == "0s");
  BOOST_TEST(format_duration(minutes(2) + seconds(3) + duration{250}) == "2m3.250s");
  BOOST_TEST(format_duration(duration{-hours(2)}) == "-2h");
  for (const char* text : {"1d12h30m", "47h", "2d23h59m", "90s", "1m30s", "4.760s", "2d0.001s"})
    BOOST_TEST(format_duration(*parse_duration(text)) ==
               format_duration(*parse_duration(format_duration(*parse_duration(text)))));
  BOOST_TEST(format_duration(*parse_duration("47h")) == "1d23h");
}

BOOST_AUTO_TEST_CASE(utc_timestamps_round_trip) {
  auto t = parse_utc_timestamp("2026-03-02T09:00:00Z");
  BOOST_REQUIRE(t.has_value());
  BOOST_TEST(*t == 1772442000);
  BOOST_TEST(format_utc_timestamp(*t + 86400 * 2 + 3600) == "2026-03-04T10:00:00Z");
  BOOST_TEST(format_utc_timestamp(*parse_utc_timestamp("2024-02-29T23:59:59Z")) ==
             "2024-02-29T23:59:59Z");
  for (const char* bad : {"2026-03-02", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z",
                          "2026-03-02T09:00:00", "2026-03-02 09:00:00Z"})
    BOOST_TEST_CONTEXT(bad) { BOOST_TEST(!parse_utc_timestamp(bad).has_value()); }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(distributions)

BOOST_AUTO_TEST_CASE(parses_every_shape) {
  auto u = parse_distribution("uniform(2h, 4h)", value_kind::time);
  BOOST_REQUIRE(u.value);
  BOOST_CHECK(u.value->form == distribution::shape::uniform);
  BOOST_CHECK(u.value->kind == value_kind::time);
  BOOST_TEST(u.value->a == 7'200'000.0);
  BOOST_TEST(describe(*u.value) == "uniform(2h, 4h)");
  BOOST_TEST(describe(*parse_distribution("exp(30m)", value_kind::time).value) == "exp(30m)");
  BOOST_TEST(describe(*parse_distribution("normal(1d, 2h)", value_kind::time).value) == "normal(1d, 2h)");
  BOOST_TEST(describe(*parse_distribution("lognormal(1h, 0.5)", value_kind::time).value) == "lognormal(1h, 0.5)");
  BOOST_CHECK(parse_distribution("0.25", value_kind::number).value->kind == value_kind::number);
  BOOST_CHECK(parse_distribution("uniform(1, 3)", value_kind::number).value->kind ==
              value_kind::number);
}

BOOST_AUTO_TEST_CASE(reads_zero_as_the_kind_it_is_asked_for) {
  const auto probability = parse_distribution("uniform(0, 1)", value_kind::number);
  BOOST_REQUIRE(probability.value);
  BOOST_TEST(describe(*probability.value) == "uniform(0, 1)");
  const auto delay = parse_distribution("uniform(0, 2m)", value_kind::time);
  BOOST_REQUIRE(delay.value);
  BOOST_TEST(describe(*delay.value) == "uniform(0s, 2m)");
  const auto fixed = parse_distribution("lognormal(1h, 0)", value_kind::time);
  BOOST_REQUIRE(fixed.value);
  BOOST_TEST(describe(*fixed.value) == "lognormal(1h, 0)");
  BOOST_CHECK(parse_distribution("0", value_kind::time).value->kind == value_kind::time);
  BOOST_CHECK(parse_distribution("0", value_kind::number).value->kind == value_kind::number);
}

BOOST_AUTO_TEST_CASE(explains_what_is_wrong) {
  BOOST_TEST(parse_distribution("uniform(2h)", value_kind::time).error == "uniform takes 2 parameters, got 1");
  BOOST_TEST(parse_distribution("gauss(1, 2)", value_kind::number).error ==
             "unknown distribution 'gauss' (known: uniform, exp, normal, lognormal)");
  BOOST_TEST(parse_distribution("uniform(4h, 2h)", value_kind::time).error == "uniform(a, b) needs a <= b");
  BOOST_TEST(parse_distribution("uniform(2h, 3)", value_kind::time).error ==
             "parameter '3' of uniform is not a duration (such as 90s, 2h or 1d12h)");
  BOOST_TEST(parse_distribution("uniform(0, 2h)", value_kind::number).error ==
             "parameter '2h' of uniform is not a number");
  BOOST_TEST(parse_distribution("lognormal(1h, 2h)", value_kind::time).error ==
             "sigma of lognormal must be a plain number");
  BOOST_TEST(parse_distribution("uniform(2h, 4h", value_kind::time).error ==
             "missing ')' after the parameters of uniform");
  BOOST_TEST(!parse_distribution("soon", value_kind::time).value);
}

BOOST_AUTO_TEST_CASE(samples_stay_inside_their_support) {
  random_stream r(42);
  auto u = *parse_distribution("uniform(2h, 4h)", value_kind::time).value;
  auto n = *parse_distribution("normal(10m, 1h)", value_kind::time).value;
  for (int i = 0; i < 10'000; ++i) {
    const double x = u.sample(r);
    BOOST_REQUIRE(x >= 7'200'000.0);
    BOOST_REQUIRE(x < 14'400'000.0);
    BOOST_REQUIRE(n.sample(r) >= 0.0); // clipped at 0
  }
}

BOOST_AUTO_TEST_CASE(exponential_mean_is_close_to_its_parameter) {
  random_stream r(7);
  auto e = *parse_distribution("exp(1h)", value_kind::time).value;
  double sum = 0;
  const int n = 200'000;
  for (int i = 0; i < n; ++i)
    sum += e.sample(r);
  BOOST_TEST(sum / n == 3'600'000.0, boost::test_tools::tolerance(0.01));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(random_streams)

BOOST_AUTO_TEST_CASE(draws_are_pinned_across_platforms) {
  // Fixed values: a change here changes every scenario's outcome.
  BOOST_TEST(splitmix64(0) == 0xe220a8397b1dcdafULL);
  random_stream r(stream_seed(7, "cus_alice"));
  const auto first = r.next();
  random_stream again(7, "cus_alice");
  BOOST_TEST(again.next() == first);
}

BOOST_AUTO_TEST_CASE(chance_of_zero_or_one_draws_nothing) {
  random_stream a(1), b(1);
  BOOST_TEST(a.chance(1.0));
  BOOST_TEST(!a.chance(0.0));
  BOOST_TEST(a.next() == b.next());
}

BOOST_AUTO_TEST_CASE(integers_cover_their_range_evenly) {
  random_stream r(3);
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 30'000; ++i)
    ++counts[r.integer(1, 3) - 1];
  for (int c : counts)
    BOOST_TEST(static_cast<double>(c) == 10'000.0, boost::test_tools::tolerance(0.05));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(trace_writer)

BOOST_AUTO_TEST_CASE(writes_one_escaped_json_object_per_line) {
  trace t;
  t.record(hours(49), "email.sent", "email_1", {{"to", "a\"b@x.test"}, {"note", "tab\there"}});
  std::ostringstream out;
  reports::write_events_jsonl(t, 1772442000, out);
  BOOST_TEST(out.str() ==
             "{\"seq\":1,\"t\":\"2d1h\",\"t_ms\":176400000,\"at\":\"2026-03-04T10:00:00Z\","
             "\"type\":\"email.sent\",\"entity\":\"email_1\",\"to\":\"a\\\"b@x.test\","
             "\"note\":\"tab\\there\"}\n");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(terminal_text)

BOOST_AUTO_TEST_CASE(control_characters_are_shown_not_obeyed) {
  BOOST_TEST(printable("\x1b]0;pwned\x07 \x1b[2J") == "\\x1b]0;pwned\\x07 \\x1b[2J");
  BOOST_TEST(printable("a\rPASS\nb\tc") == "a\\rPASS\\nb\tc");
  BOOST_TEST(printable("a\nb", true) == "a\nb");
  BOOST_TEST(printable("\xc2\x9b" "31m \x7f") == "\\u009b31m \\x7f"); // C1 CSI, DEL
  BOOST_TEST(printable("caf\xe9 \xc3\xa9 \xe2\x86\x92") == "caf\\xe9 \xc3\xa9 \xe2\x86\x92");
}

BOOST_AUTO_TEST_SUITE_END()
