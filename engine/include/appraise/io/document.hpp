#pragma once
/// A parsed YAML document as a plain tree that remembers where every value came from. The YAML
/// parser (yaml-cpp) is used in exactly one file, yaml_reader.cpp, which builds this tree; every
/// loader (project models, debt portfolios, scenario files) reads the tree, so none of them sees
/// YAML types, and all of them report file:line:column.
///
/// Unlike yaml-cpp's own nodes, a map keeps every key in source order, duplicates included, so
/// duplicate keys can be reported (yaml-cpp 0.7 accepts them silently).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "appraise/core/diagnostics.hpp"

namespace appraise::io {

/// Where a value starts in the source. The column counts bytes (as the YAML parser does);
/// Reader::location turns it into characters, as editors count columns.
struct Mark {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, in bytes
};

/// What a document is: its limits and the words messages use for it differ.
enum class DocumentKind { Model, Scenarios, Portfolio, Ledger, Programme };

struct DocumentTraits {
  const char* noun;            // "model", "scenario file", "debt portfolio", "debt ledger", "programme"
  const char* format;          // "YAML", or "CSV" for a debt ledger
  const char* starts_with;     // the section a file of this kind starts with
  const char* reference;       // where the format is described
  const char* examples;        // where examples are
  /// Larger files are refused before parsing: the YAML parser needs about 150 times a file's
  /// size in memory. A model is a few kilobytes; a portfolio of 10,000 debts a few megabytes.
  std::size_t max_bytes;
  /// A document that expands to more values is refused: aliases (`*a`) that repeat anchors
  /// holding aliases multiply ("billion laughs").
  std::size_t max_values;
};

[[nodiscard]] const DocumentTraits& traits(DocumentKind kind);

/// Values nested deeper than this are refused (every format is a handful of levels deep).
inline constexpr int kMaxDocumentDepth = 64;

struct Node {
  enum class Kind { Null, Scalar, Sequence, Map };
  Kind kind = Kind::Null;
  std::string scalar;  // the text of a scalar, without quotes
  bool quoted = false; // written in quotes (or as a block scalar): "6" is text, 6 is a number
  Mark mark;
  Mark key_mark;       // for a mapping's value: where its key is (missing keys are reported there)
  std::string key_text;  // for a mapping's value: its key
  std::vector<Node> items;                    // a sequence's elements
  std::vector<std::pair<Node, Node>> entries;  // a map's (key, value) pairs in source order

  // Declared here and defaulted in document.cpp: a type that holds vectors of itself is
  // incomplete inside its own definition, and clang with libstdc++ 12 refuses to instantiate
  // the vectors' members there.
  Node();
  Node(const Node&);
  Node(Node&&) noexcept;
  Node& operator=(const Node&);
  Node& operator=(Node&&) noexcept;
  ~Node();

  [[nodiscard]] bool is_null() const { return kind == Kind::Null; }
  [[nodiscard]] bool is_scalar() const { return kind == Kind::Scalar; }
  [[nodiscard]] bool is_sequence() const { return kind == Kind::Sequence; }
  [[nodiscard]] bool is_map() const { return kind == Kind::Map; }
  /// The first value under `key` in a map, or nullptr.
  [[nodiscard]] const Node* find(std::string_view key) const;
  [[nodiscard]] Node* find(std::string_view key);
};

struct Document {
  std::string path;                // as given by the user, used in messages
  std::vector<std::string> lines;  // the source text, for excerpts
  Node root;
  DocumentKind kind = DocumentKind::Model;
};

struct ParsedDocument {
  std::optional<Document> document;
  Diagnostics diagnostics;
  bool io_error = false;  // the file could not be read (exit code 3, not 2)
};

/// Reads and parses a YAML file. Problems (unreadable file, empty file, bytes that are not
/// UTF-8, control characters, YAML syntax errors, more than one document, nesting or alias
/// expansion beyond the limits above) come back as diagnostics with their location. YAML merge
/// keys (`<<: *defaults`) are applied; a key given explicitly wins over a merged one.
[[nodiscard]] ParsedDocument parse_yaml_file(const std::string& path, DocumentKind kind = DocumentKind::Model);

/// Reads a text file of `kind` without parsing it: the document holds the path and the lines
/// (a UTF-8 byte-order mark removed, CRLF line ends tolerated) and no tree. Refused as
/// parse_yaml_file refuses them: unreadable, too large, not UTF-8, control characters. The CSV
/// ledger reader (ledger_reader.cpp) reads its files through this.
[[nodiscard]] ParsedDocument read_text_file(const std::string& path, DocumentKind kind);
[[nodiscard]] ParsedDocument text_document(std::string_view text, const std::string& name, DocumentKind kind);

/// Parses YAML text; `name` is what messages call it.
[[nodiscard]] ParsedDocument parse_yaml_text(std::string_view text, const std::string& name,
                                             DocumentKind kind = DocumentKind::Model);

/// A path named in `file` (a model in a scenario file or a programme, a ledger in a portfolio):
/// relative to the folder `file` is in, unless absolute.
/// Example: path_beside("scenarios/a.yaml", "../models/b.yaml") == "models/b.yaml"
[[nodiscard]] std::string path_beside(const std::string& file, const std::string& path);

/// Short name of a node for messages, in both languages: its text in backticks for a scalar,
/// "a list", "a mapping of keys", "nothing".
[[nodiscard]] Message described(const Node& n);
/// The same in English only (for texts not yet in the catalogue).
[[nodiscard]] std::string describe(const Node& n);

/// What a document is, from its top-level sections, when they say it: `project` a model,
/// `programme` a programme, `portfolio` or `debts` a debt portfolio, `model`, `models`,
/// `scenarios`, `options`, `sensitivity` or `simulation` a scenario or risk file (looked for in
/// that order); nullopt for a root that is not a mapping or has none of these. The one rule by
/// which `check` chooses a loader, a folder run leaves a file out, and a loader refuses a file
/// of another kind (reader.hpp: refuse_other_kind).
[[nodiscard]] std::optional<DocumentKind> kind_of(const Node& root);
/// The section by which kind_of knew the document (the first of its kind's keys in the file).
[[nodiscard]] const Node* kind_key(const Node& root, DocumentKind kind);

/// How messages name a kind of document ("model", 模型) and where its examples are.
[[nodiscard]] Message document_noun(DocumentKind kind);
[[nodiscard]] Message document_examples(DocumentKind kind);

}  // namespace appraise::io
