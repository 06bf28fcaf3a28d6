#include "appraise/core/message.hpp"

#include <array>
#include <vector>

#include "appraise/messages/cli.hpp"
#include "appraise/messages/core.hpp"
#include "appraise/messages/io.hpp"
#include "appraise/messages/portfolio.hpp"
#include "appraise/messages/project.hpp"
#include "appraise/messages/report.hpp"
#include "appraise/messages/risk.hpp"
#include "appraise/messages/scenario.hpp"

namespace appraise {
namespace {

// Each domain's entries in the order of its .def file, so that an id's value is its index; an
// empty entry closes each list (a domain may have no entries yet).
#define APPRAISE_MSG(id, en, zh) CatalogueEntry{DOMAIN "." #id, en, zh},
#define DOMAIN "core"
constexpr CatalogueEntry kCore[] = {
#include "appraise/messages/core.def"
    CatalogueEntry{}};
#undef DOMAIN
#define DOMAIN "io"
constexpr CatalogueEntry kIo[] = {
#include "appraise/messages/io.def"
#include "appraise/messages/loader_model.def"
#include "appraise/messages/loader_data.def"
    CatalogueEntry{}};
#undef DOMAIN
#define DOMAIN "project"
constexpr CatalogueEntry kProject[] = {
#include "appraise/messages/project.def"
#include "appraise/messages/validation.def"
    CatalogueEntry{}};
#undef DOMAIN
#define DOMAIN "scenario"
constexpr CatalogueEntry kScenario[] = {
#include "appraise/messages/scenario.def"
    CatalogueEntry{}};
#undef DOMAIN
#define DOMAIN "risk"
constexpr CatalogueEntry kRisk[] = {
#include "appraise/messages/risk.def"
    CatalogueEntry{}};
#undef DOMAIN
#define DOMAIN "portfolio"
constexpr CatalogueEntry kPortfolio[] = {
#include "appraise/messages/portfolio.def"
    CatalogueEntry{}};
#undef DOMAIN
#define DOMAIN "report"
constexpr CatalogueEntry kReport[] = {
#include "appraise/messages/report.def"
    CatalogueEntry{}};
#undef DOMAIN
#define DOMAIN "cli"
constexpr CatalogueEntry kCli[] = {
#include "appraise/messages/cli.def"
    CatalogueEntry{}};
#undef DOMAIN
#undef APPRAISE_MSG

const std::vector<CatalogueEntry>& all_entries() {
  static const std::vector<CatalogueEntry> all = [] {
    std::vector<CatalogueEntry> v;
    for (const std::span<const CatalogueEntry> domain :
         {std::span<const CatalogueEntry>(kCore), std::span<const CatalogueEntry>(kIo),
          std::span<const CatalogueEntry>(kProject), std::span<const CatalogueEntry>(kScenario),
          std::span<const CatalogueEntry>(kRisk), std::span<const CatalogueEntry>(kPortfolio),
          std::span<const CatalogueEntry>(kReport), std::span<const CatalogueEntry>(kCli)})
      v.insert(v.end(), domain.begin(), domain.end() - 1);
    return v;
  }();
  return all;
}

}  // namespace

namespace messages {
const CatalogueEntry& entry(Core id) { return kCore[static_cast<unsigned>(id)]; }
const CatalogueEntry& entry(Io id) { return kIo[static_cast<unsigned>(id)]; }
const CatalogueEntry& entry(Project id) { return kProject[static_cast<unsigned>(id)]; }
const CatalogueEntry& entry(Scenario id) { return kScenario[static_cast<unsigned>(id)]; }
const CatalogueEntry& entry(Risk id) { return kRisk[static_cast<unsigned>(id)]; }
const CatalogueEntry& entry(Portfolio id) { return kPortfolio[static_cast<unsigned>(id)]; }
const CatalogueEntry& entry(Report id) { return kReport[static_cast<unsigned>(id)]; }
const CatalogueEntry& entry(Cli id) { return kCli[static_cast<unsigned>(id)]; }
}  // namespace messages

std::span<const CatalogueEntry> catalogue() { return all_entries(); }

std::optional<Lang> parse_lang(std::string_view name) {
  if (name == "zh") return Lang::Zh;
  if (name == "en") return Lang::En;
  return std::nullopt;
}

namespace detail {

Message format_message(const CatalogueEntry& entry, fmt::format_args en, fmt::format_args zh) {
  try {
    return Message(fmt::vformat(entry.en, en), fmt::vformat(entry.zh, zh));
  } catch (const fmt::format_error& e) {
    throw std::logic_error(fmt::format("message {}: {}", entry.id, e.what()));
  }
}

std::string format_text(const CatalogueEntry& entry, Lang lang, fmt::format_args args) {
  try {
    return fmt::vformat(lang == Lang::Zh ? entry.zh : entry.en, args);
  } catch (const fmt::format_error& e) {
    throw std::logic_error(fmt::format("message {}: {}", entry.id, e.what()));
  }
}

}  // namespace detail

Message joined(const std::vector<std::string>& items) {
  Message m;
  for (std::size_t i = 0; i < items.size(); ++i) {
    m.en += (i > 0 ? ", " : "") + items[i];
    m.zh += (i > 0 ? "\xE3\x80\x81" : "") + items[i];  // 、
  }
  return m;
}

std::vector<std::string> placeholders(std::string_view text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{') {
      if (i + 1 < text.size() && text[i + 1] == '{') {
        ++i;
        continue;
      }
      const std::size_t close = text.find('}', i);
      if (close == std::string_view::npos) {
        out.emplace_back("{unclosed");
        break;
      }
      out.emplace_back(text.substr(i + 1, close - i - 1));
      i = close;
    } else if (text[i] == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      ++i;
    }
  }
  return out;
}

}  // namespace appraise
