// The only file that includes yaml-cpp: it turns YAML text into an appraise::io::Document.
#include <yaml-cpp/yaml.h>

#include <fmt/format.h>
#include <fstream>
#include <sstream>

#include "appraise/io/document.hpp"
#include "appraise/text.hpp"

namespace appraise::io {
namespace {

constexpr int kMaxDepth = 64;  // models are shallow; deeper input is a mistake or an attack

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  std::string cur;
  for (char c : text) {
    if (c == '\n') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      lines.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  lines.push_back(cur);
  return lines;
}

Diagnostic located(const std::string& name, const std::vector<std::string>& lines, int line, int column,
                   std::string message) {
  Diagnostic d;
  d.location = SourceLocation{name, line, column, 1};
  d.message = std::move(message);
  if (line >= 1 && static_cast<std::size_t>(line) <= lines.size()) d.source_line = lines[line - 1];
  return d;
}

struct Converter {
  const std::string& name;
  const std::vector<std::string>& lines;
  Diagnostics& diags;
  bool too_deep = false;

  Node convert(const YAML::Node& y, int depth) {
    Node n;
    n.mark = Mark{y.Mark().line + 1, y.Mark().column + 1};
    if (depth > kMaxDepth) {
      if (!too_deep)
        diags.add(located(name, lines, n.mark.line, n.mark.column,
                          fmt::format("values are nested more than {} levels deep", kMaxDepth)));
      too_deep = true;
      return n;
    }
    switch (y.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        n.kind = Node::Kind::Null;
        break;
      case YAML::NodeType::Scalar:
        n.kind = Node::Kind::Scalar;
        n.scalar = y.Scalar();
        n.quoted = y.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        n.kind = Node::Kind::Sequence;
        for (const auto& item : y) n.items.push_back(convert(item, depth + 1));
        break;
      case YAML::NodeType::Map:
        n.kind = Node::Kind::Map;
        for (auto it = y.begin(); it != y.end(); ++it)
          n.entries.emplace_back(convert(it->first, depth + 1), convert(it->second, depth + 1));
        break;
    }
    return n;
  }
};

}  // namespace

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
    case Node::Kind::Scalar: return fmt::format("`{}`", n.scalar);
    case Node::Kind::Sequence: return "a list";
    case Node::Kind::Map: return "a mapping of keys";
  }
  return "nothing";
}

ParsedDocument parse_yaml_text(std::string_view text, const std::string& name) {
  ParsedDocument out;
  Document doc;
  doc.path = name;
  doc.lines = split_lines(text);
  if (const auto bad = first_invalid_utf8(text)) {
    int line = 1, column = 1;
    for (std::size_t i = 0; i < *bad; ++i) {
      if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
    }
    auto d = located(name, doc.lines, line, column,
                     fmt::format("the file is not UTF-8 text (byte 0x{:02X} at offset {})",
                                 static_cast<unsigned>(static_cast<unsigned char>(text[*bad])), *bad));
    d.source_line.clear();  // the raw line would print the broken bytes again
    d.hint = "save the file as UTF-8 (in Excel/WPS: \"CSV UTF-8\"; in editors: encoding UTF-8, not GBK)";
    out.diagnostics.add(std::move(d));
    return out;
  }
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
    if (docs.size() > 1) {
      out.diagnostics.add(located(name, doc.lines, docs[1].Mark().line + 1, 1,
                                  "the file holds more than one YAML document (a `---` line)"));
      return out;
    }
    if (docs.empty() || docs[0].IsNull()) {
      Diagnostic d;
      d.location = SourceLocation{name, 0, 0, 1};
      d.message = "the file is empty";
      d.hint = "a model starts with `project:`; see docs/model-format.md or the files in models/";
      out.diagnostics.add(std::move(d));
      return out;
    }
    Converter conv{name, doc.lines, out.diagnostics};
    doc.root = conv.convert(docs[0], 0);
  } catch (const YAML::ParserException& e) {
    auto d = located(name, doc.lines, e.mark.line + 1, e.mark.column + 1,
                     fmt::format("this is not valid YAML: {}", e.msg));
    d.hint = "check the indentation (spaces, not tabs), and quote text that contains `:` or `#`";
    out.diagnostics.add(std::move(d));
    return out;
  } catch (const YAML::Exception& e) {
    auto d = located(name, doc.lines, e.mark.line + 1, e.mark.column + 1,
                     fmt::format("this is not valid YAML: {}", e.msg));
    out.diagnostics.add(std::move(d));
    return out;
  }
  if (!out.diagnostics.has_errors()) out.document = std::move(doc);
  return out;
}

ParsedDocument parse_yaml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ParsedDocument out;
    Diagnostic d;
    d.location = SourceLocation{path, 0, 0, 1};
    d.message = "cannot read the file: it does not exist or is not readable";
    out.diagnostics.add(std::move(d));
    out.io_error = true;
    return out;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // A UTF-8 byte-order mark (Windows Notepad adds one) is not content.
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  return parse_yaml_text(text, path);
}

}  // namespace appraise::io
