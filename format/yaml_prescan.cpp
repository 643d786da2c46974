#include "format/yaml_prescan.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <set>
#include <sstream>

namespace sim {
namespace {

// Thrown out of the parser where the node count passes its limit: the scan stops
// there, before the rest of the text is read.
struct too_many_nodes {
  YAML::Mark mark;
};

class key_checker : public YAML::EventHandler {
public:
  key_checker(std::string file, std::vector<diagnostic>& out, std::uint64_t max_nodes)
    : file_(std::move(file)), out_(out), max_nodes_(max_nodes) {}

  std::uint64_t nodes() const { return nodes_; }

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
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(mark, 1);
    anchored(anchor, 1);
    node(nullptr);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(mark, anchor < anchor_nodes_.size() ? anchor_nodes_[anchor] : 1);
    node(nullptr);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    count(mark, 1);
    anchored(anchor, 1);
    auto& top = frames_.empty() ? root_ : frames_.back();
    if (top.is_map && top.expect_key && !top.keys.insert(value).second)
      out_.push_back({file_, mark.line + 1, mark.column + 1,
                      "duplicate key '" + value + "': YAML would keep only one of them",
                      path()});
    node(&value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    count(mark, 1);
    open(false, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    count(mark, 1);
    open(true, anchor);
  }
  void OnMapEnd() override { close(); }

private:
  struct frame {
    bool is_map = false;
    bool expect_key = true;    // maps: the next node is a key
    std::set<std::string> keys;
    std::string key;           // maps: the key whose value is being read
    std::size_t index = 0;     // sequences: the item being read
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::uint64_t nodes_before = 0; // the count before the collection began
  };

  // `n` more nodes at `mark`. Every count stays at most twice the limit (an
  // alias names at most the limit), so nothing overflows.
  void count(const YAML::Mark& mark, std::uint64_t n) {
    nodes_ += n;
    if (nodes_ > max_nodes_)
      throw too_many_nodes{mark};
  }

  // What an alias of `anchor` will count: the nodes of what it names.
  void anchored(YAML::anchor_t anchor, std::uint64_t nodes) {
    if (anchor == YAML::NullAnchor)
      return;
    if (anchor >= anchor_nodes_.size())
      anchor_nodes_.resize(anchor + 1, 1);
    anchor_nodes_[anchor] = nodes;
  }

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

  void open(bool is_map, YAML::anchor_t anchor) {
    frame f;
    f.is_map = is_map;
    f.anchor = anchor;
    f.nodes_before = nodes_ - 1;
    frames_.push_back(std::move(f));
  }

  void close() {
    anchored(frames_.back().anchor, nodes_ - frames_.back().nodes_before);
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
  std::uint64_t max_nodes_;
  std::uint64_t nodes_ = 0;
  std::vector<std::uint64_t> anchor_nodes_; // by yaml-cpp's anchor number
  std::vector<frame> frames_;
  frame root_;
  int documents_ = 0;
  YAML::Mark first_;
  YAML::Mark second_;
};

} // namespace

yaml_prescan prescan_yaml(const std::string& text, const std::string& file,
                          std::uint64_t max_nodes, const std::string& too_many) {
  yaml_prescan out;
  std::istringstream in(text);
  YAML::Parser parser(in);
  key_checker checker(file, out.errors, max_nodes);
  // One document is a scenario; a second is reported, not read. Stopping there also
  // keeps clear of yaml-cpp 0.7 handing out empty documents forever after a stray
  // `,` outside a flow collection.
  try {
    for (int i = 0; i < 2 && parser.HandleNextDocument(checker); ++i) {
    }
  } catch (const YAML::Exception& e) {
    // In the first document, the syntax error is all there is to say: what was
    // found before it may be a consequence of it.
    if (checker.documents() <= 1)
      out.errors.clear();
    out.unreadable = true;
    out.errors.push_back(
      {file, e.mark.line + 1, e.mark.column + 1, "YAML syntax error: " + e.msg, ""});
    return out;
  } catch (const too_many_nodes& e) {
    out.unreadable = true;
    out.nodes = checker.nodes();
    out.errors.push_back({file, e.mark.line + 1, e.mark.column + 1, too_many, ""});
    return out;
  }
  out.nodes = checker.nodes();
  if (checker.documents() > 1) {
    const auto& at = checker.second_document();
    const bool stuck = at.pos == checker.first_document().pos;
    if (stuck)
      out.unreadable = true;
    out.errors.push_back({file, at.line + 1, at.column + 1,
                          stuck ? "YAML syntax error: a ',' outside any [ ] or { } list"
                                : "a second YAML document begins here: a scenario is one "
                                  "document (remove the '---' or split the file)",
                          ""});
  }
  return out;
}

} // namespace sim
