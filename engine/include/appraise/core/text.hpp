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

/// Decodes the code point at byte `i` of `s` into `cp`; returns its length in bytes, or 0 when
/// the bytes there are not valid UTF-8 (then `cp` is the single byte's value).
[[nodiscard]] std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp);

/// Columns a terminal uses for one code point: 2 for East Asian wide, 0 for combining marks.
[[nodiscard]] int code_point_width(char32_t cp);

/// Number of code points (characters, as editors count columns) in the first `bytes` bytes of
/// `s`; an invalid byte counts as one. Example: code_points_in_prefix("名称: x", 8) == 4.
[[nodiscard]] std::size_t code_points_in_prefix(std::string_view s, std::size_t bytes);

/// Byte offset of the `n`th code point of `s` (0-based), or s.size() past the end.
[[nodiscard]] std::size_t byte_offset_of_code_point(std::string_view s, std::size_t n);

/// `s` made safe and short for a one-line message: control characters (line breaks, tabs,
/// NUL) become spaces, bytes that are not UTF-8 become U+FFFD, and text wider than `max_width`
/// columns is cut with "…". Example: shorten("a\nb", 10) == "a b".
[[nodiscard]] std::string shorten(std::string_view s, std::size_t max_width = 40);

}  // namespace appraise
