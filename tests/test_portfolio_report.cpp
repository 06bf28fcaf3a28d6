// The debt report says nothing that misleads (issue 14): amounts needed to reach a target are
// rounded up, comparisons print enough digits to be seen, debt that falls due before it is
// replaced rolls over in a line of its own with its assumed rate, and the Chinese report is
// Chinese. Each case reproduces what the report used to print and shows the fix.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <algorithm>
#include <cmath>
#include <regex>
#include <set>
#include <string>

#include "appraise/io/portfolio_loader.hpp"
#include "appraise/portfolio/plan.hpp"
#include "appraise/report/portfolio_report.hpp"
#include "portfolio_fixtures.hpp"

namespace pf = appraise::portfolio;
namespace report = appraise::report;
using portfolio_fixtures::debt;

namespace {

// A 100 at 6% (eligible), G 100 at 2% (a general bond); one 2026 quota at 2%. Replacing X of A
// cuts Σ B·r by 4% · X, so the ceiling r* needs X = (8 − 200 · r*) / 4%; r* = 3.81875% needs
// X = 9.0625 exactly (the closed form of standards.md §2.3).
pf::Portfolio needs_9_0625(double quota) {
  pf::Portfolio p;
  p.base_year = 2025;
  p.horizon = 3;
  p.debts = {debt("A", 100, 0.06, 2040), debt("G", 100, 0.02, 2040, pf::DebtKind::GeneralBond)};
  p.quotas = {{2026, quota, 0.02, 10, 0.0}};
  p.target = pf::Target{0.0381875, 2026};
  return p;
}

const report::Item& item(const report::Summary& s, const std::string& key) {
  for (const auto& it : s.items)
    if (it.key == key) return it;
  FAIL("no summary item " << key);
  return s.items.front();
}

}  // namespace

