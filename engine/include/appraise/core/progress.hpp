#pragma once
/// How a long computation reports progress to whoever runs it (the CLI draws a line on stderr:
/// cli/progress.hpp). The engine never prints; it calls back.

#include <cstdint>
#include <functional>

namespace appraise {

/// Called with the units of work done and the total (draws, factors, scenarios, debts), about
/// ten times a second and once at the end with done == total. It must not throw. Unless a
/// function says otherwise, it is called from the thread that started the computation.
using ProgressCallback = std::function<void(std::int64_t done, std::int64_t total)>;

}  // namespace appraise
