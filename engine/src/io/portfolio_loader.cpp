// Reading a debt portfolio file into a portfolio::Portfolio (docs/portfolio-format.md). Reads
// every key, records every problem, and checks what only the whole file can tell: maturities
// against the base year, quotas against the debts they could replace, references against the
// rate paths, rolling debts against the market rates.
#include "appraise/io/portfolio_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "appraise/io/reader.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/messages/io.hpp"
#include "appraise/messages/project.hpp"
#include "data_words.hpp"
#include "ledger_reader.hpp"

namespace appraise::io {
namespace {

using namespace appraise::portfolio;
using namespace appraise::literals;
using messages::Io;
using detail::got;

NumberRule year_rule(Message what, std::optional<double> min = std::nullopt, std::optional<double> max = std::nullopt) {
  NumberRule r;
  r.integer = true;
  r.min = min ? min : 1900.0;
  r.max = max ? max : 2200.0;
  r.what = std::move(what);
  return r;
}

NumberRule count_rule(Message what, double min, double max) {
  NumberRule r;
  r.integer = true;
  r.min = min;
  r.max = max;
  r.what = std::move(what);
  return r;
}

// `unit`: the portfolio's, which a money word in the number is told of.
NumberRule amount_rule(const Message& what, const std::string& unit) {
  NumberRule r;
  r.what = what;
  r.unit_hint = money_unit_hint("portfolio.unit", unit);
  return r;
}

// An amount of 0 or more. Negative amounts are refused here rather than by the shared rule,
// whose hint is about project outflows; a balance or a quota is simply never negative.
std::optional<double> read_amount(Reader& r, const Node& n, const std::string& field, const Message& what, const std::string& unit) {
  const auto v = read_number(r, n, field, amount_rule(what, unit));
  if (v && *v < 0) {
    r.error(n, field, msg(messages::Project::negative, "value"_a = n.scalar), what, msg(Io::portfolio_negative_hint));
    return std::nullopt;
  }
  return v;
}

RateRule rate_rule(const Message& what, double min, double max) {
  RateRule r;
  r.min = min;
  r.max = max;
  r.what = what;
  return r;
}

// A debt's or market's interest rate: 0% to 30% (a rate above 30% is a typo or a unit slip).
const RateRule& interest_rule() {
  static const RateRule r = rate_rule(msg(Io::portfolio_an_interest_rate), 0.0, 0.30);
  return r;
}

struct DebtSource {
  const Node* node = nullptr;
  const Node* maturity = nullptr;
  const Node* reference = nullptr;
  Reader* reader = nullptr;  // of the portfolio file, or of the ledger the debt is a row of
};

class PortfolioLoader {
 public:
  explicit PortfolioLoader(Reader& r) : r_(r) {}

  std::optional<Portfolio> load(const Node& root) {
    if (refuse_other_kind(r_)) return std::nullopt;
    MapReader top(r_, root, "");
    if (!top.valid()) return std::nullopt;
    if (const Node* n = top.require("portfolio", msg(Io::portfolio_header_expected)))
      read_header(*n);
    if (const Node* n = top.get("cost")) read_cost(*n);
    if (const Node* n = top.get("reference_rates")) read_references(*n);
    if (const Node* n = top.get("market")) read_market(*n);
    if (const Node* n = top.require("debts", msg(Io::portfolio_debts_required)))
      read_debts(*n);
    if (const Node* n = top.get("quotas")) read_quotas(*n);
    if (const Node* n = top.get("target")) read_target(*n);
    if (const Node* n = top.get("fiscal")) read_fiscal(*n);
    top.finish();
    check_references();
    check_rollover_rates();
    // Whether a quota has anything to replace can only be told when every debt was read.
    if (std::all_of(debt_ok_.begin(), debt_ok_.end(), [](char ok) { return ok != 0; }) && header_ok_ && !p_.debts.empty())
      check_quotas();
    add_ledger_diagnostics();
    if (r_.failed()) return std::nullopt;
    return std::move(p_);
  }

  [[nodiscard]] bool io_error() const { return io_error_; }

 private:
  // ---- the header: everything else is checked against base_year and horizon ----
  void read_header(const Node& n) {
    MapReader m(r_, n, "portfolio");
    if (auto s = m.text("name")) p_.name = *s;
    if (auto s = m.text("unit"); s && money_unit_ok(r_, *n.find("unit"), "portfolio.unit", *s)) p_.unit = *s;
    std::optional<double> base, horizon;
    if (m.require("base_year", msg(Io::portfolio_base_year_expected)))
      base = m.number("base_year", year_rule(msg(Io::data_a_year_such_as, "year"_a = 2025)));
    if (m.has("horizon") && m.require("horizon", msg(Io::portfolio_horizon_expected)))
      horizon = m.number("horizon", count_rule(msg(Io::portfolio_horizon_years_word), 1, 50));
    if (auto d = m.rate("discount_rate", rate_rule(msg(Io::data_a_discount_rate), 0.0, 0.5))) p_.discount_rate = *d;
    m.finish();
    if (horizon) p_.horizon = static_cast<int>(*horizon);
    if (base) {
      p_.base_year = static_cast<int>(*base);
      // The horizon is known only when its own value was valid (or absent: the default).
      header_ok_ = !m.has("horizon") || horizon.has_value();
    }
  }

