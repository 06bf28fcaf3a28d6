#pragma once
/// Risk analysis (风险分析) by Monte Carlo simulation: probability distributions on model values
/// addressed by path (parameters.hpp), correlated through a Gaussian copula, drawn from a seeded,
/// fully specified generator, and the distribution of FNPV, FIRR, equity IRR and minimum DSCR
/// that results (standards.md §1.11, §3.1 "risk analysis").
///
/// Every draw is evaluated by the compiled plan (project/plan.hpp) that also gives `run` its
/// statements: the drawn values are written into the worker's plan in one place
/// (DrawApplier::apply), and the plan is evaluated for the indicators only. So every indicator —
/// FNPV and FIRR before and after tax, equity IRR, minimum DSCR and ICR, bond coverage, DSCR by
/// year — is available at every draw count, and equals what `run` prints for the same changed
/// model.
///
/// Reproducibility: draw i takes its uniforms from outputs i·J … i·J+J−1 of SplitMix64 seeded
/// with the seed (J = number of uncertain inputs), maps them through Boost.Math quantiles
/// computed in double precision, and writes its result at index i. So a seed gives the same
/// draws and the same statistics whatever the number of threads, and on any machine whose libm
/// rounds exp/log the same way (glibc on x86-64 and ARM64 does).
///
/// Not here: sensitivity and switching values (sensitivity.hpp), break-even (breakeven.hpp).

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "appraise/core/message.hpp"
#include "appraise/core/progress.hpp"
#include "appraise/project/model.hpp"
#include "appraise/project/plan.hpp"
#include "appraise/scenario/parameters.hpp"

namespace appraise {

// ---- distributions ----

struct NormalDist {
  double mean = 1.0;
  double sd = 0.1;  // > 0
};
/// Lognormal with parameters of the logarithm: ln X ~ N(mu, sigma²). The loader also accepts
/// the mean m and standard deviation s of X itself: sigma² = ln(1 + s²/m²), mu = ln m − sigma²/2.
struct LognormalDist {
  double mu = 0.0;
  double sigma = 0.1;  // > 0
};
struct TriangularDist {
  double min = 0.9, mode = 1.0, max = 1.1;  // min ≤ mode ≤ max, min < max
};
/// PERT: min + (max − min)·Beta(α, β), α = 1 + 4(mode − min)/(max − min),
/// β = 1 + 4(max − mode)/(max − min); mean (min + 4·mode + max)/6.
struct PertDist {
  double min = 0.9, mode = 1.0, max = 1.1;
};
struct UniformDist {
  double min = 0.9, max = 1.1;  // min < max
};
/// Values with probabilities (summing to 1). The quantile takes the values in ascending order,
/// so a correlation acts on their ranks.
struct DiscreteDist {
  std::vector<double> values;
  std::vector<double> probabilities;
};

using Distribution = std::variant<NormalDist, LognormalDist, TriangularDist, PertDist, UniformDist, DiscreteDist>;

/// What is wrong with a distribution's parameters ("the standard deviation must be above 0"),
/// and the parameter a reader should look at (its key in a risk file: "min", "mode", "sd", ...).
struct DistributionProblem {
  Message why;            // empty when the parameters are fine
  std::string_view key;   // the parameter at fault
};
/// How a parameter's value is shown in the message: by default as a plain number; a loader
/// passes the text as the file wrote it ("110%", not 1.1), so the message quotes the writer.
using ParameterText = std::function<std::string(std::string_view key, double value)>;
[[nodiscard]] DistributionProblem check_distribution(const Distribution& d, const ParameterText& shown = {});

/// The lower-tail probability p and the upper-tail probability q = 1 − p of one draw, both
/// strictly inside (0, 1). Carrying both keeps the far upper tail exact: 1 − p would round to 1.
struct TailProbability {
  double p = 0.5;
  double q = 0.5;
};

/// The quantile of `d` at the probability `t` (Boost.Math, double precision throughout): the
/// value x with P(X ≤ x) = t.p. Requires a distribution that passes check_distribution.
/// Example: distribution_quantile(NormalDist{1, 0.1}, {0.975, 0.025}) == 1.19599639845...
[[nodiscard]] double distribution_quantile(const Distribution& d, TailProbability t);
[[nodiscard]] double distribution_cdf(const Distribution& d, double x);
[[nodiscard]] double distribution_mean(const Distribution& d);
[[nodiscard]] double distribution_sd(const Distribution& d);
/// Smallest and largest value the distribution can take (±infinity when unbounded).
[[nodiscard]] std::pair<double, double> distribution_support(const Distribution& d);
/// E.g. "triangular(0.95, 1, 1.3)".
[[nodiscard]] Message describe_distribution(const Distribution& d);
[[nodiscard]] std::string distribution_type(const Distribution& d);  // "normal", "pert", ...

/// The quantile of Beta(a, b) (a, b ≥ 1, as PERT's are) at the cost of a power and a cubic:
/// what the simulation samples PERT inputs with. Built once per input from 2 × 1,024 Boost.Math
/// quantiles (about 5 ms). Each half of (0, 1) is tabulated in the variable that makes the
/// quantile smooth at its end: s = p^(1/a) below p = ½ (x ≈ (a·B(a,b)·p)^(1/a) near 0) and
/// v = q^(1/b) above (1 − x likewise), with piecewise cubic Hermite interpolation on exact
/// values and slopes. Accuracy: within 1e-12 of Boost's quantile in absolute terms (x in [0, 1];
/// 5e-13 at worst measured), tails included (tests/test_risk.cpp checks 5 shapes, 40,000 points each).
class BetaQuantile {
 public:
  BetaQuantile(double a, double b);
  [[nodiscard]] double operator()(TailProbability t) const;

