// Part files of sharded runs and their checks (parts.hpp).
#include "parts.hpp"
#include "help.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <fmt/format.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "appraise/messages/cli.hpp"

namespace appraise::cli {
namespace {

using messages::Cli;
using namespace appraise::literals;

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

Diagnostic at_file(const std::string& file, Message message, Message hint = {}) {
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
  app.add_option("--shard", text, help(Cli::help_shard))
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
    usage_error("--shard", msg(Cli::not_a_shard, "value"_a = text), msg(Cli::shard_form, "max"_a = kMaxShards));
  return s;
}

void check_part_output(const OutputOptions& out) {
  const bool other = out.format_given ? out.format != report::Format::Json : (out.format != report::Format::Table && out.format != report::Format::Json);
  if (other || out.json_lines)
    usage_error("--shard", msg(Cli::shard_writes_part), {}, msg(Cli::shard_output_hint));
}

std::vector<PartInput> digests(const std::vector<std::string>& paths) {
  std::vector<PartInput> out;
  for (const auto& p : paths) {
    if (std::any_of(out.begin(), out.end(), [&](const PartInput& x) { return x.path == p; })) continue;
    const auto bytes = read_bytes(p);
    if (!bytes) {
      Diagnostics ds;
      ds.add(at_file(p, msg(Cli::file_unreadable)));
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
      problems.add(at_file(file, msg(Cli::file_unreadable)));
      unreadable = true;
      continue;
    }
    report::JsonValue doc;
    try {
      doc = report::JsonValue::parse(*text);
    } catch (const nlohmann::json::parse_error& e) {
      Diagnostic d = at_file(file, msg(Cli::part_not_json), msg(Cli::part_written_by));
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
      problems.add(at_file(file, msg(Cli::part_not_appraise), msg(Cli::part_written_by)));
      continue;
    }
    if (*get("engine_version") != APPRAISE_VERSION) {
      problems.add(at_file(file, msg(Cli::part_other_version, "theirs"_a = get("engine_version")->dump(), "ours"_a = APPRAISE_VERSION),
                           msg(Cli::part_one_version)));
      continue;
    }
    const auto index = (*get("shard")).get<std::int64_t>(), count = (*get("shards")).get<std::int64_t>();
    if (count < 1 || count > kMaxShards || index < 1 || index > count) {
      problems.add(at_file(file, msg(Cli::part_shard_out_of_range, "index"_a = index, "count"_a = count, "max"_a = kMaxShards),
                           msg(Cli::part_written_by)));
      continue;
    }
    Part p;
    p.file = file;
    p.command = (*get("command")).get<std::string>();
    p.shard = {static_cast<int>(index), static_cast<int>(count)};
    p.options = *get("options");
    for (const auto& in : *get("inputs")) {
      if (!in.is_object() || !in.contains("path") || !in.contains("fnv1a64") || !in["path"].is_string() || !in["fnv1a64"].is_string()) {
        problems.add(at_file(file, msg(Cli::part_inputs_malformed)));
        continue;
      }
      p.inputs.push_back({in["path"].get<std::string>(), in["fnv1a64"].get<std::string>()});
    }
    p.data = std::move(*doc.find("data"));
    parts.push_back(std::move(p));
  }
  if (problems.has_errors()) throw CliError(unreadable ? IoFailure : InvalidInput, render_all(problems, msg(Cli::the_parts).in(ui_lang()), ui_lang()));
  if (parts.empty()) usage_error("merge", msg(Cli::no_part_files), msg(Cli::part_files_form));

  // One run: the first part's command, options, shard count and inputs are every part's.
  const Part& first = parts.front();
  auto inputs_text = [](const Part& p) {
    std::vector<std::string> v;
    for (const auto& i : p.inputs) v.push_back(i.path + "@" + i.digest);
    return v;
  };
  for (const Part& p : parts) {
    Message differs;
    if (p.command != first.command)
      differs = msg(Cli::part_other_command, "command"_a = p.command, "first"_a = first.file, "first_command"_a = first.command);
    else if (p.shard.count != first.shard.count)
      differs = msg(Cli::part_other_count, "count"_a = p.shard.count, "first"_a = first.file, "first_count"_a = first.shard.count);
    else if (p.options != first.options)
      differs = msg(Cli::part_other_options, "options"_a = p.options.dump(), "first"_a = first.file, "first_options"_a = first.options.dump());
    else if (inputs_text(p) != inputs_text(first))
      differs = msg(Cli::part_other_inputs, "first"_a = first.file);
    if (!differs.empty()) problems.add(at_file(p.file, std::move(differs), msg(Cli::merge_one_run)));
  }
  if (problems.has_errors()) throw CliError(InvalidInput, render_all(problems, msg(Cli::the_parts).in(ui_lang()), ui_lang()));
  std::map<int, std::string> seen;
  for (const Part& p : parts) {
    const auto [it, inserted] = seen.emplace(p.shard.index, p.file);
    if (!inserted)
      problems.add(at_file(p.file, msg(Cli::shard_given_twice, "index"_a = p.shard.index, "count"_a = p.shard.count, "other"_a = it->second),
                           msg(Cli::each_shard_once)));
  }
  std::vector<std::string> missing;
  int more = 0;  // missing shards past the first ten, counted rather than listed
  for (int k = 1; k <= first.shard.count; ++k)
    if (!seen.count(k)) (missing.size() < 10 ? missing.push_back(std::to_string(k)) : void(++more));
  if (!missing.empty()) {
    const Message list = joined(missing);
    const Message what = more > 0 ? msg(Cli::shards_missing_more, "list"_a = list, "more"_a = more, "count"_a = first.shard.count)
                         : missing.size() == 1 ? msg(Cli::shard_missing, "list"_a = list, "count"_a = first.shard.count)
                                               : msg(Cli::shards_missing, "list"_a = list, "count"_a = first.shard.count);
    problems.add(at_file(first.file, what, msg(Cli::run_missing_shards)));
  }
  // The inputs as they are now: a file changed since the shards ran would merge into a result
  // that no run gave.
  for (const auto& in : first.inputs) {
    const auto bytes = read_bytes(in.path);
    if (!bytes) problems.add(at_file(in.path, msg(Cli::part_input_unreadable), msg(Cli::merge_where_inputs)));
    else if (fnv1a64(*bytes) != in.digest)
      problems.add(at_file(in.path, msg(Cli::part_input_changed), msg(Cli::run_shards_again)));
  }
  if (problems.has_errors()) throw CliError(InvalidInput, render_all(problems, msg(Cli::the_parts).in(ui_lang()), ui_lang()));
  std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.shard.index < b.shard.index; });
  return parts;
}

}  // namespace appraise::cli