  [[nodiscard]] int first_year() const { return p_.base_year + 1; }
  [[nodiscard]] int last_year() const { return p_.base_year + p_.horizon; }

  void read_cost(const Node& n) {
    MapReader m(r_, n, "cost");
    if (auto c = m.choice<CostMeasure>("measure", {{"nominal", CostMeasure::Nominal}, {"all_in", CostMeasure::AllIn}}))
      p_.cost.measure = *c;
    if (auto c = m.choice<BalanceBasis>("balances", {{"year_end", BalanceBasis::YearEnd}, {"average", BalanceBasis::Average}}))
      p_.cost.basis = *c;
    m.finish();
  }

  // A rate by year: one rate for every year, or `{year: rate}` holding until the next year given.
  // `from_t` is the first year that needs a value (0: the base year).
  std::optional<RatePath> read_path(const Node& n, const std::string& field, const RateRule& rule, int from_t) {
    if (n.is_scalar()) {
      const auto v = read_rate(r_, n, field, rule);
      if (!v || !header_ok_) return std::nullopt;
      return RatePath(static_cast<std::size_t>(p_.horizon) + 1, *v);
    }
    if (!n.is_map() || n.entries.empty()) {
      r_.error(n, field, msg(Io::portfolio_expected_rate_path, "got"_a = got(n)), msg(Io::portfolio_rate_path_expected));
      return std::nullopt;
    }
    MapReader m(r_, n, field);  // reports duplicate years
    std::map<int, double> by_year;
    bool ok = true;
    for (const auto& [k, v] : n.entries) {
      const auto year = read_number(r_, k, field, year_rule(msg(Io::data_a_year_such_as, "year"_a = 2026)));
      (void)m.get(k.scalar);
      const auto rate = read_rate(r_, v, field + "." + k.scalar, rule);
      if (!year || !rate) {
        ok = false;
        continue;
      }
      by_year[static_cast<int>(*year)] = *rate;
    }
    m.finish();
    if (!ok || !header_ok_) return std::nullopt;
    const int needed = p_.base_year + from_t;
    if (by_year.begin()->first > needed) {
      r_.error(n.entries.front().first, field,
               msg(Io::portfolio_rates_start_late, "start"_a = by_year.begin()->first, "needed"_a = needed),
               msg(Io::portfolio_rate_from_expected, "needed"_a = needed));
      return std::nullopt;
    }
    // Years before the first one given (only the base year of a market rate, which nothing
    // reads: rollover starts in the first year) take the first rate.
    RatePath path;
    for (int t = 0; t <= p_.horizon; ++t) {
      auto it = by_year.upper_bound(p_.base_year + t);
      path.push_back(it == by_year.begin() ? it->second : std::prev(it)->second);
    }
    return path;
  }

  void read_references(const Node& n) {
    MapReader m(r_, n, "reference_rates");
    if (!m.valid()) return;
    const RateRule rule = rate_rule(msg(Io::portfolio_a_reference_rate), -0.05, 0.30);
    for (const auto& [k, v] : n.entries) {
      if (!k.is_scalar()) continue;
      (void)m.get(k.scalar);
      if (auto path = read_path(v, "reference_rates." + k.scalar, rule, 0)) p_.reference_rates[k.scalar] = *path;
      reference_names_.push_back(k.scalar);
    }
    m.finish();
  }

  void read_market(const Node& n) {
    MapReader m(r_, n, "market");
    for (DebtKind k : all_debt_kinds) {
      const std::string key(to_string(k));
      if (const Node* v = m.get(key)) {
        if (auto path = read_path(*v, "market." + key, interest_rule(), 1))
          p_.rollover_rates[static_cast<std::size_t>(k)] = *path;
        market_given_[static_cast<std::size_t>(k)] = true;
      }
    }
    m.finish();
  }

