// Part files of sharded runs and their checks (parts.hpp).
#include "parts.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace appraise::cli {
namespace {

constexpr int kPartFormat = 1;
constexpr int kMaxShards = 10000;  // more shards than any run needs; bounds what a part may claim

std::optional<std::string> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return s.str();
}

// FNV-1a, 64 bits (Fowler, Noll, Vo): enough to tell a changed file from the same one.
std::string fnv1a64(const std::string& bytes) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

Diagnostic at_file(const std::string& file, std::string message, std::string hint = {}) {
  Diagnostic d;
  d.location = SourceLocation{file, 0, 0, 1};
  d.message = std::move(message);
  d.hint = std::move(hint);
  return d;
}

// The line and column of byte `offset` of `text`, for a JSON syntax error.
SourceLocation locate(const std::string& file, const std::string& text, std::size_t offset) {
  SourceLocation loc{file, 1, 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++loc.column;
    }
  }
  return loc;
}

}  // namespace

void add_shard_option(CLI::App& app, std::string& text) {
  app.add_option("--shard", text,
                 "compute shard K of N only and write its part file (JSON, with -o part-K.json) for `appraise merge`; "
                 "any scheduler can run the N shards (docs/scale-out.md)")
      ->option_text("K/N");
}

ShardOption parse_shard(const std::string& text) {
  ShardOption s;
  const auto slash = text.find('/');
  auto whole = [](std::string_view v, int& out) {
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    return ec == std::errc() && end == v.data() + v.size();
  };
  if (slash == std::string::npos || !whole(std::string_view(text).substr(0, slash), s.index) ||
      !whole(std::string_view(text).substr(slash + 1), s.count) || s.count < 1 || s.count > kMaxShards || s.index < 1 || s.index > s.count)
    usage_error("--shard", fmt::format("`{}` is not a shard", text), fmt::format("K/N: shard K of N, with 1 ≤ K ≤ N ≤ {}, such as 3/8", kMaxShards));
  return s;
}

void check_part_output(const OutputOptions& out) {
  const bool other = out.format_given ? out.format != report::Format::Json : (out.format != report::Format::Table && out.format != report::Format::Json);
  if (other || out.json_lines)
    usage_error("--shard", "a shard writes a part file (JSON) for `appraise merge`, not a report", {},
                "leave --format out (or name a .json file with -o); give --format, --lang and -o to `appraise merge`");
}

std::vector<PartInput> digests(const std::vector<std::string>& paths) {
  std::vector<PartInput> out;
  for (const auto& p : paths) {
    if (std::any_of(out.begin(), out.end(), [&](const PartInput& x) { return x.path == p; })) continue;
    const auto bytes = read_bytes(p);
    if (!bytes) {
      Diagnostics ds;
      ds.add(at_file(p, "cannot read the file"));
      throw CliError(IoFailure, render_all(ds, p, ui_lang()));
    }
    out.push_back({p, fnv1a64(*bytes)});
  }
  return out;
}

void emit_part(const std::string& command, const ShardOption& shard, const report::JsonValue& options,
               const std::vector<std::string>& inputs, report::JsonValue data, const OutputOptions& out) {
  report::JsonValue doc;
  doc["appraise_part"] = kPartFormat;
  doc["command"] = command;
  doc["engine_version"] = APPRAISE_VERSION;
  doc["shard"] = shard.index;
  doc["shards"] = shard.count;
  doc["options"] = options;
  report::JsonValue in = report::JsonValue::array();
  for (const auto& d : digests(inputs)) in.push_back({{"path", d.path}, {"fnv1a64", d.digest}});
  doc["inputs"] = in;
  doc["data"] = std::move(data);
  OutputOptions o;
  o.format = report::Format::Json;
  o.path = out.path;
  emit(doc.dump() + "\n", o);
}

