#include <boost/test/unit_test.hpp>

#include "reports/report_folder.hpp"

BOOST_AUTO_TEST_SUITE(report_folder)

BOOST_AUTO_TEST_CASE(a_taken_name_gets_the_first_free_number) {
  reports::folder_names names;
  BOOST_TEST(names.claim("same") == "same");
  BOOST_TEST(names.claim("same") == "same-2");
  BOOST_TEST(names.claim("same-2") == "same-2-2");
  BOOST_TEST(names.claim("same") == "same-3");
  BOOST_TEST(names.claim("other") == "other");
}

BOOST_AUTO_TEST_CASE(a_reserved_name_is_never_given_out) {
  reports::folder_names names({"junit.xml", "index.html"});
  BOOST_TEST(names.claim("junit.xml") == "junit.xml-2");
  BOOST_TEST(names.claim("index.html") == "index.html-2");
  BOOST_TEST(names.claim("junit") == "junit");
}

BOOST_AUTO_TEST_SUITE_END()
