#include "live/api_server.hpp"
#include "live/form.hpp"

#include "reports/json_text.hpp"

#include <httplib.h>

#include <stdexcept>

namespace live {
namespace {

} // namespace

std::string error_json(std::string_view type, std::string_view message, std::string_view code) {
  std::string out = "{\"error\":{\"type\":";
  reports::append_json_string(type, out);
  if (!code.empty()) {
    out += ",\"code\":";
    reports::append_json_string(code, out);
  }
  out += ",\"message\":";
  reports::append_json_string(message, out);
  return out + "}}";
}


api_server::api_server(const std::string& host, int port, std::chrono::milliseconds wait)
  : server_(std::make_unique<httplib::Server>()), wait_(wait) {
  server_->set_payload_max_length(1 << 20);
  const auto handle = [this](const httplib::Request& in, httplib::Response& out) {
    auto c = std::make_shared<call>();
    c->request.method = in.method;
    c->request.path = in.path;
    c->request.authorization = in.get_header_value("Authorization");
    c->request.idempotency_key = in.get_header_value("Idempotency-Key");
    c->request.content_type = in.get_header_value("Content-Type");
    c->request.body = in.body;
    for (const auto& [key, value] : in.params)
      c->request.params.emplace(key, value);
    if (c->request.content_type.rfind("application/x-www-form-urlencoded", 0) == 0 &&
        !read_form(in.body, c->request.params)) {
      out.status = 400;
      out.set_content(error_json("invalid_request_error", "the body is not a valid form"),
                      "application/json");
      return;
    }
    auto answer = c->answer.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (closed_) {
        out.status = 503;
        out.set_content(error_json("api_error", "the relinksim run is over"), "application/json");
        return;
      }
      calls_.push_back(c);
    }
    arrived_.notify_all();
    if (answer.wait_for(wait_) != std::future_status::ready) {
      out.status = 503;
      out.set_content(error_json("api_error", "the relinksim run did not get to this call in time"),
                      "application/json");
      return;
    }
    const api_response r = answer.get();
    out.status = r.status;
    out.set_header("Request-Id", "req_relinksim");
    out.set_content(r.body, "application/json");
  };
  // Every path: the run answers what it does not know with Stripe's 404.
  server_->Get("/.*", handle);
  server_->Post("/.*", handle);
  server_->Delete("/.*", handle);
  port_ = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ < 0)
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) +
                             " for the platform's API calls");
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listening_over_ = true;
  });
  // Until it listens (or gave up): a stop() before that would be missed, and the
  // thread would never end.
  while (!server_->is_running() && !listening_over_)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

std::shared_ptr<api_server::call> api_server::take() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (calls_.empty())
    return nullptr;
  auto c = calls_.front();
  calls_.pop_front();
  return c;
}

void api_server::close() {
  std::deque<std::shared_ptr<call>> left;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closed_ = true;
    left.swap(calls_);
  }
  for (auto& c : left)
    c->answer.set_value({503, error_json("api_error", "the relinksim run is over")});
}

api_server::~api_server() {
  close();
  server_->stop();
  if (thread_.joinable())
    thread_.join();
}

} // namespace live
