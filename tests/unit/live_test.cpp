// The platform in the loop's pure parts: Stripe's form encoding as the API reads
// it, and the webhook signature against one computed by hand with Python's hmac.

#include "format/http_url.hpp"
#include "live/form.hpp"
#include "live/signature.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace {

std::vector<std::pair<std::string, std::string>> form(const std::string& text, bool* ok = nullptr) {
  std::multimap<std::string, std::string> params;
  const bool read = live::read_form(text, params);
  if (ok != nullptr)
    *ok = read;
  return {params.begin(), params.end()};
}

using pairs = std::vector<std::pair<std::string, std::string>>;

} // namespace

BOOST_AUTO_TEST_SUITE(live_form)

BOOST_AUTO_TEST_CASE(nested_keys_arrays_escapes_and_spaces_read_as_stripe_writes_them) {
  bool ok = false;
  const auto read = form("relink_options%5Baccount%5D=fca_1&features[]=balance&features[]="
                         "ownership&note=a+b%26c&empty=&bare",
                         &ok);
  BOOST_TEST(ok);
  BOOST_TEST((read == pairs{{"bare", ""}, {"empty", ""}, {"features[]", "balance"},
                            {"features[]", "ownership"}, {"note", "a b&c"},
                            {"relink_options[account]", "fca_1"}}));
  BOOST_TEST(form("").empty());
  BOOST_TEST((form("&&a=1&") == pairs{{"a", "1"}}));
}

BOOST_AUTO_TEST_CASE(a_broken_escape_is_no_form) {
  for (const char* text : {"a=%", "a=%4", "a=%zz", "%4=1", "a=1&b=%g0"}) {
    bool ok = true;
    form(text, &ok);
    BOOST_TEST(!ok, text);
  }
}

BOOST_AUTO_TEST_CASE(the_signature_is_stripes_hmac_of_time_dot_payload) {
  // python3 -c 'import hmac,hashlib; print(hmac.new(b"whsec_test",
  //   b"1700000000.{\"id\":\"evt_1\"}", hashlib.sha256).hexdigest())'
  BOOST_TEST(live::stripe_signature("whsec_test", 1700000000, R"({"id":"evt_1"})") ==
             "t=1700000000,v1=" + std::string("c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925"));
}

BOOST_AUTO_TEST_CASE(endpoint_urls_are_http_with_a_host_and_a_port_that_fits) {
  const auto plain = sim::parse_http_url("http://127.0.0.1:4242/webhooks?x=1");
  BOOST_REQUIRE(plain);
  BOOST_TEST(plain->host == "127.0.0.1");
  BOOST_TEST(plain->port == 4242);
  BOOST_TEST(plain->path == "/webhooks?x=1");
  const auto v6 = sim::parse_http_url("http://[::1]:0");
  BOOST_REQUIRE(v6);
  BOOST_TEST(v6->host == "::1");
  BOOST_TEST(v6->port == 0);
  BOOST_TEST(v6->path == "/");
  BOOST_TEST(sim::parse_http_url("http://localhost")->port == 80);
  for (const char* bad : {"https://127.0.0.1/x", "http://", "http://:80/x", "http://a:99999/",
                          "http://a:-1/", "http://a:/", "http://a:80x/", "http://u@a/",
                          "http://[::1/", "http://[::1]x/", "127.0.0.1:80"})
    BOOST_TEST(!sim::parse_http_url(bad), bad);
  BOOST_TEST(sim::is_loopback("127.1.2.3"));
  BOOST_TEST(sim::is_loopback("::1"));
  BOOST_TEST(!sim::is_loopback("192.0.2.1"));
}

BOOST_AUTO_TEST_SUITE_END()
