#pragma once
// The Latin-letter words in a Chinese text that are not names, units, code or the indicator
// abbreviations a Chinese report keeps (FIRR, DSCR, …): what an English sentence leaking into a
// Chinese output leaves behind. Used by the catalogue scan (tests/test_messages.cpp) and by the
// test that runs every example under --lang zh (tests/test_chinese_outputs.cpp).
#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace latin_words {

// Words a Chinese financial report writes in Latin letters: the standard's and project
// finance's abbreviations, file formats, units and codes, and the program's own name.
inline const std::set<std::string>& allowed() {
  static const std::set<std::string> words{
      // indicators and their symbols
      "FIRR", "FNPV", "DSCR", "ICR", "LLCR", "PLCR", "ROI", "ROE", "ENPV", "EIRR", "EBCR", "IRR", "NPV", "MIRR",
      "XNPV", "XIRR", "PMT", "IPMT", "PPMT", "FV", "PV", "NPER", "RATE", "BEP", "CFADS", "EBIT", "EBITDA", "VAT",
      "ic", "IC", "is", "P",  // ic: 基准收益率; is: 社会折现率 (the standard's symbols; an English
                              // sentence that leaks has other words beside "is")
      "PERT", "LPR", "PPP", "VfM", "PSC", "LP", "GLPK",
      // methods named as the literature names them: TOMS 748 (the root finder), R² (the rank
      // regression's), the Gaussian copula
      "TOMS", "R", "copula", "Copula",
      // the symbols of the land opportunity-cost formula OC = NB₀·(1+g)^(τ+1)·…
      "NB", "g",
      // formats and tools
      "CSV", "JSON", "YAML", "XLSX", "HTML", "UTF", "GBK", "BOM", "Excel", "WPS", "csv", "json", "xlsx", "yaml",
      "table", "html", "jsonl", "appraise", "zh", "en", "APPRAISE_LANG", "LANG", "COLUMNS",
      "Apache", "ECharts",  // the HTML report's chart library, credited in its footer with its licence
      // units and codes
      "CNY", "RMB", "km", "m", "t", "kWh", "MB", "GB", "KB", "e", "x", "n", "T", "N", "i", "r", "B", "X", "C",
      "act", "end", "begin", "mid", "YYYY", "MM", "DD", "Q", "Q1", "Q2", "Q3", "Q4",
      "K",  // the K of `--shard K/N` and of a payment's number (`calc ipmt --per K`)
  };
  return words;
}

// Removes what may hold Latin letters legitimately: `code` in backticks, {placeholders},
// options (--lang), paths and file names (with / or a dot inside the word, or a `[` after it).
inline std::string strip_code(std::string_view text) {
  std::string out;
  bool in_tick = false;
  int brace = 0;
  for (char c : text) {
    if (c == '`') { in_tick = !in_tick; out += ' '; continue; }
    if (in_tick) continue;
    if (c == '{') { ++brace; continue; }
    if (c == '}' && brace > 0) { --brace; continue; }
    if (brace > 0) continue;
    out += c;
  }
  return out;
}

inline bool is_latin(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// The words of `text` (after strip_code) that are Latin and not allowed. A token that holds a
// `/`, a `.`, a `-` at its start (an option), a `_` or a digit is a path, option, key or code.
inline std::vector<std::string> offending(std::string_view text, const std::set<std::string>& names = {}) {
  const std::string s = strip_code(text);
  std::vector<std::string> bad;
  std::size_t i = 0;
  while (i < s.size()) {
    // A token: a run of bytes that are not spaces and not CJK (bytes >= 0x80 end it too).
    const auto is_break = [&](std::size_t k) {
      const unsigned char c = static_cast<unsigned char>(s[k]);
      return c == ' ' || c == '\t' || c == '\n' || c >= 0x80 || c == '(' || c == ')' || c == ',' || c == ';' ||
             c == ':' || c == '=' || c == '"' || c == '\'' || c == '[' || c == ']' || c == '<' || c == '>' ||
             c == '|' || c == '*' || c == '+';
    };
    if (is_break(i)) { ++i; continue; }
    std::size_t j = i;
    while (j < s.size() && !is_break(j)) ++j;
    std::string token = s.substr(i, j - i);
    // A path into a model, such as revenue[通行费收入].price or revenue.污水处理服务费.volume: the
    // word runs straight into `[`, or into a `.` with more of the path after it.
    const bool path = j < s.size() && (s[j] == '[' || (token.back() == '.' && s[j] != ' ' && s[j] != '\n' && s[j] != '\t'));
    // A symbol given its value, such as is=8.00% or ic=6.00%.
    const bool symbol = j < s.size() && s[j] == '=';
    i = j;
    if (path || symbol) continue;
    // Trailing punctuation of a sentence.
    while (!token.empty() && (token.back() == '.' || token.back() == '!' || token.back() == '?' || token.back() == '%'))
      token.pop_back();
    if (token.empty() || !std::any_of(token.begin(), token.end(), is_latin)) continue;
    if (token.front() == '-' || token.find('/') != std::string::npos || token.find('.') != std::string::npos ||
        token.find('_') != std::string::npos || token.find('@') != std::string::npos ||
        std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    // Letters joined by `-` are one word each (pre-tax): check the parts.
    std::size_t start = 0;
    while (start <= token.size()) {
      const std::size_t dash = token.find('-', start);
      const std::string part = token.substr(start, dash == std::string::npos ? std::string::npos : dash - start);
      if (!part.empty() && !allowed().count(part) && !names.count(part)) bad.push_back(part);
      if (dash == std::string::npos) break;
      start = dash + 1;
    }
  }
  return bad;
}

}  // namespace latin_words
