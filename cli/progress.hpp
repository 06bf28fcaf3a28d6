#pragma once
// A progress line on stderr for long runs, shared by every command that can take a while
// (simulate, sensitivity, compare, debt): shown only when stderr is a terminal and the run is
// expected to take more than about a second, so pipes, files, CI logs and quick runs stay
// silent. Redrawn in place at most ten times a second and cleared when the run ends, so
// nothing of it remains on the screen or mixes with stdout.
//
//   ProgressLine progress("simulate");
//   result = simulate(model, spec, progress.callback());
//   progress.finish();   // also done by the destructor, e.g. when the run throws
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include "appraise/core/progress.hpp"

namespace appraise::cli {

class ProgressLine {
 public:
  /// `label` names the work ("simulate"); `enabled` defaults to whether stderr is a terminal.
  explicit ProgressLine(std::string label);
  ProgressLine(std::string label, bool enabled);
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;
  ~ProgressLine();

  /// Records progress; draws the line when worth_showing says so. Safe from any thread.
  void update(std::int64_t done, std::int64_t total);
  /// A callback for the engine that forwards to update(); valid while this object lives.
  [[nodiscard]] ProgressCallback callback();
  /// Clears the line if it was drawn. Idempotent.
  void finish();

  /// The rule: after a short warm-up (0.25 s), show when the run is not done and the time it
  /// is expected to take in total, elapsed · total / done, is at least `expected_floor` seconds.
  [[nodiscard]] static bool worth_showing(double elapsed_seconds, std::int64_t done, std::int64_t total,
                                          double expected_floor = 1.0);
  /// The text of the line, e.g. "  simulate [█████░░░░░]  45%  450000 / 1000000".
  [[nodiscard]] static std::string render(const std::string& label, std::int64_t done, std::int64_t total);

 private:
  std::string label_;
  bool enabled_ = false;
  bool shown_ = false;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_draw_{};
  std::mutex mu_;
};

}  // namespace appraise::cli