 private:
  struct Half {
    double exponent = 1;          // a below ½, b above
    double h = 0;                 // node spacing in s (or v)
    std::vector<double> x, slope; // value and dx/ds at each node
    [[nodiscard]] double at(double s) const;
  };
  Half lower_, upper_;            // upper_ tabulates 1 − x
};

// ---- the generator ----

/// Output k (0-based) of SplitMix64 seeded with `seed` (Steele, Lea & Flood 2014): the state
/// after k+1 steps of adding 0x9E3779B97F4A7C15, put through the SplitMix64 finaliser.
/// Example: splitmix64_at(1234567, 0) == 6457827717110365317 (the reference implementation's
/// first output for seed 1234567).
[[nodiscard]] std::uint64_t splitmix64_at(std::uint64_t seed, std::uint64_t k);

/// A uniform in (0, 1), never 0 or 1: ((x >> 12) + 0.5) · 2^−52, in [2^−53, 1 − 2^−53], all
/// exactly representable, with the upper tail q = 1 − p exact for p ≥ 1/2.
[[nodiscard]] TailProbability uniform_from_bits(std::uint64_t x);

// ---- inputs, correlation and the simulation ----

/// How a drawn value changes the model value at its path.
enum class DrawOp {
  Scale,  // multiplies the base value (a factor around 1: the common case)
  Set,    // replaces it
  Add,    // is added to it (percentage points for a rate)
};

struct UncertainInput {
  std::string name;                 // e.g. "交通量"
  std::vector<std::string> paths;   // model paths the draw applies to (each gets the same value)
  DrawOp op = DrawOp::Scale;
  Distribution distribution;
};

struct SimulationSpec {
  std::vector<UncertainInput> inputs;
  /// Correlation matrix over `inputs` (same order), or empty for independent inputs. Must be
  /// symmetric with a unit diagonal and positive semi-definite.
  Eigen::MatrixXd correlation;
  std::uint64_t seed = 20260101;
  std::int64_t draws = 10000;
  int threads = 2;
  std::int64_t driver_sample = 100000;  // drivers (Spearman, SRRC) from the first this many draws
  int histogram_bins = 20;
  std::optional<double> dscr_target;  // P(min DSCR < target); default the model's targets.dscr
  bool keep_samples = false;          // keep every draw's inputs and indicators in the result
                                      // (for --draws-out; J + 8 doubles per draw)
};

inline constexpr std::int64_t kMaxDraws = 10'000'000;
inline constexpr int kMaxThreads = 64;

/// Checks a correlation matrix: square, symmetric (to 1e-12), unit diagonal, entries in
/// [−1, 1], positive semi-definite (smallest eigenvalue ≥ −1e-10). Returns what is wrong or
/// an empty string; `min_eigenvalue` receives the smallest eigenvalue when computed.
[[nodiscard]] Message check_correlation(const Eigen::MatrixXd& c, double* min_eigenvalue = nullptr);

/// A factor M with M·Mᵀ = C (Cholesky LLᵀ, or LDLᵀ with pivoting when C is only
/// semi-definite), so that z = M·ε turns independent standard normals ε into normals with
/// correlation C. Requires check_correlation(C) to pass.
[[nodiscard]] Eigen::MatrixXd correlation_factor(const Eigen::MatrixXd& c);

/// The range of values a draw may take on `input`'s paths in `model` without making a model
/// value invalid (a negative amount, a share above 100 %, a rate at or below −99 %).
struct DrawDomain {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;  // the bound itself is not allowed (rates: > −99 %)
};

/// Everything wrong with a simulation spec against a model (paths that match nothing, bad
/// distributions, distributions reaching outside the draw domain with probability above 1e-6,
/// a bad correlation matrix, draws or threads out of range), one message per problem,
/// each starting with the input's name or the setting's key.
[[nodiscard]] std::vector<std::string> check_simulation(const ProjectModel& model, const SimulationSpec& spec);
/// The first problem of one input against a model (a path that matches nothing, a convention,
/// bad parameters, a distribution that leaves the draw domain with probability above 1e-6,
/// whole years drawn from a continuous distribution), or an empty Message.
[[nodiscard]] Message check_input(const ProjectModel& model, const UncertainInput& input);
[[nodiscard]] DrawDomain draw_domain(const ProjectModel& model, const UncertainInput& input, Message* problem = nullptr);

/// The indicators a simulation collects per draw, in this order. The first four are the
/// decision indicators (project/evaluation.hpp decision_indicators): for a model with a
/// without-project case, the incremental FNPV and FIRR (有无对比), named as `run` names them.
/// BondCoverage is the lowest 本息覆盖倍数 among the model's special bonds (not collected when
/// it has none). The public view's indicators are collected for a model that has its section:
/// ENPV, EIRR and EBCR with an `economic:` section (thresholds 0, is and 1), the PV of the net
/// fiscal outlays with a `fiscal:` or `ppp:` section (no threshold: what the budget can carry
/// is the planner's call).
enum class RiskIndicator {
  FnpvPostTax, FnpvPreTax, FirrPostTax, FirrPreTax, EquityIrr, DscrMin, IcrMin, BondCoverage,
  Enpv, Eirr, Ebcr, FiscalCostPv
};
inline constexpr int kRiskIndicators = 12;
/// Whether `model` has the part `i` is computed from (a special bond aside: that is known only
/// once the model is evaluated). A report lists only the indicators a model has.
[[nodiscard]] bool has_indicator(const ProjectModel& model, RiskIndicator i);
/// "fnpv_post_tax", ...; with `incremental` (a with/without model) "fnpv_incremental_post_tax", ...
[[nodiscard]] std::string_view key_of(RiskIndicator i, bool incremental = false);

struct HistogramBin {
  double from = 0, to = 0;  // [from, to); the last bin includes `to`
  std::int64_t count = 0;
};

struct IndicatorStats {
  bool computed = false;          // false: not collected (bond coverage of a model without a special bond,
                                  // ENPV of a model without an economic section)
  Message reason;                 // why not collected
  std::optional<double> base;     // the value of the unchanged model
  std::int64_t count = 0;         // draws with a value
  std::int64_t absent = 0;        // draws without one (no IRR, no debt service)
  std::map<std::string, std::int64_t> absent_reasons;  // e.g. {"no_sign_change": 12}
  std::optional<double> mean, sd, min, max;             // sd: sample standard deviation (n − 1)
  std::vector<std::pair<double, double>> percentiles;   // (p, value): P5, P10, P25, P50, P75, P90, P95
  std::vector<double> cdf;        // value at p = 0 %, 1 %, …, 100 % (Excel PERCENTILE.INC)
  std::vector<HistogramBin> histogram;
  std::optional<double> threshold;        // FNPV: 0; FIRR: ic; DSCR: the target; IRR: its target
  std::optional<double> below;            // P(value < threshold) among draws with a value
  std::int64_t below_count = 0;
};

/// What drives one indicator: each input's Spearman rank correlation with it and its
/// standardised rank-regression coefficient (SRRC: the least-squares fit of the indicator's
/// ranks on all inputs' ranks, every rank standardised). `share` = SRRC² / Σ SRRC², the input's
/// share of the rank variance the inputs explain together; with independent inputs SRRC² is
/// the share of the rank variance itself and r2 = Σ SRRC².
struct Driver {
  std::size_t input = 0;     // index into SimulationSpec::inputs
  double spearman = 0;
  double srrc = 0;
  double share = 0;
};
struct DriverAnalysis {
  std::int64_t sample = 0;   // draws used (the first min(draws, driver_sample) with a value)
  double r2 = 0;             // of the rank regression
  std::vector<Driver> drivers;  // by share, largest first (ties: input order)
};

/// A driver sample: the inputs of the first draws (draw-major, J per draw), their ranks computed
/// once and shared by every output. Keeps a view of `inputs`, which must outlive it.
class DriverSample {
 public:
  DriverSample(std::span<const double> inputs, std::size_t J);
  /// The drivers of `output` (one value per draw of the sample; NaN = absent, left out).
  [[nodiscard]] DriverAnalysis drivers_of(std::span<const double> output) const;

