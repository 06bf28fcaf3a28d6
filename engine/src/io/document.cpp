// The document tree and the kinds of documents: what every loader reads, independent of YAML.
#include "appraise/io/document.hpp"

#include <fmt/format.h>

#include "appraise/core/text.hpp"

namespace appraise::io {

Node::Node() = default;
Node::Node(const Node&) = default;
Node::Node(Node&&) noexcept = default;
Node& Node::operator=(const Node&) = default;
Node& Node::operator=(Node&&) noexcept = default;
Node::~Node() = default;

const Node* Node::find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k.is_scalar() && k.scalar == key) return &v;
  return nullptr;
}

Node* Node::find(std::string_view key) {
  for (auto& [k, v] : entries)
    if (k.is_scalar() && k.scalar == key) return &v;
  return nullptr;
}

std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null: return "nothing";
    case Node::Kind::Scalar: return fmt::format("`{}`", shorten(n.scalar));
    case Node::Kind::Sequence: return "a list";
    case Node::Kind::Map: return "a mapping of keys";
  }
  return "nothing";
}

const DocumentTraits& traits(DocumentKind kind) {
  static const DocumentTraits model{"model", "YAML", "project:", "docs/model-format.md", "the files in models/",
                                    2 * 1024 * 1024, 200'000};
  static const DocumentTraits scenarios{"scenario file", "YAML", "model:", "docs/scenario-format.md", "the files in scenarios/",
                                        2 * 1024 * 1024, 200'000};
  static const DocumentTraits portfolio{"debt portfolio", "YAML", "portfolio:", "docs/portfolio-format.md", "models/city-debt.yaml",
                                        8 * 1024 * 1024, 2'000'000};
  // A ledger is read row by row, not by the YAML parser: 100,000 debts are about 8 MB.
  static const DocumentTraits ledger{"debt ledger", "CSV", "a header row of column names", "docs/portfolio-format.md",
                                     "models/city-debt-ledger.csv", 64 * 1024 * 1024, 0};
  switch (kind) {
    case DocumentKind::Model: return model;
    case DocumentKind::Scenarios: return scenarios;
    case DocumentKind::Portfolio: return portfolio;
    case DocumentKind::Ledger: return ledger;
  }
  return model;
}

}  // namespace appraise::io