  // ---- debts ----
  void read_debts(const Node& n) {
    if (n.is_scalar() && !n.scalar.empty()) {
      read_ledger(n);
      return;
    }
    if (!n.is_sequence()) {
      dr().error(n, "debts", msg(Io::portfolio_expected_debts, "got"_a = got(n)), msg(Io::portfolio_debts_expected));
      return;
    }
    if (n.items.empty()) {
      dr().error(n, "debts", msg(Io::portfolio_no_debts), msg(Io::portfolio_one_debt));
      return;
    }
    std::map<std::string, int> names;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      const Node& item = n.items[i];
      const std::string field = fmt::format("debts[{}]", i);
      Debt d;
      DebtSource src{&item, nullptr, nullptr, &dr()};
      const bool ok = read_debt(item, field, d, src);
      debt_ok_.push_back(ok ? 1 : 0);
      // A name read is checked for duplicates even when something else about the debt is wrong.
      if (const Node* name = item.is_map() ? item.find("name") : nullptr; name && !d.name.empty()) {
        auto [it, inserted] = names.emplace(d.name, name->mark.line);
        if (!inserted) {
          dr().error(*name, field + ".name",
                   msg(Io::portfolio_debt_named_twice, "name"_a = d.name, "line"_a = it->second), {},
                   msg(Io::portfolio_unique_debt_names));
        }
      }
      p_.debts.push_back(std::move(d));
      sources_.push_back(src);
    }
  }

  bool read_debt(const Node& n, const std::string& field, Debt& d, DebtSource& src) {
    MapReader m(dr(), n, field);
    if (!m.valid()) return false;
    bool ok = true;
    if (m.require("name", msg(Io::portfolio_debt_name_expected))) {
      if (auto s = m.text("name")) d.name = *s;
      else ok = false;
    } else {
      ok = false;
    }
    if (m.require("kind", msg(Io::portfolio_kind_expected))) {
      // The words of portfolio-format.md, and the Chinese names a ledger uses (label_zh and
      // the shorter names in use).
      const auto k = m.choice<DebtKind>(
          "kind", {{"bank_loan", DebtKind::BankLoan},         {"platform_bond", DebtKind::PlatformBond},
                   {"non_standard", DebtKind::NonStandard},   {"trust", DebtKind::NonStandard},
                   {"finance_lease", DebtKind::FinanceLease}, {"general_bond", DebtKind::GeneralBond},
                   {"special_bond", DebtKind::SpecialBond},   {"refinancing_bond", DebtKind::RefinancingBond},
                   {"银行贷款", DebtKind::BankLoan},          {"城投债", DebtKind::PlatformBond},
                   {"信托等非标融资", DebtKind::NonStandard}, {"信托", DebtKind::NonStandard},
                   {"非标融资", DebtKind::NonStandard},       {"融资租赁", DebtKind::FinanceLease},
                   {"一般债券", DebtKind::GeneralBond},       {"专项债券", DebtKind::SpecialBond},
                   {"再融资（置换）债券", DebtKind::RefinancingBond}, {"再融资债券", DebtKind::RefinancingBond}});
      if (k) d.kind = *k;
      else ok = false;
    } else {
      ok = false;
    }
    if (const Node* bn = m.require("balance", msg(Io::portfolio_balance_expected, "unit"_a = p_.unit))) {
      const auto b = read_amount(dr(), *bn, field + ".balance", msg(Io::portfolio_an_outstanding_balance, "unit"_a = p_.unit), p_.unit);
      if (b) d.balance = *b;
      else ok = false;
    } else {
      ok = false;
    }
    const bool in_ledger = dr_ != &r_;
    if (const Node* rate = m.require("rate", in_ledger ? msg(Io::portfolio_rate_expected_ledger) : msg(Io::portfolio_rate_expected))) {
      ok = read_debt_rate(*rate, field + ".rate", d, src) && ok;
    } else {
      ok = false;
    }
    const RateRule fee = rate_rule(msg(Io::portfolio_a_fee_rate), 0.0, 0.10);
    if (auto f = m.rate("fee", fee)) d.fee_rate = *f;
    if (auto g = m.rate("guarantee", rate_rule(msg(Io::portfolio_a_guarantee_rate), 0.0, 0.10))) d.guarantee_rate = *g;
    if (auto pp = m.rate("prepayment_penalty", rate_rule(msg(Io::portfolio_a_penalty_rate), 0.0, 1.0))) d.prepayment_penalty = *pp;
    const auto repayment = m.choice<Amortisation>("repayment", {{"bullet", Amortisation::Bullet},
                                                               {"equal_principal", Amortisation::EqualPrincipal},
                                                               {"schedule", Amortisation::Schedule},
                                                               {"到期一次还本", Amortisation::Bullet},
                                                               {"等额本金", Amortisation::EqualPrincipal},
                                                               {"按计划还款", Amortisation::Schedule}});
    if (repayment) d.amortisation = *repayment;
    else if (m.get("repayment")) ok = false;
    // A repayment refused (等额, a typo) is not also checked against: the default it left would
    // ask for a maturity a schedule does not need, or refuse a first repayment year.
    const bool repayment_known = repayment || !m.get("repayment");

    std::optional<double> maturity;
    src.maturity = m.get("maturity");
    if (repayment_known && d.amortisation != Amortisation::Schedule && !src.maturity)
      (void)m.require("maturity", msg(Io::portfolio_maturity_expected));
    if (src.maturity) {
      maturity = read_number(dr(), *src.maturity, field + ".maturity", year_rule(msg(Io::data_a_year_such_as, "year"_a = 2030)));
      if (maturity) {
        d.maturity_year = static_cast<int>(*maturity);
        if (header_ok_ && d.maturity_year <= p_.base_year) {
          dr().error(*src.maturity, field + ".maturity",
                   msg(Io::portfolio_matured, "maturity"_a = d.maturity_year, "base"_a = p_.base_year),
                   msg(Io::portfolio_year_after, "base"_a = p_.base_year), msg(Io::portfolio_matured_hint));
          ok = false;
        }
      } else {
        ok = false;
      }
    }
    if (const Node* first = m.get("first_repayment"); first && repayment_known) {
      if (d.amortisation != Amortisation::EqualPrincipal) {
        dr().error(*first, field + ".first_repayment", msg(Io::portfolio_first_repayment_equal_principal));
        ok = false;
      } else if (auto y = read_number(dr(), *first, field + ".first_repayment", year_rule(msg(Io::data_a_year_such_as, "year"_a = 2027)))) {
        d.first_repayment_year = static_cast<int>(*y);
        if (header_ok_ && (d.first_repayment_year <= p_.base_year ||
                           (maturity && d.first_repayment_year > d.maturity_year))) {
          dr().error(*first, field + ".first_repayment",
                   msg(Io::portfolio_first_repayment_outside, "year"_a = d.first_repayment_year, "from"_a = p_.base_year + 1),
                   msg(Io::portfolio_first_repayment_expected, "from"_a = p_.base_year + 1));
          ok = false;
        }
      } else {
        ok = false;
      }
    }
    // Read before the balances: new borrowing (a schedule that rises) must be repaid and not replaced.
    if (auto e = m.flag("eligible")) d.eligible = *e;
    else if (!m.get("eligible")) d.eligible = eligible_by_default(d.kind);
    else ok = false;
    if (auto a = m.choice<AtMaturity>("at_maturity", {{"roll_over", AtMaturity::RollOver}, {"repay", AtMaturity::Repay}, {"续借", AtMaturity::RollOver}, {"到期偿还", AtMaturity::Repay}}))
      d.at_maturity = *a;
    if (const Node* b = m.get("balances")) {
      if (!repayment_known) {
        // Not read against a repayment that was refused (its own error stands; ok is false).
      } else if (d.amortisation != Amortisation::Schedule) {
        dr().error(*b, field + ".balances", msg(Io::portfolio_balances_schedule), {}, msg(Io::portfolio_balances_schedule_hint));
        ok = false;
      } else {
        ok = read_schedule(*b, field + ".balances", d, maturity.has_value()) && ok;
      }
    } else if (d.amortisation == Amortisation::Schedule) {
      (void)m.require("balances", msg(Io::portfolio_balances_required));
      ok = false;
    }
    m.finish();
    return ok;
  }

