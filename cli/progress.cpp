#include "progress.hpp"

#include <algorithm>
#include <cstdio>
#include <fmt/format.h>
#include <unistd.h>

namespace appraise::cli {

ProgressLine::ProgressLine(std::string label) : ProgressLine(std::move(label), ::isatty(STDERR_FILENO) == 1) {}

ProgressLine::ProgressLine(std::string label, bool enabled) : label_(std::move(label)), enabled_(enabled) {}

ProgressLine::~ProgressLine() { finish(); }

bool ProgressLine::worth_showing(double elapsed_seconds, std::int64_t done, std::int64_t total, double expected_floor) {
  if (total <= 0 || done >= total || elapsed_seconds < 0.25) return false;
  if (done <= 0) return elapsed_seconds >= expected_floor;  // nothing done yet: it already took that long
  return elapsed_seconds * static_cast<double>(total) / static_cast<double>(done) >= expected_floor;
}

std::string ProgressLine::render(const std::string& label, std::int64_t done, std::int64_t total) {
  constexpr int width = 30;
  const double f = total > 0 ? std::clamp(static_cast<double>(done) / static_cast<double>(total), 0.0, 1.0) : 1.0;
  const int fill = static_cast<int>(f * width);
  std::string bar;
  for (int i = 0; i < width; ++i) bar += i < fill ? "█" : "░";
  return fmt::format("  {} [{}] {:3d}%  {} / {}", label, bar, static_cast<int>(f * 100), done, total);
}

void ProgressLine::update(std::int64_t done, std::int64_t total) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (!shown_ && !worth_showing(elapsed, done, total)) return;
  if (shown_ && now - last_draw_ < std::chrono::milliseconds(100) && done < total) return;
  shown_ = true;
  last_draw_ = now;
  std::fprintf(stderr, "\r%s", render(label_, done, total).c_str());
  std::fflush(stderr);
}

ProgressCallback ProgressLine::callback() {
  return [this](std::int64_t done, std::int64_t total) { update(done, total); };
}

void ProgressLine::finish() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
  enabled_ = false;
}

}  // namespace appraise::cli
