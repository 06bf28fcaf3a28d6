// `appraise debt PORTFOLIO`: the weighted debt cost now and by year, the refinancing plan that
// spends the 置换债 quotas best, the smallest quota that meets the cost target, and what it would
// take when the target cannot be met (exit code 1).
#include <fmt/format.h>

#include <charconv>

#include "appraise/core/units.hpp"
#include "appraise/io/portfolio_loader.hpp"
#include "appraise/io/reader.hpp"
#include "appraise/portfolio/plan.hpp"
#include "appraise/report/portfolio_report.hpp"
#include "appraise/report/workbooks.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "portfolio_input.hpp"
#include "progress.hpp"
#include "appraise/messages/cli.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;


namespace {

namespace pf = appraise::portfolio;

struct DebtOptions {
  std::string model;
  std::vector<std::string> quotas;  // "AMOUNT" or "YEAR=AMOUNT"
  std::string target;
  std::string by;
  OutputOptions out;
};


int parse_year_option(const std::string& option, const std::string& text) {
  int year = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (ec != std::errc() || end != text.data() + text.size() || year < 1900 || year > 2200)
    usage_error(option, msg(Cli::not_a_year, "text"_a = text), msg(Cli::year_form));
  return year;
}

Message quota_years(const pf::Portfolio& p) {
  std::vector<std::string> ys;
  for (const auto& q : p.quotas) ys.push_back(std::to_string(q.year));
  return joined(ys);
}

// The command line's quotas and target replace the file's.
void apply_overrides(pf::Portfolio& p, const DebtOptions& o) {
  for (const std::string& q : o.quotas) {
    const auto eq = q.find('=');
    const std::string amount_text = eq == std::string::npos ? q : q.substr(eq + 1);
    // An amount of the portfolio's unit: the generic number example (`-2.5`) and the model's unit
    // would both mislead here.
    const auto parsed = parse_number(amount_text);
    if (!parsed.value)
      usage_error("--quota", parsed.error, msg(Cli::amount_form), io::for_unit(parsed.hint, io::money_unit_hint("portfolio.unit", p.unit)));
    const double amount = *parsed.value;
    if (amount < 0) usage_error("--quota", msg(Cli::negative, "text"_a = amount_text), msg(Cli::amount_form));
    if (p.quotas.empty())
      usage_error("--quota", msg(Cli::no_quotas), msg(Cli::quotas_form));
    if (eq == std::string::npos) {
      for (auto& quota : p.quotas) quota.amount = amount;
      continue;
    }
    const int year = parse_year_option("--quota", q.substr(0, eq));
    auto it = std::find_if(p.quotas.begin(), p.quotas.end(), [&](const pf::Quota& x) { return x.year == year; });
    if (it == p.quotas.end())
      usage_error("--quota", msg(Cli::no_quota_for, "year"_a = year), msg(Cli::quota_years, "years"_a = quota_years(p)),
                  msg(Cli::add_quota_year));
    it->amount = amount;
  }
  if (!o.target.empty()) {
    const double ceiling = parse_rate_option("--target", o.target);
    if (ceiling < 0 || ceiling > 0.30)
      usage_error("--target", msg(Cli::target_outside, "text"_a = o.target), msg(Cli::target_form));
    if (!p.target) {
      // With no target year in the file, the target is for the last quota year: the quotas are
      // the means of reaching it.
      const int year = p.quotas.empty() ? p.base_year + p.horizon : p.quotas.back().year;
      p.target = pf::Target{ceiling, year};
    }
    p.target->ceiling = ceiling;
  }
  if (!o.by.empty()) {
    const int year = parse_year_option("--by", o.by);
    if (!p.target) usage_error("--by", msg(Cli::by_without_target), msg(Cli::target_source));
    if (year <= p.base_year || year > p.base_year + p.horizon)
      usage_error("--by", msg(Cli::year_outside_horizon, "year"_a = year),
                  msg(Cli::year_range, "first"_a = p.base_year + 1, "last"_a = p.base_year + p.horizon));
    p.target->year = year;
  }
}

// The summary with the checks, the plan by debt and year, the cost path, the maturity wall and
// the fiscal ratios, a sheet each.
report::Workbook debt_workbook(const pf::Portfolio& p, const pf::PortfolioAnalysis& a, report::Lang lang) {
  std::vector<report::Table> tables{pf::plan_lines_table(p, a, lang), pf::plan_table(p, a), pf::cost_path_table(p, a),
                                    pf::maturity_wall_table(p, a)};
  if (p.fiscal.fiscal_capacity) tables.push_back(pf::fiscal_table(p, a));
  report::Workbook book = tables_workbook(p.name, lang, {pf::summary(p, a, lang)}, tables);
  if (const auto cs = pf::checks(p, a); !cs.empty())
    std::get<report::SummarySheet>(book.sheets.front().content).blocks.push_back(checks_block(cs, lang));
  return book;
}

int run_debt(const DebtOptions& o) {
  pf::Portfolio p = load_portfolio_or_fail(o.model);
  apply_overrides(p, o);
  ProgressLine progress("debt");
  const pf::PortfolioAnalysis a = pf::analyse(p, progress.callback());
  progress.finish();
  if (o.out.format == report::Format::Xlsx) {
    emit_workbook(debt_workbook(p, a, o.out.lang), o.out);
  } else if (o.out.format == report::Format::Html) {
    emit(report::render_html(html_of(debt_workbook(p, a, o.out.lang), "debt", pf::debt_document(p, a, {o.model}))), o.out);
  } else {
    emit(pf::render_debt_report(p, a, {o.model}, o.out.format, o.out.lang, report::terminal_width(), o.out.csv()), o.out);
  }
  for (const auto& c : pf::checks(p, a))
    if (!c.passed) return TargetMissed;
  return Success;
}

}  // namespace

void setup_debt(CLI::App& app, Action& action) {
  auto opts = std::make_shared<DebtOptions>();
  auto* sub = app.add_subcommand("debt", help(Cli::help_debt));
  sub->add_option("portfolio", opts->model, help(Cli::help_debt_portfolio))->required();
  // One value per --quota, so `--quota 100 FILE` leaves FILE to the positional.
  sub->add_option("--quota", opts->quotas, help(Cli::help_debt_quota))
      ->allow_extra_args(false);
  sub->add_option("--target", opts->target, help(Cli::help_debt_target));
  sub->add_option("--by", opts->by, help(Cli::help_debt_by));
  add_output_options(*sub, opts->out);
  sub->callback([opts, &action]() { action = [opts]() { return run_debt(*opts); }; });
}

}  // namespace appraise::cli
