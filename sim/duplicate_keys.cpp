#include "sim/duplicate_keys.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <set>
#include <sstream>

namespace sim {
namespace {

class key_checker : public YAML::EventHandler {
public:
  key_checker(std::string file, std::vector<diagnostic>& out) : file_(std::move(file)), out_(out) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ == 2)
      second_ = mark;
    else if (documents_ == 1)
      first_ = mark;
  }
  const YAML::Mark& first_document() const { return first_; }
  int documents() const { return documents_; }
  const YAML::Mark& second_document() const { return second_; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override { node(nullptr); }
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { node(nullptr); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    auto& top = frames_.empty() ? root_ : frames_.back();
    if (top.is_map && top.expect_key && !top.keys.insert(value).second)
      out_.push_back({file_, mark.line + 1, mark.column + 1,
                      "duplicate key '" + value + "': YAML would keep only one of them",
                      path()});
    node(&value);
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(true);
  }
  void OnMapEnd() override { close(); }

private:
  struct frame {
    bool is_map = false;
    bool expect_key = true;    // maps: the next node is a key
    std::set<std::string> keys;
    std::string key;           // maps: the key whose value is being read
    std::size_t index = 0;     // sequences: the item being read
  };

  // A whole node (scalar, or a finished collection) was read at the top level.
  void node(const std::string* scalar) {
    if (frames_.empty())
      return;
    auto& top = frames_.back();
    if (!top.is_map) {
      ++top.index;
      return;
    }
    if (top.expect_key)
      top.key = scalar != nullptr ? *scalar : "?";
    top.expect_key = !top.expect_key;
  }

  void open(bool is_map) {
    frame f;
    f.is_map = is_map;
    frames_.push_back(std::move(f));
  }

  void close() {
    frames_.pop_back();
    node(nullptr);
  }

  // The YAML path of the mapping the key stands in, as the loader writes it.
  std::string path() const {
    std::string out;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const auto& f = frames_[i];
      if (f.is_map)
        out += (out.empty() ? "" : ".") + f.key;
      else
        out += "[" + std::to_string(f.index) + "]";
    }
    return out;
  }

  std::string file_;
  std::vector<diagnostic>& out_;
  std::vector<frame> frames_;
  frame root_;
  int documents_ = 0;
  YAML::Mark first_;
  YAML::Mark second_;
};

} // namespace

std::vector<diagnostic> find_duplicate_keys(const std::string& text, const std::string& file,
                                            bool& unreadable) {
  std::vector<diagnostic> found;
  std::istringstream in(text);
  YAML::Parser parser(in);
  key_checker checker(file, found);
  // One document is a scenario; a second is reported, not read. Stopping there also
  // keeps clear of yaml-cpp 0.7 handing out empty documents forever after a stray
  // `,` outside a flow collection.
  try {
    for (int i = 0; i < 2 && parser.HandleNextDocument(checker); ++i) {
    }
  } catch (const YAML::Exception& e) { // in a second document, which YAML::Load skips
    unreadable = true;
    found.push_back({file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg, ""});
    return found;
  }
  if (checker.documents() > 1) {
    const auto& at = checker.second_document();
    const bool stuck = at.pos == checker.first_document().pos;
    if (stuck)
      unreadable = true;
    found.push_back({file, at.line + 1, at.column + 1,
                     stuck ? "YAML syntax error: a ',' outside any [ ] or { } list"
                           : "a second YAML document begins here: a scenario is one document "
                             "(remove the '---' or split the file)",
                     ""});
  }
  return found;
}

} // namespace sim
