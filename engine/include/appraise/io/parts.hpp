#pragma once
/// The data of a partial result — what one shard of `appraise simulate --shard K/N` or `appraise
/// programme --shard K/N` computed — as JSON, and read back. Numbers are written in the shortest
/// form that reads back as the same double and absent values (NaN) as null, so data read back is
/// bit for bit the data written, and `appraise merge` reproduces the unsplit run exactly. The
/// part file around the data (which command, which shard, the inputs' digests) is the command
/// line's (cli/parts.hpp).

#include <stdexcept>
#include <string>
#include <vector>

#include "appraise/core/message.hpp"
#include "appraise/programme/candidates.hpp"
#include "appraise/report/table.hpp"
#include "appraise/risk/simulation.hpp"

namespace appraise::io {

/// A part's data that does not have the expected shape: `message` says which field and what it
/// should hold, in both languages ("chunks[2].s1: expected a list of numbers"); what() is its English.
struct PartDataError : std::runtime_error {
  explicit PartDataError(Message m) : std::runtime_error(m.en), message(std::move(m)) {}
  Message message;
};

[[nodiscard]] report::JsonValue to_json(const SimulationShard& shard);
/// Throws PartDataError.
[[nodiscard]] SimulationShard simulation_shard_from_json(const report::JsonValue& j);

[[nodiscard]] report::JsonValue to_json(const std::vector<programme::CandidateEvaluation>& evaluations);
/// Throws PartDataError.
[[nodiscard]] std::vector<programme::CandidateEvaluation> candidate_evaluations_from_json(const report::JsonValue& j);

}  // namespace appraise::io