  bool read_debt_rate(const Node& n, const std::string& field, Debt& d, DebtSource& src) {
    if (n.is_scalar()) {
      const auto v = read_rate(dr(), n, field, interest_rule());
      if (v) d.rate.fixed = *v;
      return v.has_value();
    }
    MapReader m(dr(), n, field);
    if (!m.valid()) return false;
    bool ok = true;
    src.reference = m.require("reference", msg(Io::portfolio_reference_expected));
    if (src.reference) {
      if (auto s = m.text("reference")) d.rate.reference = *s;
      else ok = false;
    } else {
      ok = false;
    }
    if (auto s = m.rate("spread", rate_rule(msg(Io::portfolio_a_spread), -0.10, 0.20))) d.rate.spread = *s;
    else if (m.get("spread")) ok = false;
    m.finish();
    return ok;
  }

  // Year-end balances listed year by year from base_year + 1; whatever is left after the last
  // one falls due at `maturity`. They never rise, except for new borrowing (a project's loan drawn
  // after the base year, as `appraise programme` joins it): a debt that is repaid at maturity and
  // not eligible for refinancing, whose rolled-over part (balance − schedule) would otherwise turn
  // negative and whose replacement would take over draws not yet made.
  bool read_schedule(const Node& n, const std::string& field, Debt& d, bool has_maturity) {
    const bool new_borrowing = d.at_maturity == AtMaturity::Repay && !d.eligible;
    if (!n.is_map() || n.entries.empty()) {
      dr().error(n, field, msg(Io::portfolio_expected_balances, "got"_a = got(n)), msg(Io::portfolio_balances_expected));
      return false;
    }
    MapReader m(dr(), n, field);
    bool ok = true;
    int expected_year = p_.base_year + 1;
    double previous = d.balance;
    for (const auto& [k, v] : n.entries) {
      (void)m.get(k.scalar);
      const auto year = read_number(dr(), k, field, year_rule(msg(Io::data_a_year_such_as, "year"_a = 2026)));
      const auto b = read_amount(dr(), v, field + "." + k.scalar, msg(Io::portfolio_a_balance, "unit"_a = p_.unit), p_.unit);
      if (!year || !b) {
        // The entry still holds its year's place: the next year is not reported out of order.
        ok = false;
        ++expected_year;
        continue;
      }
      if (header_ok_ && static_cast<int>(*year) != expected_year) {
        dr().error(k, field, msg(Io::portfolio_year_out_of_order, "year"_a = k.scalar),
                   msg(Io::portfolio_consecutive_years, "from"_a = p_.base_year + 1, "here"_a = expected_year));
        ok = false;
      }
      if (*b > previous && !new_borrowing) {
        dr().error(v, field + "." + k.scalar,
                   msg(Io::portfolio_balance_rises, "from"_a = previous, "to"_a = *b), msg(Io::portfolio_balances_never_rise),
                   msg(Io::portfolio_new_borrowing_hint));
        ok = false;
      }
      previous = *b;
      d.balances.push_back(*b);
      ++expected_year;
    }
    m.finish();
    if (!ok || !header_ok_) return ok;
    // Paid off in the year after the last balance owed (new borrowing may start at 0).
    const auto owed = std::find_if(d.balances.rbegin(), d.balances.rend(), [](double b) { return b != 0.0; });
    const auto zero = owed.base();
    if (zero != d.balances.end()) {
      const int paid_off = p_.base_year + 1 + static_cast<int>(zero - d.balances.begin());
      if (has_maturity && d.maturity_year != paid_off) {
        dr().error(n, field, msg(Io::portfolio_paid_off_not_maturity, "year"_a = paid_off, "maturity"_a = d.maturity_year),
                   msg(Io::portfolio_paid_off_expected));
        return false;
      }
      d.maturity_year = paid_off;
    } else if (!has_maturity) {
      dr().error(n, field, msg(Io::portfolio_owed_no_maturity, "owed"_a = d.balances.back(), "year"_a = expected_year - 1),
                 msg(Io::portfolio_owed_no_maturity_expected));
      return false;
    } else if (d.maturity_year < expected_year) {
      dr().error(n, field,
                 msg(Io::portfolio_owed_at_maturity, "maturity"_a = d.maturity_year, "owed"_a = d.balances.back(),
                     "year"_a = expected_year - 1),
                 msg(Io::portfolio_owed_at_maturity_expected));
      return false;
    }
    return true;
  }

