// `appraise calc`: the metrics one at a time, for quick checks and scripts, with the spreadsheet
// functions' arguments and sign conventions.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "common.hpp"
#include "help.hpp"
#include "appraise/core/text.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/core/metrics.hpp"
#include "appraise/core/tvm.hpp"
#include "appraise/core/units.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct CalcOptions {
  std::string function;
  std::vector<std::string> flows;
  std::string rate, finance_rate, reinvest_rate, guess;
  std::string nper, pv, fv, pmt, per;
  std::string when = "end";
  std::string first_period = "0";
  std::string day_count = "act/365";
  OutputOptions out;
};

// `text` with its commas (, or the full-width ，) turned into spaces, when it is numbers joined
// or followed by them (`-1000,300,400`, `-1000,` of `-1000, 300, 400`) and not one number grouped
// in thousands; empty otherwise.
std::string spaced_list(const std::string& text) {
  std::vector<std::string> parts;
  std::string part;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool full_width = text.compare(i, 3, "\xEF\xBC\x8C") == 0;
    if (i == text.size() || text[i] == ',' || full_width) {
      parts.push_back(part);
      part.clear();
      if (full_width) i += 2;
    } else {
      part += text[i];
    }
  }
  if (parts.size() < 2) return {};
  std::string joined;
  for (const auto& x : parts) {
    if (x.find_first_not_of(' ') == std::string::npos) continue;  // a comma at an end
    if (!parse_number(x).value) return {};
    joined += (joined.empty() ? "" : " ") + x.substr(x.find_first_not_of(' '), x.find_last_not_of(' ') + 1 - x.find_first_not_of(' '));
  }
  if (joined.empty()) return {};
  // 1,500,000 reads as one number grouped in thousands: parse_number's hint says so.
  if (text.find("\xEF\xBC\x8C") == std::string::npos && thousands_grouped(text)) return {};
  return joined;
}

std::vector<double> parse_flows(const std::vector<std::string>& tokens) {
  if (tokens.empty())
    usage_error(msg_in(ui_lang(), Cli::flows_field), msg(Cli::no_flows), msg(Cli::flows_form));
  std::vector<double> flows;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string name = msg_in(ui_lang(), Cli::flow_number, "n"_a = i + 1);
    const auto p = parse_number(tokens[i]);
    if (!p.value) {
      // Flows joined by commas (typed as a list, or pasted from a spreadsheet row) are several
      // flows: the remedy is spaces between them. Not a number with thousands separators
      // (`1,500,000`), which parse_number's own hint answers.
      const std::string spaced = spaced_list(tokens[i]);
      if (!spaced.empty()) usage_error(name, p.error, p.expected, msg(Cli::flows_joined, "spaced"_a = spaced));
      usage_error(name, p.error, p.expected, p.hint);
    }
    flows.push_back(*p.value);
  }
  return flows;
}

std::vector<DatedFlow> parse_dated_flows(const std::vector<std::string>& tokens) {
  if (tokens.empty())
    usage_error(msg_in(ui_lang(), Cli::flows_field), msg(Cli::no_dated_flows), msg(Cli::dated_flows_form));
  std::vector<DatedFlow> flows;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    const std::string name = msg_in(ui_lang(), Cli::flow_number, "n"_a = i + 1);
    const auto eq = t.find('=');
    if (eq == std::string::npos)
      usage_error(name, msg(Cli::flow_without_date, "flow"_a = t), msg(Cli::dated_flow_form));
    const auto date = parse_date(t.substr(0, eq));
    if (!date)
      usage_error(name, msg(Cli::not_a_date, "text"_a = t.substr(0, eq)), msg(Cli::date_form));
    flows.push_back({*date, parse_number_option(name, t.substr(eq + 1))});
  }
  return flows;
}

Timing parse_first_period(const std::string& s) {
  if (s == "0") return Timing::AtStart;
  if (s == "1") return Timing::EndOfPeriod;
  if (s == "0.5" || s == "mid") return Timing::MidPeriod;
  usage_error("--first-period", msg(Cli::not_a_timing, "value"_a = s), msg(Cli::timings));
}

PaymentTiming parse_when(const std::string& s) {
  if (s == "end" || s == "0") return PaymentTiming::End;
  if (s == "begin" || s == "1") return PaymentTiming::Begin;
  usage_error("--when", msg(Cli::not_a_payment_timing, "value"_a = s), msg(Cli::payment_timings));
}

double required_number(const std::string& option, const std::string& text) {
  if (text.empty()) usage_error(option, msg(Cli::required_for_function));
  return parse_number_option(option, text);
}

