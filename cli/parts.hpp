#pragma once
// Splitting a long run into shards that any scheduler can run (GNU parallel on one machine, a
// Slurm job array on a cluster) and merging their part files. `COMMAND --shard K/N -o part-K.json`
// writes shard K's partial result; `appraise merge part-*.json` checks that the parts belong to
// one run (the same command, options, engine version and inputs, every shard once) and prints
// what the unsplit run prints, byte for byte. Nothing here schedules anything.
//
// A part file is JSON:
//   {"appraise_part": 1, "command": "simulate", "engine_version": "0.1.0", "shard": 3, "shards": 7,
//    "options": {...the command's options as given...},
//    "inputs": [{"path": "models/toll-bridge.yaml", "fnv1a64": "…"}], "data": {...}}
// The inputs' digests (FNV-1a, 64 bits, of the bytes) let merge refuse parts made from files
// that have changed since, which would merge into a result no run ever gave.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "appraise/report/table.hpp"
#include "common.hpp"

namespace appraise::cli {

/// `--shard K/N`: shard K (1-based) of N.
struct ShardOption {
  int index = 1;
  int count = 1;
};

/// Adds --shard to a command; its value is checked when parsed (a usage error otherwise).
void add_shard_option(CLI::App& app, std::string& text);
/// The shard `text` names (usage error when it is not K/N with 1 ≤ K ≤ N ≤ 10000).
[[nodiscard]] ShardOption parse_shard(const std::string& text);

/// Refuses output options that a part file does not take (a part is JSON, written whole).
void check_part_output(const OutputOptions& out);

struct PartInput {
  std::string path;
  std::string digest;
};

/// The digests of the files a run read.
[[nodiscard]] std::vector<PartInput> digests(const std::vector<std::string>& paths);

/// Writes shard `shard`'s part file (to -o, or stdout).
void emit_part(const std::string& command, const ShardOption& shard, const report::JsonValue& options,
               const std::vector<std::string>& inputs, report::JsonValue data, const OutputOptions& out);

struct Part {
  std::string file;
  std::string command;
  ShardOption shard;
  report::JsonValue options;
  std::vector<PartInput> inputs;
  report::JsonValue data;
};

/// Reads the part files of one run, in shard order: every file readable JSON of a part (exit 3 /
/// exit 2 with the file, line and column), all of one command, options, engine version and
/// inputs, each shard of 1..N exactly once, and the inputs unchanged since (their digests now).
[[nodiscard]] std::vector<Part> read_parts(const std::vector<std::string>& files);

/// Merging, by the command that made the parts (each in that command's file).
int merge_simulation(const std::vector<Part>& parts, const OutputOptions& out);
int merge_programme(const std::vector<Part>& parts, const OutputOptions& out);

}  // namespace appraise::cli