  // ---- quotas, target, fiscal ----
  void read_quotas(const Node& n) {
    if (!n.is_sequence()) {
      r_.error(n, "quotas", msg(Io::portfolio_expected_quotas, "got"_a = got(n)), msg(Io::portfolio_quotas_expected));
      return;
    }
    std::map<int, int> years;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      const std::string field = fmt::format("quotas[{}]", i);
      MapReader m(r_, n.items[i], field);
      if (!m.valid()) continue;
      Quota q;
      bool ok = true;
      const Node* year_node = m.require("year", msg(Io::portfolio_quota_year_expected));
      if (year_node) {
        if (auto y = read_number(r_, *year_node, field + ".year", year_rule(msg(Io::data_a_year_such_as, "year"_a = 2026)))) {
          q.year = static_cast<int>(*y);
          if (header_ok_ && (q.year < first_year() || q.year > last_year())) {
            r_.error(*year_node, field + ".year", msg(messages::Cli::year_outside_horizon, "year"_a = q.year),
                     msg(Io::portfolio_horizon_years, "first"_a = first_year(), "last"_a = last_year()));
            ok = false;
          } else if (auto [it, fresh] = years.emplace(q.year, year_node->mark.line); !fresh) {
            r_.error(*year_node, field + ".year",
                     msg(Io::portfolio_quota_twice, "year"_a = q.year, "line"_a = it->second), {},
                     msg(Io::portfolio_one_quota_per_year));
            ok = false;
          }
        } else {
          ok = false;
        }
      } else {
        ok = false;
      }
      if (const Node* an = m.require("amount", msg(Io::portfolio_quota_amount_expected, "unit"_a = p_.unit))) {
        if (auto a = read_amount(r_, *an, field + ".amount", msg(Io::data_amount_zero_or_more, "unit"_a = p_.unit), p_.unit)) q.amount = *a;
        else ok = false;
      } else {
        ok = false;
      }
      if (m.require("coupon", msg(Io::portfolio_coupon_expected))) {
        if (auto c = m.rate("coupon", rate_rule(msg(Io::portfolio_a_coupon), 0.0, 0.20))) q.coupon = *c;
        else ok = false;
      } else {
        ok = false;
      }
      if (m.require("term", msg(Io::portfolio_term_expected))) {
        if (auto t = m.number("term", count_rule(msg(Io::portfolio_a_term), 1, 50)))
          q.term_years = static_cast<int>(*t);
        else ok = false;
      } else {
        ok = false;
      }
      if (auto c = m.rate("issuance_cost", rate_rule(msg(Io::portfolio_an_issuance_cost), 0.0, 0.10))) q.issuance_cost = *c;
      else if (m.get("issuance_cost")) ok = false;
      m.finish();
      if (ok) {
        p_.quotas.push_back(q);
        quota_sources_.push_back(year_node);
      }
    }
  }

