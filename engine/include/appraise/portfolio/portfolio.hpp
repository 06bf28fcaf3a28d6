#pragma once
/// Portfolio: a municipality's debts taken together. The balance-weighted cost now and year by
/// year as debts amortise, mature and roll over; the same path under a refinancing plan; the
/// maturity wall; the fiscal-capacity ratios. Which debts a plan should replace is decided in
/// portfolio/plan.hpp; reading a portfolio file is io/portfolio_loader.hpp; tables for people
/// and programs are report/portfolio_report.hpp. Not here: single-project loans (project/debt.hpp).
///
/// Time. t = 0 is the end of the base year, when the balances are given; year t = 1..H is the
/// calendar year base_year + t. Interest of year t is charged on the balance outstanding during
/// it (its opening balance, after any replacement made at the start of the year); principal
/// falls due at the end of the year. This is the Chinese method's 借款还本付息计划表 convention
/// (interest of year t on the balance at the start of year t: standards.md §5.2 RP-3).
///
/// Positions. A debt is carried as a position: its contractual balance S(t) plus, when principal
/// that falls due is rolled over (借新还旧) rather than repaid, a rolled-over part R(t) = B − S(t)
/// at the market rate for the debt's kind. Rolled-over borrowing is taken to be renewed every
/// year, so replacing it costs no prepayment penalty; the debt's running fees apply to it too.
///
/// Replacement. Replacing a share f of debt i with the quota of year y removes f of its position
/// from the start of year y on, and issues a refinancing bond of f·P_i(y−1) (the position's
/// opening balance) at the quota's coupon, bullet, for the quota's term; at that bond's maturity
/// it is rolled over at the market rate for refinancing bonds (or its own coupon when none is
/// given). A prepayment penalty is due on the replaced part of the contractual balance S(y−1);
/// the issuance cost on the amount issued. Everything is linear in f, which makes the choice of
/// plan a linear programme (portfolio/plan.hpp).

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace appraise::portfolio {

/// What a debt is. The words are the YAML values (portfolio-format.md).
enum class DebtKind {
  BankLoan,         // bank_loan         银行贷款
  PlatformBond,     // platform_bond     城投债 (financing-platform bonds)
  NonStandard,      // non_standard      信托等非标融资 (trust and other non-standard financing)
  FinanceLease,     // finance_lease     融资租赁
  GeneralBond,      // general_bond      一般债券
  SpecialBond,      // special_bond      专项债券
  RefinancingBond,  // refinancing_bond  再融资（置换）债券
};
inline constexpr std::size_t debt_kind_count = 7;
inline constexpr std::array<DebtKind, debt_kind_count> all_debt_kinds{
    DebtKind::BankLoan,    DebtKind::PlatformBond, DebtKind::NonStandard,    DebtKind::FinanceLease,
    DebtKind::GeneralBond, DebtKind::SpecialBond,  DebtKind::RefinancingBond};

[[nodiscard]] std::string_view to_string(DebtKind k);  // "bank_loan"
[[nodiscard]] std::string_view label_zh(DebtKind k);   // "银行贷款"
[[nodiscard]] std::string_view label_en(DebtKind k);   // "bank loan"
/// Hidden-debt kinds (loans, platform bonds, non-standard, leases) may be replaced by default;
/// legal government bonds may not.
[[nodiscard]] bool eligible_by_default(DebtKind k);

/// A rate by year: path[t] for t = 0..H (fractions).
using RatePath = std::vector<double>;

/// A debt's contractual rate: fixed, or a reference path plus a spread (floating).
struct RateTerms {
  double fixed = 0;
  std::string reference;  // empty: fixed; else a key of Portfolio::reference_rates
  double spread = 0;
};

enum class Amortisation {
  Bullet,          // all principal at the end of the maturity year (到期一次还本)
  EqualPrincipal,  // equal principal each year from first_repayment_year to maturity (等额本金)
  Schedule,        // year-end balances as listed; any remainder at the end of the maturity year
};

enum class AtMaturity {
  RollOver,  // principal that falls due is refinanced at the market rate (借新还旧)
  Repay,     // principal that falls due is repaid and leaves the portfolio
};

struct Debt {
  std::string name;
  DebtKind kind = DebtKind::BankLoan;
  double balance = 0;             // outstanding at the end of the base year, money unit
  RateTerms rate;
  double fee_rate = 0;            // annual fees, fraction of the balance outstanding
  double guarantee_rate = 0;      // annual guarantee cost, fraction of the balance outstanding
  Amortisation amortisation = Amortisation::Bullet;
  int maturity_year = 0;          // the year the last principal falls due
  int first_repayment_year = 0;   // EqualPrincipal: first year with principal (0: base_year + 1)
  std::vector<double> balances;   // Schedule: year-end balances for base_year+1, base_year+2, ...
  double prepayment_penalty = 0;  // fraction of contractual principal repaid early
  bool eligible = true;           // may be replaced by refinancing bonds
  AtMaturity at_maturity = AtMaturity::RollOver;

  [[nodiscard]] double running_fee_rate() const { return fee_rate + guarantee_rate; }
};

/// A year's quota of refinancing bonds (置换债额度).
struct Quota {
  int year = 0;               // calendar year of issue; replacement takes effect from its start
  double amount = 0;          // money unit
  double coupon = 0;          // fraction
  int term_years = 10;        // bullet
  double issuance_cost = 0;   // fraction of the amount issued, paid once
};

/// Which rate a debt counts with in the weighted cost. In year t it is always the rate in force
/// during year t (the year's interest, and fees when all-in, over the opening balance): principal
/// that falls due at the end of year t and rolls over counts at its contract rate in year t, at
/// the market rate of year t + 1 from then on (review 8, finding 1).
enum class CostMeasure {
  Nominal,  // the coupon or contractual rate
  AllIn,    // plus annual fees and guarantee costs; a bond's issuance cost as the IRR of its flows
};
/// Which balance weights a debt's rate in year t.
enum class BalanceBasis {
  YearEnd,  // the balance at the end of year t
  Average,  // (opening + closing) / 2 of year t
};
struct CostDefinition {
  CostMeasure measure = CostMeasure::Nominal;
  BalanceBasis basis = BalanceBasis::YearEnd;
};

/// The cost ceiling and the year by which it must hold.
struct Target {
  double ceiling = 0;  // fraction, e.g. 0.035
  int year = 0;        // calendar year
};

/// How the average principal due per year is counted for the repayment coverage ratio.
enum class PrincipalDueBasis {
  RemainingTerm,  // MOF: balance / balance-weighted average remaining term (standards.md §2.2)
  Scheduled,      // the mean of the contractual principal falling due in the horizon's years
};

/// Budget figures for the fiscal-capacity ratios; every one is optional.
struct Fiscal {
  std::optional<double> budget_revenue;    // 一般公共预算收入 in the base year, money unit
  std::optional<double> fiscal_capacity;   // 综合财力 in the base year, money unit
  double capacity_growth = 0;
  PrincipalDueBasis principal_due = PrincipalDueBasis::RemainingTerm;
  std::optional<double> min_repayment_coverage;  // 到期还本保障倍数 floor, e.g. 1.0
  std::optional<double> max_debt_ratio;          // 债务率 ceiling, e.g. 1.2 (120%)
  std::optional<double> max_interest_ratio;      // 利息支出率 ceiling, e.g. 0.10
};

struct Portfolio {
  std::string name;
  std::string unit = "万元";
  int base_year = 0;
  int horizon = 10;  // H: years after the base year that are computed
  CostDefinition cost;
  std::optional<Target> target;
  double discount_rate = 0;  // for the optimiser's total cost; 0 = plain sum over the years
  std::map<std::string, RatePath> reference_rates;                      // t = 0..H
  std::array<std::optional<RatePath>, debt_kind_count> rollover_rates;  // by kind, t = 0..H
  std::vector<Debt> debts;
  std::vector<Quota> quotas;  // ascending years, each within the horizon
  Fiscal fiscal;

  [[nodiscard]] int year_of(int t) const { return base_year + t; }
  [[nodiscard]] int index_of(int year) const { return year - base_year; }
};

// ---- schedules and rates ----

/// Contractual balance of `d` at the end of year t (t = 0 gives d.balance), for any t >= 0,
/// also beyond the horizon.
/// Example: a bullet of 100 maturing in base_year + 3: 100, 100, 100, 0, 0, ...
[[nodiscard]] double scheduled_balance(const Debt& d, int base_year, int t);

/// The debt's position at the end of year t: contractual balance plus the rolled-over part.
[[nodiscard]] double position_balance(const Debt& d, int base_year, int t);

/// The contractual rate of `d` in year t (reference path + spread for a floating rate).
[[nodiscard]] double contract_rate(const Portfolio& p, const Debt& d, int t);

/// The all-in annual cost of a bullet bond: the IRR of 1 − issuance_cost received, `coupon` a
/// year for `term` years and 1 repaid at the end (standards.md §2.3). Equals the coupon when
/// there is no issuance cost. Example: all_in_bond_rate(0.02, 0.01, 1) == 1.02/0.99 − 1.
[[nodiscard]] double all_in_bond_rate(double coupon, double issuance_cost, int term);

// ---- plans ----

/// Replacing `amount` (money, at the start of the quota's year) of debt `debt` with quota
/// `quota` (indices into Portfolio::debts and Portfolio::quotas).
struct Replacement {
  std::size_t debt = 0;
  std::size_t quota = 0;
  double amount = 0;
};

struct RefinancingPlan {
  std::vector<Replacement> replacements;  // sorted by quota, then debt
  [[nodiscard]] double total() const;
  [[nodiscard]] double total_in(std::size_t quota) const;
};

/// The portfolio's totals year by year, index t = 0..H.
struct CostPath {
  std::vector<double> balance;    // year-end balance
  std::vector<double> interest;   // interest paid in year t (0 at t = 0)
  std::vector<double> fees;       // annual fees and guarantee costs paid in year t
  std::vector<double> one_off;    // prepayment penalties and issuance costs at the start of year t
  std::vector<double> weighted;   // Σ rate · weight under the cost definition
  std::vector<double> weight;     // Σ weight
  std::vector<std::optional<double>> cost;  // weighted / weight; absent when nothing is owed

  /// Interest + fees + one-off costs of year t.
  [[nodiscard]] double total_cost(int t) const { return interest[t] + fees[t] + one_off[t]; }
};

/// The cost path with no refinancing. cost[0] is the weighted cost now: Σ B_i r_i / Σ B_i over
/// today's balances (the snapshot, whatever the balance basis).
[[nodiscard]] CostPath cost_path(const Portfolio& p);

/// The cost path under `plan`. Throws std::invalid_argument when a replacement is larger than
/// what is left of its debt's position, or exceeds nothing (an ineligible debt, a bad index).
[[nodiscard]] CostPath cost_path(const Portfolio& p, const RefinancingPlan& plan);

/// What one replacement does, undiscounted: the running cost saved year by year (t = 0..H, the
/// bond's interest against the interest and fees of what it replaces), the penalty and the
/// issuance cost.
struct ReplacementEffect {
  std::vector<double> saving;  // by t; 0 before the quota's year
  double penalty = 0;
  double issuance_cost = 0;
  double replaced_rate = 0;    // the debt's rate in the year of replacement (all-in when the
                               // cost definition is all-in), blended over contract and rollover
  double rolled_over = 0;      // of the amount: borrowing that rolled over when principal fell
                               // due (the rest is the contractual balance)
  [[nodiscard]] double net_saving() const;  // Σ saving − penalty − issuance cost
};
[[nodiscard]] ReplacementEffect replacement_effect(const Portfolio& p, const Replacement& r);

/// Principal that falls due before a plan's replacement takes it, and is rolled over (借新还旧)
/// in the meantime: the plan assumes it is refinanced at the market rate for the debt's kind
/// (`market:`), which is an assumption, not a contract, and an action the finance bureau has to
/// arrange before the replacement.
struct RollOver {
  std::size_t debt = 0;
  int first_due = 0, last_due = 0;  // calendar years at whose end the principal falls due
  double amount = 0;                // principal rolled over and not replaced before it fell due
  int replaced_from = 0;            // the year of the first replacement that takes it
  std::vector<std::pair<int, double>> rates;  // the assumed rate from each year it changes,
                                              // from the year after it falls due to the horizon
};

/// The rollovers a plan relies on, in the order of the plan's replacements.
/// Example: a bullet of 300 maturing in 2026 and replaced in 2027 gives {2026, 2026, 300, 2027}.
[[nodiscard]] std::vector<RollOver> plan_rollovers(const Portfolio& p, const RefinancingPlan& plan);

/// The opening position of debt i in the year of quota q: the most that quota can replace.
[[nodiscard]] double replaceable_amount(const Portfolio& p, std::size_t debt, std::size_t quota);

// ---- the cost target in closed form ----

/// Balance-weighted rate: Σ B_i r_i / Σ B_i (standards.md §2.3). Absent when Σ B_i = 0.
/// Example: weighted_cost({100, 300}, {0.06, 0.02}) == 0.03
[[nodiscard]] std::optional<double> weighted_cost(std::span<const double> balances, std::span<const double> rates);

/// The amount X of debt at r_old to replace at r_new for the weighted cost of a portfolio of
/// total balance ΣB and interest ΣB·r to reach `target`, the total balance unchanged:
///     X = (Σ B·r − r*·ΣB) / (r_old − r_new)   (standards.md §2.3)
/// Absent when r_old <= r_new (replacing does not lower the cost). 0 when already at or below.
/// Example: closed_form_refinancing_amount(1000, 45, 0.035, 0.06, 0.02) == 250
[[nodiscard]] std::optional<double> closed_form_refinancing_amount(double total_balance, double weighted_interest,
                                                                   double target, double r_old, double r_new);

/// The static check a planner does by hand: at today's balances, replace the eligible debts
/// most expensive first at `r_new` until the weighted cost reaches `target`. `r_old` is the
/// balance-weighted rate of what is replaced, so that amount = the closed form with that r_old;
/// `single_rate` says whether every replaced debt had the same rate (the closed form's case).
struct StaticRefinancing {
  double total_balance = 0;
  double weighted_interest = 0;  // Σ B·r
  double target = 0;
  double r_new = 0;
  std::optional<double> amount;  // absent when even replacing every eligible debt is not enough
  double r_old = 0;
  bool single_rate = false;
  double cost_after_all = 0;     // the weighted cost if every eligible debt were replaced
};
[[nodiscard]] StaticRefinancing static_refinancing_need(const Portfolio& p, double target, double r_new);

// ---- maturity wall and fiscal ratios ----

/// Contractual principal falling due by year, by kind: columns t = 1..H and a last column for
/// everything after the horizon.
struct MaturityWall {
  std::array<std::vector<double>, debt_kind_count> by_kind;  // H + 1 columns each
  std::vector<double> total;                                   // H + 1 columns
};
[[nodiscard]] MaturityWall maturity_wall(const Portfolio& p);

/// Balance-weighted average remaining term in years (to each debt's final maturity).
[[nodiscard]] std::optional<double> average_remaining_term(const Portfolio& p);

/// MOF 到期还本保障倍数 = budget revenue / average principal due per year, with the average
/// principal due = balance / average remaining term (standards.md §2.2, MOF-1).
/// Example: repayment_coverage(219663.57, 167043.47, 6.1) == 8.0216...
[[nodiscard]] double repayment_coverage(double budget_revenue, double balance, double remaining_term);

struct FiscalRatios {
  std::optional<double> average_principal_due;  // per year, money unit
  std::optional<double> repayment_coverage;      // base year
  std::string repayment_coverage_reason;         // why absent
  std::string repayment_coverage_reason_zh;
  std::vector<std::optional<double>> debt_ratio;      // by t = 0..H: year-end balance / capacity
  std::vector<std::optional<double>> interest_ratio;  // by t = 0..H: interest / capacity (t = 0:
                                                      // today's annual interest at today's rates)
  std::string capacity_reason;                        // why the ratios over capacity are absent
  std::string capacity_reason_zh;
};
[[nodiscard]] FiscalRatios fiscal_ratios(const Portfolio& p, const CostPath& path);

}  // namespace appraise::portfolio