double required_rate(const std::string& option, const std::string& text) {
  if (text.empty()) usage_error(option, msg(Cli::required_for_function), msg(Cli::rate_form));
  return parse_rate_option(option, text);
}

double optional_number(const std::string& option, const std::string& text) {
  return text.empty() ? 0.0 : parse_number_option(option, text);
}

// The result of one calc function: its name, its value or why there is none, and details.
struct CalcResult {
  std::string name;
  std::optional<double> value;
  report::Kind kind = report::Kind::Money;
  std::string status;
  Message reason;
  report::JsonValue details = report::JsonValue::object();
  std::vector<std::pair<Message, Message>> lines;  // extra lines for people: label, text
};

// The status token (JSON, CSV) in words for people.
Message status_words(std::string_view status) {
  if (status == "converged") return msg(Cli::calc_converged);
  if (status == "no_sign_change") return msg(Cli::calc_no_sign_change);
  if (status == "no_root") return msg(Cli::calc_no_root);
  if (status == "not_converged") return msg(Cli::calc_not_converged);
  if (status == "ok") return msg(Cli::calc_ok);
  if (status == "undefined") return msg(Cli::calc_undefined);
  if (status == "never_reached") return msg(Cli::calc_never_reached);
  return Message::same(std::string(status));
}

CalcResult from_irr(const std::string& name, const IrrResult& r) {
  CalcResult c{name, r.rate, report::Kind::Rate, std::string(to_string(r.status)), r.reason, {}, {}};
  report::JsonValue roots = report::JsonValue::array();
  std::vector<std::string> root_texts;
  for (double x : r.roots) {
    roots.push_back(x);
    root_texts.push_back(format_percent_number(x, 6) + " %");
  }
  c.details["roots"] = roots;
  c.details["sign_changes"] = r.sign_changes;
  c.details["unique"] = r.unique;
  c.details["norstrom_unique_positive"] = r.norstrom_unique_positive;
  c.details["enumeration_complete"] = r.enumeration_complete;
  if (r.rate && std::isfinite(r.residual)) c.details["residual"] = r.residual;
  c.lines.emplace_back(msg(Cli::calc_status), status_words(c.status));
  c.lines.emplace_back(msg(Cli::calc_sign_changes),
                       r.unique ? msg(Cli::calc_one_irr, "n"_a = r.sign_changes)
                                : (r.sign_changes > 1 ? msg(Cli::calc_several_irrs, "n"_a = r.sign_changes)
                                                      : Message::same(std::to_string(r.sign_changes))));
  if (!r.roots.empty()) c.lines.emplace_back(msg(r.roots.size() == 1 ? Cli::calc_root : Cli::calc_roots), joined(root_texts));
  if (r.rate && std::isfinite(r.residual))
    c.lines.emplace_back(msg(Cli::calc_residual), msg(Cli::calc_residual_value, "residual"_a = fmt::format("{:.1e}", r.residual)));
  return c;
}

CalcResult from_optional(const std::string& name, const OptionalValue& v, report::Kind kind) {
  CalcResult c{name, v.value, kind, v.value ? "ok" : "undefined", v.reason, {}, {}};
  return c;
}

void print(const CalcResult& c, const OutputOptions& out) {
  if (out.format == report::Format::Json) {
    report::JsonValue j;
    j[c.name] = c.value ? report::JsonValue(*c.value) : report::JsonValue(nullptr);
    j["status"] = c.status;
    if (!c.reason.empty()) j["reason"] = c.reason;
    for (const auto& [k, v] : c.details.items()) j[k] = v;
    emit(report::dump(j), out);
    return;
  }
  if (out.format == report::Format::Csv) {
    std::string s = msg_in(out.lang, Cli::calc_csv_header) + "\n";
    s += fmt::format("{},{},{},{}\n", c.name, c.value ? report::format_exact(*c.value) : "", c.status,
                     report::csv_escape(c.reason.in(out.lang)));
    emit(s, out);
    return;
  }
  std::string s;
  std::string shown;
  if (c.value) {
    // Never "-0.000000": a root or an amount that rounds to zero at the shown decimals is 0.
    shown = c.kind == report::Kind::Rate ? format_percent_number(*c.value, 6) + " %" : format_fixed(*c.value, 6);
  } else {
    shown = msg_in(out.lang, Cli::calc_none);
  }
  // Labels padded by display width: a Chinese character takes two columns.
  const auto line = [&s](const std::string& label, const std::string& text) { s += pad_right(label, 13) + " " + text + "\n"; };
  // The function's name as a Chinese report writes it: the spreadsheet's (IRR, NPV, PMT…).
  std::string name = c.name;
  if (out.lang == report::Lang::Zh) {
    if (name == "payback") name = msg_in(out.lang, Cli::calc_payback);
    else std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  }
  line(name, shown);
  for (const auto& [k, v] : c.lines) line(k.in(out.lang), v.in(out.lang));
  if (!c.reason.empty()) line(msg_in(out.lang, c.value ? Cli::calc_note : Cli::calc_why), c.reason.in(out.lang));
  emit(s, out);
}