 private:
  std::span<const double> inputs_;
  std::size_t J_ = 0, draws_ = 0;
  std::vector<std::vector<double>> ranks_;
  Eigen::MatrixXd rxx_;
};

/// The drivers of one output from `inputs` (draw-major: draw i's J values at i·J) and
/// `output` (one value per draw; NaN = absent, left out). Ties get their average rank.
/// Example: output = u1 + u2 with u1, u2 independent uniforms: both Spearman → 0.7, shares → ½.
[[nodiscard]] DriverAnalysis rank_drivers(std::span<const double> inputs, std::size_t J, std::span<const double> output);

/// P(DSCR < target) in one year among the draws with debt service that year.
struct YearProbability {
  int year = 0;
  std::int64_t count = 0;   // draws with a DSCR that year
  std::int64_t below = 0;
};

struct InputStats {
  std::string name;
  std::string distribution;                   // describe_distribution
  double analytic_mean = 0, analytic_sd = 0;  // of the distribution
  double mean = 0, sd = 0;                    // of the draws (after clamping to the domain)
  std::int64_t clamped = 0;                   // draws moved inside the draw domain
};

struct SimulationResult {
  std::uint64_t seed = 0;
  std::int64_t draws = 0;
  int threads = 1;
  std::int64_t failed = 0;               // draws the model could not evaluate
  bool incremental = false;              // FNPV/FIRR are the increments of a with/without model
  Message first_failure;                 // the message of the first such draw (by index): "draw 17: …"
  std::array<IndicatorStats, kRiskIndicators> indicators;
  std::array<DriverAnalysis, kRiskIndicators> drivers;   // of each collected indicator
  std::optional<double> dscr_target;
  std::vector<YearProbability> dscr_by_year;             // the operating years of the unchanged model
  std::vector<InputStats> inputs;
  Eigen::MatrixXd sample_correlation;    // Pearson correlation of the drawn inputs
  Eigen::MatrixXd target_correlation;    // the correlation asked for (identity when none)
  // With keep_samples: inputs[i * J + j] (after clamping) and values[i * kRiskIndicators + k]
  // (NaN = absent).
  std::vector<double> input_samples;
  std::vector<double> value_samples;
};

/// The one place a drawn value is applied to a compiled plan: each input's paths resolved
/// once against the plan's model, the base values restored and the draw written exactly as
/// apply_change (parameters.hpp) writes a change, then the changed series refreshed (or the
/// plan recompiled after a change of shape). Not copyable: it points into `plan`.
class DrawApplier {
 public:
  DrawApplier(EvaluationPlan& plan, const std::vector<UncertainInput>& inputs);
  DrawApplier(const DrawApplier&) = delete;
  DrawApplier& operator=(const DrawApplier&) = delete;
  /// Applies `values` (one per input). Returns an empty Message, or why the draw cannot be
  /// applied (the plan is then not to be evaluated).
  [[nodiscard]] Message apply(std::span<const double> values);