TEST_SUITE("portfolio report") {

TEST_CASE("the smallest refinancing is printed rounded up, so the amount printed reaches the target") {
  const pf::Portfolio p = needs_9_0625(100);
  const auto a = pf::analyse(p);
  REQUIRE(a.minimum_quota);
  CHECK(a.minimum_quota->total() == doctest::Approx(9.0625).epsilon(1e-9));
  // Rounded to the nearest cent it read 9.06, which does not reach the target:
  CHECK(report::format_value(a.minimum_quota->total(), report::Kind::Money) == "9.06");
  CHECK(pf::analyse(needs_9_0625(9.06)).status == pf::TargetStatus::Unreachable);
  // Printed now: 9.07, which does.
  const auto s = pf::summary(p, a, report::Lang::Zh);
  CHECK(*item(s, "minimum_quota").value == 9.07);
  CHECK(item(s, "minimum_quota").text == "2026年 9.07");
  CHECK(pf::analyse(needs_9_0625(9.07)).status == pf::TargetStatus::Met);
  // The closed-form check is an amount needed too.
  CHECK(*item(s, "closed_form_amount").value == 9.07);
  const std::string text = pf::render_debt_report(p, a, {"x.yaml"}, report::Format::Table, report::Lang::Zh);
  CHECK(text.find("达标所需最小置换额              9.07  2026年 9.07") != std::string::npos);
}

TEST_CASE("a missed target shows the gap: enough digits to tell cost and target apart, never 0.00 more quota") {
  // A quota of 9.0624 falls 0.0001 short of 9.0625: the best cost is 3.818752%, the target
  // 3.81875%, and 0.0001 more quota is needed. With two decimals this read "降至 3.82 %，高于目标
  // 3.82 %；需按现有票面利率追加置换额度 0.00 万元".
  const pf::Portfolio p = needs_9_0625(9.0624);
  const auto a = pf::analyse(p);
  REQUIRE(a.status == pf::TargetStatus::Unreachable);
  REQUIRE(a.shortfall);
  CHECK(a.shortfall->best_cost == doctest::Approx(0.03818752).epsilon(1e-9));
  REQUIRE(a.shortfall->additional_quota);
  CHECK(*a.shortfall->additional_quota == doctest::Approx(0.0001).epsilon(1e-6));
  const auto cs = pf::checks(p, a);
  REQUIRE(cs.size() == 1);
  CHECK(cs[0].message_zh ==
        "2026年综合成本在额度内最低只能降至 3.818752 %，高于目标 3.818750 %；需按现有票面利率追加置换额度 0.01 万元；或票面利率不高于 1.99 %");
  CHECK(cs[0].message_en.find("is 3.818752 %, above the target 3.818750 %; it needs 0.01 万元 more quota") != std::string::npos);
  // The summary beside it says the same (review 8, #14): it read 成本目标 3.82 % and 额度内最低可达成本
  // 3.82 % above a verdict of 3.818752 % against 3.818750 %.
  const auto s = pf::summary(p, a, report::Lang::Zh);
  CHECK_FALSE(item(s, "target").value);
  CHECK(item(s, "target").text == "3.81875 %  2026年及以前");
  CHECK_FALSE(item(s, "best_reachable_cost").value);
  CHECK(item(s, "best_reachable_cost").text == "3.818752 %");
  // The coupon that would do is on the grid of a hundredth of a percent and does reach it; the
  // next one up does not. (Before, the bisection's 1.999999…% printed as 2.00 %, the coupon
  // already given, which misses.)
  REQUIRE(a.shortfall->sufficient_coupon);
  CHECK(*a.shortfall->sufficient_coupon == doctest::Approx(0.0199).epsilon(1e-12));
  auto at = [&](double coupon) {
    pf::Portfolio q = p;
    q.quotas[0].coupon = coupon;
    return pf::analyse(q).status;
  };
  CHECK(at(0.0199) == pf::TargetStatus::Met);
  CHECK(at(0.0200) == pf::TargetStatus::Unreachable);
}

TEST_CASE("debt that falls due before it is replaced rolls over in a line of its own, at its stated assumed rate") {
  // M: 500 at 6%, a bullet falling due at the end of 2026, rolling over at the market rate for
  // bank loans (4.5% in 2027, 4.2% from 2028); one quota of 500 in 2027 at 2%. The plan replaces
  // M in 2027: what it replaces is the borrowing M rolled into at 4.5%, not M itself (M is repaid
  // at the end of 2026). The plan used to print "M 2027 500.00 原成本 4.50 %" as if M were still
  // there at 4.5%.
  pf::Portfolio p;
  p.base_year = 2025;
  p.horizon = 3;
  p.debts = {debt("M", 500, 0.06, 2026)};
  p.rollover_rates[static_cast<std::size_t>(pf::DebtKind::BankLoan)] = pf::RatePath{0.045, 0.045, 0.045, 0.042};
  p.quotas = {{2027, 500, 0.02, 10, 0.0}};
  const auto a = pf::analyse(p);
  REQUIRE(a.plan.replacements.size() == 1);
  const auto rollovers = pf::plan_rollovers(p, a.plan);
  REQUIRE(rollovers.size() == 1);
  CHECK(rollovers[0].debt == 0);
  CHECK(rollovers[0].first_due == 2026);
  CHECK(rollovers[0].last_due == 2026);
  CHECK(rollovers[0].amount == 500);
  CHECK(rollovers[0].replaced_from == 2027);
  REQUIRE(rollovers[0].rates.size() == 2);
  CHECK(rollovers[0].rates[0] == std::pair{2027, 0.045});
  CHECK(rollovers[0].rates[1] == std::pair{2028, 0.042});

  const auto t = pf::plan_lines_table(p, a, report::Lang::Zh);
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].texts[0] == "到期续借");
  CHECK(t.rows[0].texts[1] == "2026年末");
  CHECK(*t.rows[0].values[2] == 500);
  CHECK(*t.rows[0].values[3] == 0.045);
  CHECK(t.rows[1].texts[0] == "置换续借");
  CHECK(t.rows[1].texts[1] == "2027");
  REQUIRE(t.notes.size() == 1);
  CHECK(t.notes[0].zh == "到期续借 M 500.00：2026年末到期本金借新还旧，假设利率 4.50 %（2027年）、4.20 %（2028年起），"
                      "即模型 `market:` 中设定的银行贷款市场利率；2027年起由置换债置换。续借利率是假设，不是合同利率。");
  const auto en = pf::plan_lines_table(p, a, report::Lang::En);
  CHECK(en.notes[0].en.find("roll over M 500.00: principal falling due at the end of 2026 is refinanced at an assumed "
                         "4.50 % in 2027, 4.20 % from 2028") == 0);

  SUBCASE("a debt replaced before it falls due needs no rollover") {
    pf::Portfolio q = p;
    q.quotas[0].year = 2026;
    const auto b = pf::analyse(q);
    CHECK(pf::plan_rollovers(q, b.plan).empty());
    CHECK(pf::plan_lines_table(q, b, report::Lang::Zh).rows.front().texts[0] == "置换");
  }
  SUBCASE("a debt replaced in two years rolls over once") {
    pf::Portfolio q = p;
    q.quotas = {{2027, 200, 0.02, 10, 0.0}, {2028, 300, 0.02, 10, 0.0}};
    const auto b = pf::analyse(q);
    const auto r = pf::plan_rollovers(q, b.plan);
    REQUIRE(r.size() == 1);
    CHECK(r[0].amount == 500);
    CHECK(pf::plan_lines_table(q, b, report::Lang::Zh).rows.size() == 3);
  }
}