int run_calc(const CalcOptions& o) {
  const std::string& f = o.function;
  CalcResult result;
  if (f == "npv") {
    const auto flows = parse_flows(o.flows);
    const double r = required_rate("--rate", o.rate);
    const Timing t = parse_first_period(o.first_period);
    result = {"npv", npv(flows, r, t), report::Kind::Money, "ok", {}, {}, {}};
    result.details["rate"] = r;
    result.details["first_flow_time"] = first_flow_time(t);
  } else if (f == "irr") {
    IrrOptions opts;
    if (!o.guess.empty()) opts.guess = parse_rate_option("--guess", o.guess);
    result = from_irr("irr", irr(parse_flows(o.flows), opts));
  } else if (f == "mirr") {
    const auto flows = parse_flows(o.flows);
    result = from_optional("mirr", mirr(flows, required_rate("--finance-rate", o.finance_rate),
                                         required_rate("--reinvest-rate", o.reinvest_rate)),
                           report::Kind::Rate);
  } else if (f == "xnpv" || f == "xirr") {
    const auto flows = parse_dated_flows(o.flows);
    const auto dc = parse_day_count(o.day_count);
    if (!dc) usage_error("--day-count", msg(Cli::not_a_day_count, "value"_a = o.day_count), msg(Cli::day_counts));
    if (f == "xnpv") {
      result = {"xnpv", xnpv(flows, required_rate("--rate", o.rate), *dc), report::Kind::Money, "ok", {}, {}, {}};
    } else {
      IrrOptions opts;
      if (!o.guess.empty()) opts.guess = parse_rate_option("--guess", o.guess);
      result = from_irr("xirr", xirr(flows, *dc, opts));
    }
    result.details["day_count"] = std::string(to_string(*dc));
  } else if (f == "payback") {
    const auto flows = parse_flows(o.flows);
    const Timing t = parse_first_period(o.first_period);
    const bool discounted = !o.rate.empty();
    const auto p = discounted ? discounted_payback(flows, parse_rate_option("--rate", o.rate), t) : payback(flows, t);
    result = {"payback", p.periods, report::Kind::Years, p.periods ? "ok" : "never_reached", p.reason, {}, {}};
    result.details["discounted"] = discounted;
    if (p.recovered_in) result.details["recovered_in_flow"] = *p.recovered_in;
  } else {
    const PaymentTiming when = parse_when(o.when);
    const double fv_ = optional_number("--fv", o.fv);
    if (f == "pmt" || f == "ipmt" || f == "ppmt" || f == "fv" || f == "pv") {
      const double r = required_rate("--rate", o.rate);
      const double n = required_number("--nper", o.nper);
      if (n <= 0) usage_error("--nper", msg(Cli::nper_positive));
      if (f == "pmt") {
        result = {"pmt", pmt(r, n, required_number("--pv", o.pv), fv_, when), report::Kind::Money, "ok", {}, {}, {}};
      } else if (f == "fv") {
        result = {"fv", fv(r, n, required_number("--pmt", o.pmt), optional_number("--pv", o.pv), when),
                  report::Kind::Money, "ok", {}, {}, {}};
      } else if (f == "pv") {
        result = {"pv", pv(r, n, required_number("--pmt", o.pmt), fv_, when), report::Kind::Money, "ok", {}, {}, {}};
      } else {
        const double per = required_number("--per", o.per);
        if (per < 1 || per > n)
          usage_error("--per", msg(Cli::period_outside, "per"_a = o.per, "nper"_a = o.nper), msg(Cli::period_form));
        const double pv_ = required_number("--pv", o.pv);
        result = {f, f == "ipmt" ? ipmt(r, per, n, pv_, fv_, when) : ppmt(r, per, n, pv_, fv_, when),
                  report::Kind::Money, "ok", {}, {}, {}};
      }
    } else if (f == "nper") {
      result = from_optional("nper", nper(required_rate("--rate", o.rate), required_number("--pmt", o.pmt),
                                          required_number("--pv", o.pv), fv_, when),
                             report::Kind::Years);
    } else if (f == "rate") {
      const double n = required_number("--nper", o.nper);
      if (n < 1 || n != std::floor(n) || n > 100000)
        usage_error("--nper", msg(Cli::nper_not_whole, "value"_a = o.nper), msg(Cli::whole_from_1));
      IrrOptions opts;
      if (!o.guess.empty()) opts.guess = parse_rate_option("--guess", o.guess);
      result = from_irr("rate", rate(static_cast<int>(n), required_number("--pmt", o.pmt), required_number("--pv", o.pv),
                                     fv_, when, opts));
    }
  }
  // A result beyond the doubles (an overflow, or no number at all) is absent with the reason,
  // never printed as inf or nan; the inputs are its cause, so the exit code is 2.
  if (result.value && !std::isfinite(*result.value)) {
    result.value.reset();
    if (result.details.is_object()) result.details.erase("residual");
    result.status = "overflow";
    result.reason = msg(Cli::calc_overflow);
    print(result, o.out);
    return InvalidInput;
  }
  print(result, o.out);
  return Success;
}

}  // namespace

