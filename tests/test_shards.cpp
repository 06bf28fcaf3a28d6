// Shards of a Monte Carlo run: every chunk in exactly one shard whatever the shard count, the
// shards combined in any order giving simulate()'s result to the last bit, and a shard's data
// written as JSON and read back bit for bit (NaN, −0, subnormal and extreme doubles included).
// The command line's merge of part files is tested in tests/outputs/shards.py.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "appraise/io/parts.hpp"
#include "appraise/risk/simulation.hpp"
#include "model_fixtures.hpp"

namespace {

using namespace appraise;

SimulationSpec spec_for(std::int64_t draws) {
  SimulationSpec s;
  s.inputs.push_back({"投资", {"investment.*.amount"}, DrawOp::Scale, TriangularDist{0.9, 1.0, 1.3}});
  s.inputs.push_back({"收入", {"revenue.*.amounts", "revenue.*.price"}, DrawOp::Scale, PertDist{0.7, 1.0, 1.1}});
  s.draws = draws;
  s.seed = 99;
  s.threads = 2;
  return s;
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void same_stats(const IndicatorStats& a, const IndicatorStats& b) {
  CHECK(a.computed == b.computed);
  CHECK(a.count == b.count);
  CHECK(a.absent == b.absent);
  CHECK(a.absent_reasons == b.absent_reasons);
  CHECK(a.mean == b.mean);
  CHECK(a.sd == b.sd);
  CHECK(a.percentiles == b.percentiles);
  CHECK(a.cdf == b.cdf);
  CHECK(a.below == b.below);
  REQUIRE(a.histogram.size() == b.histogram.size());
  for (std::size_t i = 0; i < a.histogram.size(); ++i) CHECK(a.histogram[i].count == b.histogram[i].count);
}

}  // namespace

TEST_CASE("shards cover every chunk once, and combined in any order give simulate()'s result exactly") {
  const ProjectModel m = model_fixtures::example("parking-revitalisation");
  const SimulationSpec spec = spec_for(3 * kSimulationChunk + 17);  // 4 chunks, the last short
  const SimulationResult whole = simulate(m, spec);
  for (int n : {1, 3, 4, 6}) {
    CAPTURE(n);
    std::vector<SimulationShard> shards;
    std::int64_t next = 0;
    for (int k = 0; k < n; ++k) {
      shards.push_back(simulate_shard(m, spec, k, n));
      CHECK(shards.back().first_chunk == next);
      next = shards.back().end_chunk;
    }
    CHECK(next == simulation_chunks(spec.draws));
    std::reverse(shards.begin(), shards.end());
    const SimulationResult merged = combine_shards(m, spec, std::move(shards));
    for (std::size_t k = 0; k < whole.indicators.size(); ++k) same_stats(merged.indicators[k], whole.indicators[k]);
    for (std::size_t j = 0; j < whole.inputs.size(); ++j) {
      CHECK(same_bits(merged.inputs[j].mean, whole.inputs[j].mean));
      CHECK(same_bits(merged.inputs[j].sd, whole.inputs[j].sd));
    }
    CHECK(merged.sample_correlation == whole.sample_correlation);
    CHECK(merged.failed == whole.failed);
    REQUIRE(merged.drivers[0].drivers.size() == whole.drivers[0].drivers.size());
    CHECK(same_bits(merged.drivers[0].drivers[0].srrc, whole.drivers[0].drivers[0].srrc));
  }
  // Shards that do not make up the run are refused.
  std::vector<SimulationShard> gap{simulate_shard(m, spec, 0, 3), simulate_shard(m, spec, 2, 3)};
  CHECK_THROWS_AS((void)combine_shards(m, spec, std::move(gap)), std::invalid_argument);
  std::vector<SimulationShard> twice{simulate_shard(m, spec, 0, 1), simulate_shard(m, spec, 0, 1)};
  CHECK_THROWS_AS((void)combine_shards(m, spec, std::move(twice)), std::invalid_argument);
}

TEST_CASE("a shard's data read back from JSON is bit for bit the data written") {
  const ProjectModel m = model_fixtures::example("parking-revitalisation");
  SimulationShard s = simulate_shard(m, spec_for(kSimulationChunk + 5), 1, 2);
  // Values JSON must carry exactly: NaN (absent), −0, a subnormal, the extremes.
  s.values[0].insert(s.values[0].end(), {std::numeric_limits<double>::quiet_NaN(), -0.0, 4.9e-324, 1.7976931348623157e308,
                                         0.1 + 0.2, -1.0 / 3.0});
  // A rejected draw's reason, for people: both languages, so that `merge --lang` says it in its own.
  s.chunks[0].failed = 1;
  s.chunks[0].first_failure = Message("draw 3: the drawn model breaks a rule", "第 3 次抽样：抽样得到的模型不满足规则");
  const std::string text = io::to_json(s).dump();
  const SimulationShard back = io::simulation_shard_from_json(report::JsonValue::parse(text));
  CHECK(back.chunks[0].first_failure == s.chunks[0].first_failure);
  CHECK(back.first_chunk == s.first_chunk);
  CHECK(back.end_chunk == s.end_chunk);
  for (std::size_t k = 0; k < s.values.size(); ++k) {
    REQUIRE(back.values[k].size() == s.values[k].size());
    for (std::size_t i = 0; i < s.values[k].size(); ++i)
      CHECK((same_bits(back.values[k][i], s.values[k][i]) || (std::isnan(back.values[k][i]) && std::isnan(s.values[k][i]))));
  }
  REQUIRE(back.chunks.size() == s.chunks.size());
  for (std::size_t c = 0; c < s.chunks.size(); ++c) {
    CHECK(back.chunks[c].s1 == s.chunks[c].s1);
    CHECK(back.chunks[c].s2 == s.chunks[c].s2);
    CHECK(back.chunks[c].absent == s.chunks[c].absent);
    CHECK(back.chunks[c].dscr_below == s.chunks[c].dscr_below);
  }
  CHECK(back.driver_inputs == s.driver_inputs);
  // A part cut short says which field is wrong.
  auto j = io::to_json(s);
  j["chunks"][0].erase("s2");
  CHECK_THROWS_WITH_AS((void)io::simulation_shard_from_json(j), "chunks[0].s2: expected a value (it is missing)", io::PartDataError);
}
