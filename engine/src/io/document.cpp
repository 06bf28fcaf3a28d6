// The document tree and the kinds of documents: what every loader reads, independent of YAML.
#include "appraise/io/document.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>

#include "appraise/core/text.hpp"
#include "appraise/messages/io.hpp"

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

std::string path_beside(const std::string& file, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(file).parent_path() / p).lexically_normal().string();
}

Message described(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Null: return msg(messages::Io::node_nothing);
    case Node::Kind::Scalar: return Message::same(fmt::format("`{}`", shorten(n.scalar)));
    case Node::Kind::Sequence: return msg(messages::Io::node_list);
    case Node::Kind::Map: return msg(messages::Io::node_mapping);
  }
  return msg(messages::Io::node_nothing);
}

std::string describe(const Node& n) { return described(n).en; }

Message document_noun(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::Model: return msg(messages::Io::document_model);
    case DocumentKind::Scenarios: return msg(messages::Io::document_scenarios);
    case DocumentKind::Portfolio: return msg(messages::Io::document_portfolio);
    case DocumentKind::Ledger: return msg(messages::Io::document_ledger);
    case DocumentKind::Programme: return msg(messages::Io::document_programme);
  }
  return msg(messages::Io::document_model);
}

namespace {

// The top-level sections that say what a document is, by kind (DocumentKind's order).
const std::vector<const char*>& kind_keys(DocumentKind kind) {
  static const std::vector<const char*> model{"project"};
  static const std::vector<const char*> scenarios{"model", "models", "scenarios", "options", "sensitivity", "simulation"};
  static const std::vector<const char*> portfolio{"portfolio", "debts"};
  static const std::vector<const char*> programme{"programme"};
  static const std::vector<const char*> none{};
  switch (kind) {
    case DocumentKind::Model: return model;
    case DocumentKind::Scenarios: return scenarios;
    case DocumentKind::Portfolio: return portfolio;
    case DocumentKind::Programme: return programme;
    case DocumentKind::Ledger: return none;  // a CSV file: no sections
  }
  return none;
}

}  // namespace

const Node* kind_key(const Node& root, DocumentKind kind) {
  if (!root.is_map()) return nullptr;
  const auto& keys = kind_keys(kind);
  for (const auto& entry : root.entries) {
    const Node& k = entry.first;  // a plain name: clang before 16 cannot capture a structured binding
    if (k.is_scalar() && std::find_if(keys.begin(), keys.end(), [&](const char* w) { return k.scalar == w; }) != keys.end())
      return &k;
  }
  return nullptr;
}

std::optional<DocumentKind> kind_of(const Node& root) {
  for (const DocumentKind kind : {DocumentKind::Model, DocumentKind::Programme, DocumentKind::Portfolio, DocumentKind::Scenarios})
    if (kind_key(root, kind)) return kind;
  return std::nullopt;
}

Message document_examples(DocumentKind kind) {
  switch (kind) {
    case DocumentKind::Model: return msg(messages::Io::examples_model);
    case DocumentKind::Scenarios: return msg(messages::Io::examples_scenarios);
    default: return Message::same(traits(kind).examples);  // a file name
  }
}

const DocumentTraits& traits(DocumentKind kind) {
  static const DocumentTraits model{"model", "YAML", "project:", "docs/model-format.md", "the files in models/",
                                    2 * 1024 * 1024, 200'000};
  static const DocumentTraits scenarios{"scenario file", "YAML", "model:", "docs/scenario-format.md", "the files in scenarios/",
                                        2 * 1024 * 1024, 200'000};
  static const DocumentTraits portfolio{"debt portfolio", "YAML", "portfolio:", "docs/portfolio-format.md", "models/city-debt.yaml",
                                        8 * 1024 * 1024, 2'000'000};
  // A ledger is read row by row, not by the YAML parser: 100,000 debts are about 8 MB.
  // A programme names its candidates' models: 2,000 candidates are about 400 kB.
  static const DocumentTraits programme{"programme", "YAML", "programme:", "docs/programme-format.md",
                                        "scenarios/city-programme.yaml", 8 * 1024 * 1024, 2'000'000};
  static const DocumentTraits ledger{"debt ledger", "CSV", "a header row of column names", "docs/portfolio-format.md",
                                     "models/city-debt-ledger.csv", 64 * 1024 * 1024, 0};
  switch (kind) {
    case DocumentKind::Model: return model;
    case DocumentKind::Scenarios: return scenarios;
    case DocumentKind::Portfolio: return portfolio;
    case DocumentKind::Ledger: return ledger;
    case DocumentKind::Programme: return programme;
  }
  return model;
}

}  // namespace appraise::io