void setup_calc(CLI::App& app, Action& action) {
  auto* calc = app.add_subcommand("calc", help(Cli::help_calc));
  calc->require_subcommand(1);
  struct Spec {
    const char* name;
    Cli help;
  };
  const Spec specs[] = {
      {"npv", Cli::help_calc_npv},   {"irr", Cli::help_calc_irr},         {"mirr", Cli::help_calc_mirr}, {"xnpv", Cli::help_calc_xnpv},
      {"xirr", Cli::help_calc_xirr}, {"payback", Cli::help_calc_payback}, {"pmt", Cli::help_calc_pmt},   {"ipmt", Cli::help_calc_ipmt},
      {"ppmt", Cli::help_calc_ppmt}, {"fv", Cli::help_calc_fv},           {"pv", Cli::help_calc_pv},     {"nper", Cli::help_calc_nper},
      {"rate", Cli::help_calc_rate},
  };
  for (const auto& spec : specs) {
    auto opts = std::make_shared<CalcOptions>();
    opts->function = spec.name;
    auto* sub = calc->add_subcommand(spec.name, help(spec.help));
    const std::string f = spec.name;
    const bool flows = f == "npv" || f == "irr" || f == "mirr" || f == "xnpv" || f == "xirr" || f == "payback";
    if (flows) sub->add_option("flows", opts->flows, help(Cli::help_calc_flows));
    if (f == "npv" || f == "xnpv" || f == "payback" || f == "pmt" || f == "ipmt" || f == "ppmt" || f == "fv" ||
        f == "pv" || f == "nper")
      sub->add_option("--rate,-r", opts->rate, help(Cli::help_calc_rate_option));
    if (f == "npv" || f == "payback") sub->add_option("--first-period", opts->first_period, help(Cli::help_calc_first_period));
    if (f == "irr" || f == "xirr" || f == "rate") sub->add_option("--guess", opts->guess, help(Cli::help_calc_guess));
    if (f == "mirr") {
      sub->add_option("--finance-rate", opts->finance_rate, help(Cli::help_calc_finance_rate));
      sub->add_option("--reinvest-rate", opts->reinvest_rate, help(Cli::help_calc_reinvest_rate));
    }
    if (f == "xnpv" || f == "xirr") sub->add_option("--day-count", opts->day_count, help(Cli::help_calc_day_count));
    if (!flows) {
      if (f != "nper") sub->add_option("--nper,-n", opts->nper, help(Cli::help_calc_nper_option));
      if (f != "fv") sub->add_option("--pv", opts->pv, help(Cli::help_calc_pv_loan));
      else sub->add_option("--pv", opts->pv, help(Cli::help_calc_pv_default));
      if (f == "fv" || f == "pv" || f == "nper" || f == "rate") sub->add_option("--pmt", opts->pmt, help(Cli::help_calc_pmt_option));
      if (f != "fv") sub->add_option("--fv", opts->fv, help(Cli::help_calc_fv_option));
      if (f == "ipmt" || f == "ppmt") sub->add_option("--per", opts->per, help(Cli::help_calc_per));
      sub->add_option("--when", opts->when, help(Cli::help_calc_when));
    }
    add_output_options(*sub, opts->out, true, false);
    sub->callback([opts, &action]() { action = [opts]() { return run_calc(*opts); }; });
  }
}

}  // namespace appraise::cli