std::vector<Part> read_parts(const std::vector<std::string>& files) {
  Diagnostics problems;
  bool unreadable = false;
  std::vector<Part> parts;
  for (const auto& file : files) {
    note_input(file);
    const auto text = read_bytes(file);
    if (!text) {
      problems.add(at_file(file, "cannot read the file"));
      unreadable = true;
      continue;
    }
    report::JsonValue doc;
    try {
      doc = report::JsonValue::parse(*text);
    } catch (const nlohmann::json::parse_error& e) {
      Diagnostic d = at_file(file, "not a part file: it is not JSON", "a part file is what `COMMAND --shard K/N -o FILE` writes");
      d.location = locate(file, *text, e.byte > 0 ? e.byte - 1 : 0);
      problems.add(d);
      continue;
    }
    const auto get = [&](const char* key) -> const report::JsonValue* {
      const auto it = doc.is_object() ? doc.find(key) : doc.end();
      return doc.is_object() && it != doc.end() ? &*it : nullptr;
    };
    const auto* format = get("appraise_part");
    if (!format || *format != kPartFormat || !get("command") || !get("command")->is_string() || !get("shard") ||
        !get("shard")->is_number_integer() || !get("shards") || !get("shards")->is_number_integer() || !get("options") ||
        !get("inputs") || !get("inputs")->is_array() || !get("data") || !get("engine_version")) {
      problems.add(at_file(file, "not a part file of appraise", "a part file is what `COMMAND --shard K/N -o FILE` writes"));
      continue;
    }
    if (*get("engine_version") != APPRAISE_VERSION) {
      problems.add(at_file(file, fmt::format("made by appraise {}, not by this version ({})", get("engine_version")->dump(), APPRAISE_VERSION),
                           "run the shards and the merge with one version"));
      continue;
    }
    const auto index = (*get("shard")).get<std::int64_t>(), count = (*get("shards")).get<std::int64_t>();
    if (count < 1 || count > kMaxShards || index < 1 || index > count) {
      problems.add(at_file(file, fmt::format("its shard {} of {} is not one of 1 to N with N at most {}", index, count, kMaxShards),
                           "a part file is what `COMMAND --shard K/N -o FILE` writes"));
      continue;
    }
    Part p;
    p.file = file;
    p.command = (*get("command")).get<std::string>();
    p.shard = {static_cast<int>(index), static_cast<int>(count)};
    p.options = *get("options");
    for (const auto& in : *get("inputs")) {
      if (!in.is_object() || !in.contains("path") || !in.contains("fnv1a64") || !in["path"].is_string() || !in["fnv1a64"].is_string()) {
        problems.add(at_file(file, "not a part file of appraise: its inputs are not listed as they should be"));
        continue;
      }
      p.inputs.push_back({in["path"].get<std::string>(), in["fnv1a64"].get<std::string>()});
    }
    p.data = std::move(*doc.find("data"));
    parts.push_back(std::move(p));
  }
  if (problems.has_errors()) throw CliError(unreadable ? IoFailure : InvalidInput, render_all(problems, "the parts", ui_lang()));
  if (parts.empty()) usage_error("merge", "no part files were given", "the part files of one run: `appraise merge part-*.json`");

  // One run: the first part's command, options, shard count and inputs are every part's.
  const Part& first = parts.front();
  auto inputs_text = [](const Part& p) {
    std::vector<std::string> v;
    for (const auto& i : p.inputs) v.push_back(i.path + "@" + i.digest);
    return v;
  };
  for (const Part& p : parts) {
    std::string differs;
    if (p.command != first.command) differs = fmt::format("it is a part of `{}`, {} of `{}`", p.command, first.file, first.command);
    else if (p.shard.count != first.shard.count) differs = fmt::format("it is one of {} shards, {} one of {}", p.shard.count, first.file, first.shard.count);
    else if (p.options != first.options) differs = fmt::format("its options ({}) differ from those of {} ({})", p.options.dump(), first.file, first.options.dump());
    else if (inputs_text(p) != inputs_text(first)) differs = fmt::format("it was made from other input files than {}", first.file);
    if (!differs.empty())
      problems.add(at_file(p.file, "not a part of the same run: " + differs, "merge the parts of one run, made with the same command line"));
  }
  if (problems.has_errors()) throw CliError(InvalidInput, render_all(problems, "the parts", ui_lang()));
  std::map<int, std::string> seen;
  for (const Part& p : parts) {
    const auto [it, inserted] = seen.emplace(p.shard.index, p.file);
    if (!inserted)
      problems.add(at_file(p.file, fmt::format("shard {} of {} is given twice (also {})", p.shard.index, p.shard.count, it->second),
                           "give each shard's part once"));
  }
  std::vector<std::string> missing;
  int more = 0;  // missing shards past the first ten, counted rather than listed
  for (int k = 1; k <= first.shard.count; ++k)
    if (!seen.count(k)) (missing.size() < 10 ? missing.push_back(std::to_string(k)) : void(++more));
  if (more > 0) missing.push_back(fmt::format("{} more", more));
  if (!missing.empty())
    problems.add(at_file(first.file, fmt::format("shard {} of {} {} missing", fmt::join(missing, ", "), first.shard.count,
                                                 missing.size() == 1 ? "is" : "are"),
                         "every shard's part is needed: run the missing shards, or give their files"));
  // The inputs as they are now: a file changed since the shards ran would merge into a result
  // that no run gave.
  for (const auto& in : first.inputs) {
    const auto bytes = read_bytes(in.path);
    if (!bytes) problems.add(at_file(in.path, "an input of the parts cannot be read", "merge where the shards' input files are"));
    else if (fnv1a64(*bytes) != in.digest)
      problems.add(at_file(in.path, "this input has changed since the parts were made", "run the shards again on the file as it is"));
  }
  if (problems.has_errors()) throw CliError(InvalidInput, render_all(problems, "the parts", ui_lang()));
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.shard.index < b.shard.index; });
  return parts;
}

}  // namespace appraise::cli
