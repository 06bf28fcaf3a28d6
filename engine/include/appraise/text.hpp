#pragma once
/// UTF-8 text helpers for aligned terminal output and input checks: Chinese row labels are
/// two columns wide in a terminal, so padding by bytes or by code points misaligns tables.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace appraise {

/// Columns a terminal uses to show `s`: East Asian wide and full-width characters count 2,
/// combining marks 0, everything else 1. Invalid UTF-8 bytes count 1 each.
[[nodiscard]] std::size_t display_width(std::string_view s);

/// `s` padded with spaces to `width` display columns, on the right (left-aligned text) or on
/// the left (right-aligned numbers). Never truncates.
[[nodiscard]] std::string pad_right(std::string_view s, std::size_t width);
[[nodiscard]] std::string pad_left(std::string_view s, std::size_t width);

/// Byte offset of the first byte that is not valid UTF-8, or nullopt when all of `s` is valid.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8(std::string_view s);

/// Display width of the first `bytes` bytes of `s` (for placing a caret under a column given
/// in bytes).
[[nodiscard]] std::size_t display_width_of_prefix(std::string_view s, std::size_t bytes);

}  // namespace appraise
