#include "appraise/core/text.hpp"

#include <cstdint>

namespace appraise {
namespace {

// Decodes one code point at s[i]; returns its length in bytes, 0 when the bytes are invalid.
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const char32_t raw = b0;
  const std::size_t len = [&]() -> std::size_t {
    std::size_t n = 0;
    if (b0 < 0x80) { cp = b0; return 1; }
    if ((b0 & 0xE0) == 0xC0) { cp = b0 & 0x1F; n = 2; }
    else if ((b0 & 0xF0) == 0xE0) { cp = b0 & 0x0F; n = 3; }
    else if ((b0 & 0xF8) == 0xF0) { cp = b0 & 0x07; n = 4; }
    else return 0;
    if (i + n > s.size()) return 0;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (b & 0x3F);
    }
    // Reject overlong forms, surrogates and values past U+10FFFF.
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return 0;
    return n;
  }();
  if (len == 0) cp = raw;
  return len;
}

// The wide ranges of Unicode's East Asian Width property (W and F) that occur in practice:
// CJK ideographs and punctuation, Hangul, full-width forms.
int width_of(char32_t cp) {
  if (cp == 0) return 0;
  if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || (cp >= 0xFE00 && cp <= 0xFE0F)) return 0;
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
      (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
      (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
      (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
      (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
      (cp >= 0x20000 && cp <= 0x3FFFD))
    return 2;
  return 1;
}

}  // namespace

std::size_t display_width_of_prefix(std::string_view s, std::size_t bytes) {
  std::size_t w = 0;
  std::size_t i = 0;
  const std::size_t stop = bytes < s.size() ? bytes : s.size();
  while (i < stop) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0) { ++w; ++i; continue; }
    w += static_cast<std::size_t>(width_of(cp));
    i += len;
  }
  return w;
}

std::size_t display_width(std::string_view s) { return display_width_of_prefix(s, s.size()); }

std::string pad_right(std::string_view s, std::size_t width) {
  std::string out(s);
  const std::size_t w = display_width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
  const std::size_t w = display_width(s);
  std::string out;
  if (w < width) out.append(width - w, ' ');
  out.append(s);
  return out;
}

std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) { return decode(s, i, cp); }

int code_point_width(char32_t cp) { return width_of(cp); }

std::size_t code_points_in_prefix(std::string_view s, std::size_t bytes) {
  std::size_t n = 0;
  std::size_t i = 0;
  const std::size_t stop = bytes < s.size() ? bytes : s.size();
  while (i < stop) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    i += len == 0 ? 1 : len;
    ++n;
  }
  return n;
}

std::size_t byte_offset_of_code_point(std::string_view s, std::size_t n) {
  std::size_t i = 0;
  for (std::size_t k = 0; k < n && i < s.size(); ++k) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    i += len == 0 ? 1 : len;
  }
  return i < s.size() ? i : s.size();
}

std::string shorten(std::string_view s, std::size_t max_width) {
  std::string out;
  std::size_t w = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    std::string_view piece = len == 0 ? std::string_view("\xEF\xBF\xBD") : s.substr(i, len);
    if (len != 0 && (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))) piece = " ";
    const std::size_t pw = len == 0 ? 1 : static_cast<std::size_t>(width_of(cp < 0x20 ? U' ' : cp));
    if (w + pw > max_width) {
      // Keep room for the ellipsis.
      while (!out.empty() && w + 1 > max_width) {
        std::size_t back = out.size() - 1;
        while (back > 0 && (static_cast<unsigned char>(out[back]) & 0xC0) == 0x80) --back;
        char32_t last = 0;
        const std::size_t l = decode(out, back, last);
        w -= l == 0 ? 1 : static_cast<std::size_t>(width_of(last));
        out.erase(back);
      }
      return out + "\xE2\x80\xA6";
    }
    out.append(piece);
    w += pw;
    i += len == 0 ? 1 : len;
  }
  return out;
}

std::optional<std::size_t> first_invalid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp = 0;
    const std::size_t len = decode(s, i, cp);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

}  // namespace appraise
