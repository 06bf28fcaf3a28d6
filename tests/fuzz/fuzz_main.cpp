// A libFuzzer entry point for one harness, chosen at build time (APPRAISE_FUZZ_HARNESS names it;
// tests/fuzz/CMakeLists.txt builds one fuzz_<name> program per harness).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "harness.hpp"

namespace {
const appraise::fuzz::Harness& harness() {
  static const appraise::fuzz::Harness* h = [] {
    const auto* found = appraise::fuzz::find_harness(APPRAISE_FUZZ_HARNESS);
    if (!found) {
      std::fprintf(stderr, "appraise-fuzz: no harness named %s\n", APPRAISE_FUZZ_HARNESS);
      std::abort();
    }
    return found;
  }();
  return *h;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)harness().run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