TEST_CASE("the Chinese debt report has no English sentence, the English one no Chinese line of its own") {
  // Latin words allowed in Chinese text: the closed form's symbols and the key `market`.
  const std::set<std::string> allowed{"r_old", "r_new", "market"};
  const std::regex word("[A-Za-z_]{2,}");
  for (const char* file : {"models/city-debt.yaml", "models/city-debt-ledger.yaml", "tests/debt/small.yaml",
                           "tests/debt/unreachable.yaml"}) {
    CAPTURE(file);
    const auto l = appraise::io::load_portfolio(std::string(APPRAISE_SOURCE_DIR) + "/" + file);
    REQUIRE(l.portfolio);
    const auto a = pf::analyse(*l.portfolio);
    const std::string zh = pf::render_debt_report(*l.portfolio, a, {file}, report::Format::Table, report::Lang::Zh);
    for (auto it = std::sregex_iterator(zh.begin(), zh.end(), word); it != std::sregex_iterator(); ++it) {
      CAPTURE(it->str());
      CHECK(allowed.count(it->str()) == 1);
    }
  }
  // The cost path's and the fiscal ratios' notes were English in the Chinese report; then chosen
  // in one language only, so the JSON's `notes` (English) held the Chinese. Now each in both.
  const auto l = appraise::io::load_portfolio(std::string(APPRAISE_SOURCE_DIR) + "/models/city-debt.yaml");
  REQUIRE(l.portfolio);
  const auto a = pf::analyse(*l.portfolio);
  const auto cost = pf::cost_path_table(*l.portfolio, a).notes.front();
  CHECK(cost.zh.rfind("成本口径：名义利率", 0) == 0);
  CHECK(cost.en.rfind("cost: nominal rate", 0) == 0);
  const auto fiscal = pf::fiscal_table(*l.portfolio, a).notes.front();
  CHECK(fiscal.zh.rfind("债务率 = 年末债务余额", 0) == 0);
  CHECK(fiscal.en.rfind("debt ratio = year-end balance", 0) == 0);
}

TEST_CASE("a table's text cells: left-aligned for people, quoted in CSV, strings in JSON") {
  report::Table t;
  t.key = "t";
  t.title_zh = t.title_en = "T";
  t.columns = {"word", "amount"};
  t.column_kinds = {report::Kind::Text, report::Kind::Money};
  report::Row r;
  r.key = "r";
  r.label_zh = r.label_en = "row";
  r.values = {std::nullopt, 1234.5};
  r.texts = {"a, b"};
  t.rows.push_back(r);
  r.texts = {"ccccc"};
  r.values = {std::nullopt, 1.0};
  t.rows.push_back(r);
  CHECK(report::render_text(t, report::Lang::En) ==
        "T\n"
        "item  word     amount\n"
        "---------------------\n"
        "row   a, b   1,234.50\n"
        "row   ccccc      1.00\n");
  CHECK(report::render_csv(t, report::Lang::En).find(",row,r,\"a, b\",1234.50\n") != std::string::npos);
  CHECK(report::to_json(t)["rows"][0]["values"] == report::JsonValue::parse(R"(["a, b", 1234.5])"));
}

TEST_CASE("the closed-form line recomputes from the figures it prints, to the cent") {
  // Review 8, #17: r_old printed 8.03 % made (246,490 − 3.5 % × 6,620,000)/(8.03 % − 2.05 %) =
  // 247,324.4, not the 247,478.27 printed; the rates now carry the decimals the amount needs.
  const auto l = appraise::io::load_portfolio(std::string(APPRAISE_SOURCE_DIR) + "/models/city-debt.yaml");
  REQUIRE(l.portfolio);
  const auto a = pf::analyse(*l.portfolio);
  const auto s = pf::summary(*l.portfolio, a, report::Lang::Zh);
  const report::Item& cf = item(s, "closed_form_amount");
  REQUIRE(cf.value);
  const std::regex line(R"(=（([0-9,.]+) − ([0-9.]+) % × ([0-9,.]+)）÷（([0-9.]+) % − ([0-9.]+) %）$)");
  std::smatch m;
  REQUIRE(std::regex_search(cf.text, m, line));
  auto number = [](std::string t) {
    t.erase(std::remove(t.begin(), t.end(), ','), t.end());
    return std::stod(t);
  };
  const double x = (number(m[1]) - number(m[2]) / 100 * number(m[3])) / ((number(m[4]) - number(m[5])) / 100);
  CHECK(std::abs(x - *cf.value) < 0.01);
}

TEST_CASE("with no quota the plan says the quota is missing, not that no replacement would pay") {
  // Review 8, #15: --quota 0 printed 没有能降低总成本或达成目标的置换 while the 7.8 % trust at 2 %
  // would plainly lower the cost.
  pf::Portfolio p = needs_9_0625(0);
  const auto text = pf::render_debt_report(p, pf::analyse(p), {"x.yaml"}, report::Format::Table, report::Lang::Zh);
  CHECK(text.find("置换计划：不置换（无置换债额度，各年额度均为 0）") != std::string::npos);
  CHECK(text.find("没有能降低总成本") == std::string::npos);
  // A quota no replacement can use at a profit keeps the other reason: a 7% coupon on 6% debt.
  p.quotas[0].amount = 100;
  p.quotas[0].coupon = 0.07;
  p.target.reset();
  const auto dear = pf::render_debt_report(p, pf::analyse(p), {"x.yaml"}, report::Format::Table, report::Lang::Zh);
  CHECK(dear.find("没有能降低总成本或达成目标的置换") != std::string::npos);
}

}  // TEST_SUITE