 private:
  struct Slot {
    std::size_t input = 0;
    DrawOp op = DrawOp::Scale;
    ParamTarget t;
    double number = 0;
    std::optional<double> maybe;
    int years = 0;
    Series series;  // base value of a series target (scale and offset; all of it for Set)
  };
  EvaluationPlan& plan_;
  std::vector<Slot> slots_;
  std::vector<const Series*> touched_;  // distinct series the inputs change
  bool reshapes_ = false;               // some input changes a number of years
  ValidationScope scope_ = ValidationScope::none();  // the parts of the model the inputs write
};

// ---- shards: one run split over processes or machines ----

/// Draws are taken in chunks of this many; a chunk's sums are combined in chunk order, so a result
/// does not depend on how the chunks were shared out (threads, shards).
inline constexpr std::int64_t kSimulationChunk = 4096;
/// The reasons a draw's indicator is absent, counted per chunk (`IndicatorStats::absent_reasons`).
inline constexpr int kAbsentReasons = 9;

/// The sums of one chunk of draws, from which the inputs' means, standard deviations and sample
/// correlation, the absent counts and the DSCR-by-year counts of the whole run are made.
struct DrawChunk {
  std::vector<double> s1;                 // Σ (x_j − shift_j), J values (shift: the distribution's mean)
  std::vector<double> s2;                 // Σ (x_j − shift_j)(x_l − shift_l), J × J, l ≤ j filled
  std::vector<std::int64_t> clamped;      // draws moved inside the draw domain, by input
  std::array<std::array<std::int64_t, kAbsentReasons>, kRiskIndicators> absent{};  // by indicator and reason
  std::vector<std::int64_t> dscr_count, dscr_below;  // by year index of the unchanged model
  std::int64_t failed = 0;                // draws the model could not evaluate
  Message first_failure;                  // the message of the first of them
};

/// What one shard of a run computes: the chunks [first_chunk, end_chunk) of its kSimulationChunk
/// draws each, that is the draws [first_chunk·kSimulationChunk, min(end_chunk·kSimulationChunk,
/// draws)). Every draw is drawn by its index from the seeded stream (draw_inputs), so a shard
/// draws exactly what the whole run would draw there.
struct SimulationShard {
  std::int64_t draws = 0;                 // of the whole run
  std::int64_t first_chunk = 0, end_chunk = 0;
  std::vector<DrawChunk> chunks;          // end_chunk − first_chunk
  /// Each collected indicator's value at each draw of the shard (NaN: absent); empty for an
  /// indicator not collected (bond coverage without a special bond).
  std::array<std::vector<double>, kRiskIndicators> values;
  std::vector<double> driver_inputs;      // the inputs (J a draw) of the shard's draws within the driver sample
  std::vector<double> input_samples;      // keep_samples: the inputs of every draw of the shard
};

/// The number of chunks of a run of `draws` draws.
[[nodiscard]] std::int64_t simulation_chunks(std::int64_t draws);

/// Shard `shard` (0-based) of `shards`: chunks [C·shard/shards, C·(shard+1)/shards) of the run's C
/// chunks (a shard may be empty when there are more shards than chunks). Throws as simulate().
[[nodiscard]] SimulationShard simulate_shard(const ProjectModel& model, const SimulationSpec& spec, int shard, int shards,
                                             const ProgressCallback& progress = {});

/// The run's result from its shards, in any order: exactly what simulate() returns, to the last
/// bit (the sums are combined chunk by chunk in chunk order, the statistics computed over every
/// draw's values in draw order). Throws std::invalid_argument when the shards do not cover the
/// run's chunks exactly once or do not fit the model and spec.
[[nodiscard]] SimulationResult combine_shards(const ProjectModel& model, const SimulationSpec& spec,
                                              std::vector<SimulationShard> shards);

/// Runs the simulation: combine_shards of the one shard of all chunks. Throws std::invalid_argument with every message of check_simulation
/// when the spec does not fit the model, and EvaluationError when the unchanged model cannot
/// be evaluated. A draw whose model cannot be evaluated is counted in `failed` (its
/// indicators are absent), not thrown.
[[nodiscard]] SimulationResult simulate(const ProjectModel& model, const SimulationSpec& spec,
                                        const ProgressCallback& progress = {});

/// The input values of draw `draw` (one per input), before clamping: uniforms from the
/// generator, correlated through `factor` (empty = independent), mapped through the quantiles.
void draw_inputs(const SimulationSpec& spec, const Eigen::MatrixXd& factor, std::int64_t draw, std::span<double> out);

/// Statistics of one indicator over `values` in draw order (NaN = absent): used by simulate
/// and open for tests. Percentiles follow Excel's PERCENTILE.INC (linear between order
/// statistics, h = (n − 1)·p).
[[nodiscard]] IndicatorStats indicator_stats(std::span<const double> values, int bins, std::optional<double> threshold);

/// PERCENTILE.INC of sorted values.
[[nodiscard]] double percentile_sorted(std::span<const double> sorted, double p);

}  // namespace appraise
