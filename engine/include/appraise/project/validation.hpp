#pragma once
/// The one place where a model becomes valid: the range of every number a project model holds,
/// and the relations between them (a loan repaid within the calculation period, shares that
/// add up, lists as long as the years they cover). Whatever makes or changes a model passes
/// through these rules, written once here:
///   - the YAML loader (io/model_loader) reads each value with its Limit and checks each
///     relation with the rule functions below, so its messages point at the key in the file;
///   - a scenario change and a sensitivity step (scenario/parameters: apply_change) check the
///     changed value against its Limit and the changed model with validate();
///   - a Monte Carlo draw (risk/simulation: DrawApplier) clamps a drawn value to its Limit and
///     rejects a draw whose model breaks a relation, with within() and validate(), which
///     neither allocate nor format anything while the model is valid;
///   - and every future door (the programme file) calls validate() on what it makes.
/// A model that validate() finds nothing wrong with is one the loader accepts.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "appraise/core/message.hpp"
#include "appraise/project/model.hpp"

namespace appraise {

/// The values one number of a model may take. Rates and shares are fractions.
struct Limit {
  double min = 0;
  double max = 1e15;
  bool min_open = false;  // `min` itself is not allowed (a target DSCR above 0)
  bool whole = false;     // a whole number (years, counts)
  bool rate = false;      // a rate or share: shown as a percentage in messages
};

/// True when `v` may be held by a number with limit `l` (never for NaN). Cheap: a Monte Carlo
/// draw calls it for every value it changes.
[[nodiscard]] inline bool within(const Limit& l, double v) noexcept {
  return v >= l.min && v <= l.max && !(l.min_open && v == l.min) && (!l.whole || v == std::floor(v));
}

/// The limits of the model's numbers (docs/model-format.md gives them key by key).
namespace limits {
inline constexpr double kLargestAmount = 1e15;  // larger amounts are typos, and would overflow sums
inline constexpr Limit calendar_year{1900, 2300, false, true};
inline constexpr Limit construction_years{1, 30, false, true};
inline constexpr Limit operation_years{1, 100, false, true};
inline constexpr Limit benchmark_rate{0, 1, false, false, true};
inline constexpr Limit tax_rate{0, 1, false, false, true};          // income tax, VAT, surcharges
inline constexpr Limit deductible_vat_rate{0, 0.5, false, false, true};  // an investment item's input VAT
inline constexpr Limit amount{0, kLargestAmount};
inline constexpr Limit share{0, 1, false, false, true};
inline constexpr Limit life{1, 100, false, true};                    // depreciation and amortisation years
inline constexpr Limit working_capital_share{0, 5, false, false, true};
inline constexpr Limit loan_rate{0, 0.5, false, false, true};
inline constexpr Limit fee{0, 0.2, false, false, true};
inline constexpr Limit coupons_per_year{1, 12, false, true};
inline constexpr Limit grace_years{0, 100, false, true};
inline constexpr Limit term_years{1, 100, false, true};
inline constexpr Limit loss_carry_forward_years{0, 20, false, true};
inline constexpr Limit target_dscr{0, 100, true};
inline constexpr Limit coverage_target{0, 100};                     // ICR, DSCR, LLCR, coverage floors
inline constexpr Limit equity_irr{-0.5, 1, false, false, true};
inline constexpr Limit series_scale{0, 1e6};                       // a scenario's factor on an amount by year
inline constexpr Limit series_offset{-kLargestAmount, kLargestAmount};
inline constexpr Limit delay{0, 20, false, true};                  // years a scenario delays the project
inline constexpr Limit sale_area{0, kLargestAmount, true};          // m² (or units) for sale
inline constexpr Limit simple_vat_rate{0, 0.2, false, false, true};  // 简易计税
inline constexpr Limit prepay_rate{0, 0.2, false, false, true};      // 土地增值税 prepaid on sales
// The public view (economic/inputs.hpp).
inline constexpr Limit discount_rate{0, 1, false, false, true};      // 社会折现率, the fiscal view's rate
inline constexpr Limit conversion_factor{0, 100, true};              // 影子价格换算系数, SERF
inline constexpr Limit land_area{0, kLargestAmount, true};           // mu (亩)
inline constexpr Limit land_growth{-0.5, 1, false, false, true};     // growth of the land's net benefit
inline constexpr Limit exchange_rate{0, 10000, true};
inline constexpr Limit land_years{1, 200, false, true};                // years the land's alternative use is counted
inline constexpr Limit signed_amount{-kLargestAmount, kLargestAmount};  // PPP adjustments, either sign
}  // namespace limits

/// What `l` allows: "a whole number from 1 to 100", "a value from 0% to 50%", "0 or more",
/// "a value above 0 and at most 100" (and in Chinese: "1 至 100 之间的整数").
[[nodiscard]] Message range_text(const Limit& l);

/// A count for English messages, singular when it is one: "1 value", "3 construction years".
[[nodiscard]] std::string count_of(std::size_t n, const char* what);

/// A number for messages: 9000, 0.3, 1e+15 (never 0.30000000000000004); a rate as 6%.
[[nodiscard]] std::string value_text(const Limit& l, double v);

/// What a rule found wrong: in the planner's words, the form that would be accepted, a remedy;
/// each in both languages (messages/validation.def).
struct Problem {
  Message message;
  Message expected;
  Message hint;
};

/// `v` against `l`: "1e+15 is above the largest allowed value, 100" (nullopt when within).
[[nodiscard]] std::optional<Problem> range_problem(const Limit& l, double v);

// ---- the relations, one function each (the loader calls them where it reads the values) ----

/// Where a loan's repayment falls against the calculation period: a maturity before repayment
/// can start, or repayment running past the last year.
struct RepaymentProblem {
  Problem problem;
  bool at_maturity = false;  // about `maturity` (else about `term_years`)
};
[[nodiscard]] std::optional<RepaymentProblem> repayment_problem(const ProjectModel& m, const Loan& l);

/// The repayment years of a loan (term, or maturity less construction and grace).
[[nodiscard]] int repayment_years(const ProjectModel& m, const Loan& l);

/// `repayment: custom`: one share per repayment year.
[[nodiscard]] std::optional<Problem> custom_shares_problem(const ProjectModel& m, const Loan& l, std::size_t shares);

/// Equity and loan shares of the construction investment add up to at most 100%.
[[nodiscard]] std::optional<Problem> share_sum_problem(const Financing& f);

/// Surcharges levied on VAT need a VAT rate.
[[nodiscard]] std::optional<Problem> surcharge_base_problem(const TaxesAndSurcharges& t);

/// A list by year (`count` values from `first_year`) holds at most `years` values.
[[nodiscard]] std::optional<Problem> list_length_problem(std::size_t count, int first_year, int years);

/// A calendar year the model names lies within the calculation period (`whole_period`), or
/// within `first`–`last`, the years a line covers (a range, a growth start or end).
[[nodiscard]] std::optional<Problem> year_problem(int year, int first, int last, bool whole_period);

/// 土地增值税: the rate of development expenses stays within the statutory limit (5% with
/// allocable interest, 10% without).
[[nodiscard]] std::optional<Problem> expense_rate_problem(const TaxesAndSurcharges& t);

/// A ramp-up is no longer than the operation period.
[[nodiscard]] std::optional<Problem> ramp_up_problem(std::size_t count, int operation_years);

/// A list by construction year (phasing, a loan's draw, equity amounts) has one value per year;
/// the message counts its items as values or as amounts.
enum class Counted { Values, Amounts };
[[nodiscard]] std::optional<Problem> construction_count_problem(std::size_t count, const ProjectModel& m,
                                                                Counted what = Counted::Values);

/// A scenario's factor and offset on an amount by year, and the lowest amount they make, which
/// `amounts` must allow (amounts by year are never negative, except the public view's benefits
/// and costs, which take limits::signed_amount).
[[nodiscard]] std::optional<Problem> series_problem(const Series& s, int years, const Limit& amounts = limits::amount);

/// The without-project case (有无对比) as written runs over the project's calculation period: a
/// list by year holds one value per year of it ...
[[nodiscard]] std::optional<Problem> without_list_problem(std::size_t count, const ProjectModel& m);
/// ... and a without-project model of its own covers the same years. Checked where the model is
/// read only: a change of the period (a delay, a longer operation) lets the situation without the
/// project run on or stop in its calendar years (docs/model-format.md), so validate() leaves it.
[[nodiscard]] std::optional<Problem> without_model_problem(const ProjectModel& without, const std::string& path,
                                                          const ProjectModel& m);
/// What a change of the period can break, and validate() checks: a list (`without.<key>`, its
/// series `s`) has no value in the years a delay or a longer operation adds at the end, and
/// reading them as 0 would hand the project the situation's whole revenue in those years ...
[[nodiscard]] std::optional<Problem> without_list_outrun_problem(const Series& s, const char* key, const ProjectModel& m);
/// ... and a without-project model, which runs on or stops in the project's calendar years,
/// cannot stop before its own construction is over.
[[nodiscard]] std::optional<Problem> without_model_cut_short_problem(const ProjectModel& m);

// ---- the whole model ----

/// A rule the model breaks, at `path` as the model file names it (`financing.loans[1].term_years`).
struct Violation {
  std::string path;
  Problem problem;
};

/// The parts of a model, as the first key of a path names them (`revenue[通行费收入].volume` is
/// in Revenue, `financing.loans[0].rate` in Financing). Every rule of validate() reads the values
/// of one part and the calculation period (`project.*`), never another part's: a loan's shares
/// are summed with the other financing shares, a revenue line's ramp-up is measured against the
/// operation years. So when a valid model changes values of some parts and not the period, the
/// rules of the other parts find what they found before, and validating the changed parts is
/// validating the model: a Monte Carlo draw (DrawApplier) checks the parts its inputs write.
enum class ModelPart : std::uint8_t {
  Taxes, Investment, Sustaining, WorkingCapital, Revenue, Subsidies, OperatingCosts, Depreciation, Financing, Targets,
  Economic, Effects, Fiscal, Ppp
};

/// The parts validate() checks (the period, `project.*`, always).
class ValidationScope {
 public:
  /// Every part: what validate(m) checks.
  [[nodiscard]] static ValidationScope all() { return ValidationScope(~std::uint32_t{0}); }
  [[nodiscard]] static ValidationScope none() { return ValidationScope(0); }
  /// The parts a change of the value at `path` (a concrete parameter path) can break: the part
  /// its first key names; every part for the period and for a key it does not know.
  [[nodiscard]] static ValidationScope of_path(std::string_view path);
  void add(ValidationScope other) { bits_ |= other.bits_; }
  [[nodiscard]] bool has(ModelPart p) const { return (bits_ >> static_cast<unsigned>(p)) & 1u; }
  [[nodiscard]] bool is_all() const { return bits_ == ~std::uint32_t{0}; }

 private:
  explicit ValidationScope(std::uint32_t bits) : bits_(bits) {}
  std::uint32_t bits_;
};

/// Every limit and relation `m` breaks, in the order of the model file; empty when `m` is valid.
/// Allocates nothing when there is nothing to report. With a `scope`, the rules of its parts
/// only (and the period's): the same rules, for a valid model changed in those parts only.
[[nodiscard]] std::vector<Violation> validate(const ProjectModel& m, ValidationScope scope = ValidationScope::all());

}  // namespace appraise