  void read_target(const Node& n) {
    MapReader m(r_, n, "target");
    if (!m.valid()) return;
    Target t;
    bool ok = true;
    if (m.require("ceiling", msg(Io::portfolio_ceiling_expected))) {
      if (auto c = m.rate("ceiling", rate_rule(msg(Io::portfolio_a_cost_ceiling), 0.0, 0.30))) t.ceiling = *c;
      else ok = false;
    } else {
      ok = false;
    }
    if (const Node* by = m.require("by", msg(Io::portfolio_by_expected))) {
      if (auto y = read_number(r_, *by, "target.by", year_rule(msg(Io::data_a_year_such_as, "year"_a = 2027)))) {
        t.year = static_cast<int>(*y);
        if (header_ok_ && (t.year < first_year() || t.year > last_year())) {
          r_.error(*by, "target.by", msg(messages::Cli::year_outside_horizon, "year"_a = t.year),
                   msg(Io::portfolio_horizon_years, "first"_a = first_year(), "last"_a = last_year()),
                   msg(Io::portfolio_lengthen_horizon));
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
    m.finish();
    if (ok) p_.target = t;
  }

  void read_fiscal(const Node& n) {
    MapReader m(r_, n, "fiscal");
    if (!m.valid()) return;
    Fiscal& f = p_.fiscal;
    const Message money = msg(Io::data_amount_zero_or_more, "unit"_a = p_.unit);
    if (const Node* v = m.get("budget_revenue")) f.budget_revenue = read_amount(r_, *v, "fiscal.budget_revenue", money, p_.unit);
    if (const Node* v = m.get("fiscal_capacity")) f.fiscal_capacity = read_amount(r_, *v, "fiscal.fiscal_capacity", money, p_.unit);
    if (auto g = m.rate("capacity_growth", rate_rule(msg(Io::portfolio_a_growth_rate), -0.5, 0.5))) f.capacity_growth = *g;
    if (auto b = m.choice<PrincipalDueBasis>("principal_due", {{"remaining_term", PrincipalDueBasis::RemainingTerm},
                                                                {"scheduled", PrincipalDueBasis::Scheduled}}))
      f.principal_due = *b;
    if (const Node* t = m.get("thresholds")) {
      MapReader th(r_, *t, "fiscal.thresholds");
      NumberRule ratio;
      ratio.min = 0.0;
      ratio.max = 1000.0;
      ratio.what = msg(Io::portfolio_a_multiple);
      f.min_repayment_coverage = th.number("repayment_coverage", ratio);
      // Ratios, not rates: 债务率 120% may be written 1.2; the example is the ratio's own.
      RateRule debt_ratio = rate_rule(msg(Io::portfolio_a_ratio), 0.0, 10.0);
      debt_ratio.kind = Proportion::Factor;
      debt_ratio.bare_max = kBareFactorMax;
      debt_ratio.example = msg(Io::portfolio_a_ratio_such_as, "example"_a = "`120%`");
      RateRule interest_ratio = rate_rule(msg(Io::portfolio_a_ratio), 0.0, 1.0);
      interest_ratio.example = msg(Io::portfolio_a_ratio_such_as, "example"_a = "`10%`");
      f.max_debt_ratio = th.rate("debt_ratio", debt_ratio);
      f.max_interest_ratio = th.rate("interest_ratio", interest_ratio);
      th.finish();
      // A threshold whose ratio cannot be computed would be a check that silently never runs.
      auto needs = [&](const char* key, bool given, const char* input) {
        if (const Node* at = t->is_map() ? t->find(key) : nullptr; at && !given)
          r_.error(*at, fmt::format("fiscal.thresholds.{}", key),
                   msg(Io::portfolio_threshold_needs, "key"_a = key, "input"_a = input), {},
                   msg(Io::portfolio_threshold_needs_hint, "input"_a = input));
      };
      // (An input given with a bad value has its own error already.)
      needs("repayment_coverage", m.has("budget_revenue"), "budget_revenue");
      needs("debt_ratio", m.has("fiscal_capacity"), "fiscal_capacity");
      needs("interest_ratio", m.has("fiscal_capacity"), "fiscal_capacity");
    }
    m.finish();
  }

  // ---- checks across the file ----
  void check_references() {
    for (std::size_t i = 0; i < p_.debts.size(); ++i) {
      const Debt& d = p_.debts[i];
      if (!debt_ok_[i] || d.rate.reference.empty() || p_.reference_rates.count(d.rate.reference)) continue;
      // A path that was given but is itself invalid has been reported already.
      if (std::find(reference_names_.begin(), reference_names_.end(), d.rate.reference) != reference_names_.end())
        continue;
      Message hint = reference_names_.empty() ? msg(Io::portfolio_list_reference)
                                              : msg(Io::portfolio_references_are, "names"_a = joined(reference_names_));
      if (auto c = closest_match(d.rate.reference, reference_names_)) hint = msg(messages::Cli::did_you_mean, "word"_a = *c);
      sources_[i].reader->error(*sources_[i].reference, fmt::format("debts[{}].rate.reference", i),
                                msg(Io::portfolio_no_reference, "name"_a = d.rate.reference), {}, hint);
    }
  }

  void check_rollover_rates() {
    if (!header_ok_) return;
    std::array<bool, debt_kind_count> reported{};
    for (std::size_t i = 0; i < p_.debts.size(); ++i) {
      const Debt& d = p_.debts[i];
      const auto k = static_cast<std::size_t>(d.kind);
      if (!debt_ok_[i]) continue;
      if (d.at_maturity != AtMaturity::RollOver || market_given_[k] || reported[k]) continue;
      if (scheduled_balance(d, p_.base_year, p_.horizon) >= d.balance) continue;  // nothing falls due
      reported[k] = true;
      const std::string kind(to_string(d.kind));
      const Node& at = sources_[i].maturity ? *sources_[i].maturity : *sources_[i].node;
      sources_[i].reader->error(at, fmt::format("debts[{}]", i),
                                msg(Io::portfolio_no_rollover_rate, "name"_a = d.name, "kind"_a = kind, "year"_a = last_year()), {},
                                msg(Io::portfolio_no_rollover_rate_hint, "kind"_a = kind));
    }
  }

  void check_quotas() {
    for (std::size_t k = 0; k < p_.quotas.size(); ++k) {
      double replaceable = 0;
      bool any_eligible = false;
      for (std::size_t i = 0; i < p_.debts.size(); ++i) {
        if (!p_.debts[i].eligible) continue;
        any_eligible = true;
        replaceable += replaceable_amount(p_, i, k);
      }
      if (replaceable > 0) continue;
      const Quota& q = p_.quotas[k];
      r_.error(*quota_sources_[k], fmt::format("quotas[{}]", k),
               msg(any_eligible ? Io::portfolio_quota_all_repaid : Io::portfolio_quota_none_eligible, "year"_a = q.year), {},
               msg(Io::portfolio_quota_hint));
    }
    std::sort(p_.quotas.begin(), p_.quotas.end(), [](const Quota& a, const Quota& b) { return a.year < b.year; });
  }

  Reader& dr() { return *dr_; }

  // `debts: 债务台账.csv`: the debts are the rows of a CSV ledger, beside the portfolio file. Its
  // rows are read by read_debt as YAML debts are, with the ledger's own reader so that every
  // message points at its row and column.
  void read_ledger(const Node& n) {
    const std::string path = path_beside(r_.document().path, n.scalar);
    ParsedLedger parsed = read_ledger_file(path);
    ledger_diags_.append(parsed.diagnostics);
    ledger_rows_ = std::move(parsed.rows);
    io_error_ = io_error_ || parsed.io_error;
    if (!parsed.ledger) {
      r_.error(n, "debts", msg(Io::portfolio_ledger_unusable, "path"_a = path));
      return;
    }
    ledger_ = std::move(parsed.ledger);
    ledger_reader_.emplace(ledger_->doc, ledger_diags_);
    // `余额（元）` in a portfolio in 万元 would be read 10,000 times too large.
    if (!ledger_->balance_unit.empty() && ledger_->balance_unit != p_.unit) {
      Node at;
      at.kind = Node::Kind::Scalar;
      at.mark = ledger_->balance_header;
      at.scalar = ledger_->columns.at("balance") + "（" + ledger_->balance_unit + "）";
      ledger_reader_->error(at, "", msg(Io::portfolio_ledger_unit, "ledger_unit"_a = ledger_->balance_unit, "unit"_a = p_.unit),
                            {}, msg(Io::portfolio_ledger_unit_hint, "unit"_a = p_.unit, "ledger_unit"_a = ledger_->balance_unit));
      return;
    }
    // A ledger with a header and no debt rows (or only its 合计 row): said at the header, where a
    // planner looks, since an empty list has no line of its own. Rows left out for an error of
    // their own are not also "no debt rows".
    if (ledger_->doc.root.is_sequence() && ledger_->doc.root.items.empty()) {
      if (ledger_diags_.has_errors()) return;
      Node at;
      at.kind = Node::Kind::Scalar;
      at.mark = Mark{ledger_->balance_header.line > 0 ? ledger_->balance_header.line : 1, 1};
      ledger_reader_->error(at, "", msg(Io::portfolio_ledger_no_rows), msg(Io::portfolio_ledger_one_row));
      return;
    }
    dr_ = &*ledger_reader_;
    read_debts(ledger_->doc.root);
    dr_ = &r_;
  }

  // The ledger's diagnostics, in its words (row and column) and in row order, after the
  // portfolio file's; each says its row as Excel or WPS shows it beside the file's line.
  void add_ledger_diagnostics() {
    std::vector<Diagnostic> ds(ledger_diags_.begin(), ledger_diags_.end());
    if (ledger_) ds = in_ledger_words(*ledger_, std::move(ds));
    std::stable_sort(ds.begin(), ds.end(), [](const Diagnostic& a, const Diagnostic& b) {
      const int la = a.location ? a.location->line : 0, lb = b.location ? b.location->line : 0;
      return la < lb;
    });
    for (Diagnostic& d : ds) r_.diagnostics().add(with_spreadsheet_row(ledger_rows_, std::move(d)));
    ledger_diags_ = Diagnostics{};
  }

  Reader& r_;
  Reader* dr_ = &r_;  // the reader of the debts being read
  std::optional<Ledger> ledger_;
  std::vector<RecordSpan> ledger_rows_;  // the lines of each of its rows, for with_spreadsheet_row
  std::optional<Reader> ledger_reader_;
  Diagnostics ledger_diags_;
  bool io_error_ = false;
  Portfolio p_;
  bool header_ok_ = false;  // base_year and horizon are known, so years can be checked
  std::vector<DebtSource> sources_;
  std::vector<char> debt_ok_;  // by debt: read without error
  std::vector<const Node*> quota_sources_;
  std::vector<std::string> reference_names_;
  std::array<bool, debt_kind_count> market_given_{};
};

}  // namespace

LoadedPortfolio load_portfolio_from_document(const Document& doc) {
  LoadedPortfolio out;
  Reader r(doc, out.diagnostics);
  PortfolioLoader loader(r);
  auto p = loader.load(doc.root);
  out.io_error = loader.io_error();
  if (!out.diagnostics.has_errors()) out.portfolio = std::move(p);
  return out;
}

namespace {

// The parser's hint for an empty file describes project models; a portfolio starts otherwise.
Diagnostics for_portfolio(const Diagnostics& ds) {
  Diagnostics out;
  for (Diagnostic d : ds) {
    if (d.message.en == "the file is empty") d.hint = msg(Io::portfolio_empty_file_hint);
    out.add(std::move(d));
  }
  return out;
}

}  // namespace

LoadedPortfolio load_portfolio(const std::string& path) {
  ParsedDocument parsed = parse_yaml_file(path, DocumentKind::Portfolio);
  if (!parsed.document) return {std::nullopt, for_portfolio(parsed.diagnostics), parsed.io_error};
  LoadedPortfolio out = load_portfolio_from_document(*parsed.document);
  Diagnostics all = std::move(parsed.diagnostics);
  all.append(out.diagnostics);
  out.diagnostics = std::move(all);
  return out;
}

LoadedPortfolio load_portfolio_from_string(std::string_view text, const std::string& name) {
  ParsedDocument parsed = parse_yaml_text(text, name, DocumentKind::Portfolio);
  if (!parsed.document) return {std::nullopt, for_portfolio(parsed.diagnostics), false};
  LoadedPortfolio out = load_portfolio_from_document(*parsed.document);
  Diagnostics all = std::move(parsed.diagnostics);
  all.append(out.diagnostics);
  out.diagnostics = std::move(all);
  return out;
}

}  // namespace appraise::io
