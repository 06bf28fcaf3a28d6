// The `sensitivity:` and `simulation:` sections of a scenario file (docs/risk.md).
#include "risk_loader.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <set>

#include "appraise/core/units.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/messages/io.hpp"
#include "data_words.hpp"

namespace appraise::io::detail {
namespace {

using namespace appraise::literals;
using messages::Io;

// How the numbers that go with a path are written: a factor for `scale`, a rate for rates and
// shares, an amount (or years) for everything else.
// FactorSpread: the sd of a drawn factor, written like the factor (8% or 0.08).
enum class ValueKind { Factor, FactorSpread, Rate, RateChange, Number, Years };

struct RiskReader {
  Reader& r;
  ScenarioFile& file;

  // The models the section's paths must fit: every model the file names.
  std::vector<std::pair<std::string, ProjectModel*>> models() {
    std::vector<std::pair<std::string, ProjectModel*>> out;
    for (const auto& key : file.model_order) out.emplace_back(key, &file.models.at(key));
    return out;
  }
  // Whether messages name the model (a file with several).
  bool several_models() const { return file.model_order.size() > 1; }

  // Paths from `path: P` or `paths: [P, ...]`; each checked against every model.
  std::optional<std::vector<std::string>> paths(MapReader& m, bool required) {
    const Node* one = m.get("path");
    const Node* many = m.get("paths");
    if (one && many) {
      r.error(*many, m.path_of("paths"), msg(Io::risk_path_and_paths));
      return std::nullopt;
    }
    std::vector<std::pair<const Node*, std::string>> read;
    if (one) {
      if (auto p = read_text(r, *one, m.path_of("path"))) read.emplace_back(one, *p);
    } else if (many) {
      if (!many->is_sequence() || many->items.empty()) {
        r.error(*many, m.path_of("paths"), msg(Io::risk_expected_paths, "got"_a = got(*many)),
                Message::same("`paths: [operating_costs.*.amounts, operating_costs.*.per_unit]`"));
        return std::nullopt;
      }
      for (std::size_t i = 0; i < many->items.size(); ++i)
        if (auto p = read_text(r, many->items[i], fmt::format("{}[{}]", m.path_of("paths"), i)))
          read.emplace_back(&many->items[i], *p);
    } else {
      if (required)
        r.error(m.node(), m.path_of("path"), msg(Io::risk_no_path), msg(Io::risk_path_expected));
      return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (const auto& [node, p] : read) {
      for (auto& [key, model] : models()) {
        if (!match_parameters(*model, p).empty()) continue;
        const auto near = nearest_parameter(*model, p);
        r.error(*node, m.path(),
                several_models() ? msg(Io::data_path_matches_nothing_in_model, "path"_a = p, "source"_a = model->source, "model"_a = key)
                                 : msg(Io::data_path_matches_nothing, "path"_a = p, "source"_a = model->source),
                {}, near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::data_see_paths));
        ok = false;
        break;
      }
      out.push_back(p);
    }
    if (!ok || out.size() != (one ? 1u : (many ? many->items.size() : 0u))) return std::nullopt;
    return out;
  }

  // The kind of value the first target of `paths` takes (its first model decides).
  ParamKind target_kind(const std::vector<std::string>& ps) {
    for (auto& [key, model] : models())
      for (const auto& p : ps) {
        const auto t = match_parameters(*model, p);
        if (!t.empty()) return t.front().kind;
      }
    return ParamKind::Money;
  }

  std::optional<double> value(const Node& n, const std::string& field, ValueKind kind) {
    switch (kind) {
      case ValueKind::Factor:
      case ValueKind::FactorSpread:
        return read_rate(r, n, field, {.min = -10.0, .max = 100.0, .kind = Proportion::Factor, .what = msg(Io::risk_factor_or_percentage),
                                       .example = msg(Io::data_factor_expected),
                                       .bare_max = kind == ValueKind::Factor ? kBareFactorMax : kBareSpreadMax});
      case ValueKind::Rate: return read_rate(r, n, field, {.min = -0.99, .max = 10.0, .what = msg(Io::read_a_rate)});
      case ValueKind::RateChange: return read_rate_change(r, n, field);
      case ValueKind::Years: return read_number(r, n, field, {.min = std::nullopt, .max = std::nullopt, .integer = true, .what = msg(Io::data_a_number_of_years)});
      case ValueKind::Number: return read_number(r, n, field, {.min = std::nullopt, .max = std::nullopt, .what = msg(Io::risk_number_in_units)});
    }
    return std::nullopt;
  }

  std::optional<std::vector<double>> list(const Node& n, const std::string& field, ValueKind kind, std::string_view example) {
    if (!n.is_sequence() || n.items.empty()) {
      r.error(n, field, msg(Io::data_expected_list, "got"_a = got(n)), Message::same(std::string(example)));
      return std::nullopt;
    }
    std::vector<double> out;
    bool ok = true;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      const auto v = value(n.items[i], fmt::format("{}[{}]", field, i), kind);
      if (v) out.push_back(*v);
      else ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
  }

  // ---- sensitivity ----

  // A relative change: `-10%` or `-0.1`. Unlike a rate, -100% is allowed (the value falls to 0).
  std::optional<double> relative_change(const Node& n, const std::string& field) {
    return read_rate(r, n, field, relative_change_rule());
  }

  std::optional<std::vector<double>> relative_changes(const Node& n, const std::string& field) {
    if (!n.is_sequence() || n.items.empty()) {
      r.error(n, field, msg(Io::data_expected_list, "got"_a = got(n)), msg(Io::risk_changes_expected));
      return std::nullopt;
    }
    // Every change is read, so that `[10, 20]` says the same of both.
    std::vector<double> out;
    bool ok = true;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      const auto c = relative_change(n.items[i], fmt::format("{}[{}]", field, i));
      if (c && *c == 0.0) r.error(n.items[i], fmt::format("{}[{}]", field, i), msg(Io::risk_change_zero), msg(Io::risk_change_expected));
      if (!c || *c == 0.0) ok = false;
      else out.push_back(*c);
    }
    if (!ok) return std::nullopt;
    return out;
  }

  std::optional<SensitivityFactor> factor(const Node& n, const std::string& path, const std::vector<double>& defaults) {
    MapReader f(r, n, path);
    if (!f.valid()) return std::nullopt;
    SensitivityFactor out;
    bool ok = true;
    if (f.require("name", msg(Io::risk_factor_name_expected))) out.name = f.text("name").value_or("");
    const Node* delay = f.get("delay");
    const Node* add = f.get("add");
    const Node* changes = f.get("changes");
    const Node* years = delay ? f.get("years") : nullptr;
    (void)f.get("note");
    if (delay) {
      const auto which = f.choice<FactorOp>("delay", {{"operation", FactorOp::DelayOperation}, {"start", FactorOp::DelayStart}});
      if (!which) ok = false;
      else out.op = *which;
      if (f.get("path") || f.get("paths")) {
        r.error(*(f.get("path") ? f.get("path") : f.get("paths")), f.path_of("path"), msg(Io::data_delay_takes_no_path));
        ok = false;
      }
      if (add || changes) {
        r.error(*(add ? add : changes), f.path_of(add ? "add" : "changes"), msg(Io::risk_delay_in_years),
                Message::same("`years: [1, 2]`"));
        ok = false;
      }
      if (years) {
        if (auto v = list(*years, f.path_of("years"), ValueKind::Years, "`years: [1, 2]`")) {
          for (std::size_t i = 0; i < v->size(); ++i)
            if ((*v)[i] < 1 || (*v)[i] > 20) {
              r.error(years->items[i], fmt::format("{}[{}]", f.path_of("years"), i), msg(Io::risk_delay_range));
              ok = false;
            }
          out.changes = *v;
        } else {
          ok = false;
        }
      } else {
        out.changes = {1, 2};
      }
    } else {
      auto ps = paths(f, true);
      if (!ps) ok = false;
      else out.paths = *ps;
      if (add && changes) {
        r.error(*add, f.path_of("add"), msg(Io::risk_changes_and_add));
        ok = false;
      } else if (add) {
        out.op = FactorOp::Add;
        if (ps) {
          const ParamKind kind = target_kind(*ps);
          const bool rate = kind == ParamKind::Rate || kind == ParamKind::Share;
          auto v = list(*add, f.path_of("add"), rate ? ValueKind::RateChange : kind == ParamKind::Years ? ValueKind::Years : ValueKind::Number,
                        rate ? "`add: [-1%, 1%]`" : "`add: [-500, 500]`");
          if (!v) ok = false;
          else {
            for (std::size_t i = 0; i < v->size(); ++i)
              if ((*v)[i] == 0.0) {
                r.error(add->items[i], fmt::format("{}[{}]", f.path_of("add"), i), msg(Io::risk_add_zero));
                ok = false;
              }
            out.changes = *v;
          }
        }
      } else {
        out.op = FactorOp::Scale;
        if (changes) {
          if (auto v = relative_changes(*changes, f.path_of("changes"))) out.changes = *v;
          else ok = false;
        } else {
          out.changes = defaults;
        }
      }
      if (ps && out.op == FactorOp::Scale)
        for (auto& [key, model] : models())
          for (const auto& p : *ps)
            for (const auto& t : match_parameters(*model, p))
              if (t.kind == ParamKind::Word || t.kind == ParamKind::Years) {
                const bool word = t.kind == ParamKind::Word;
                const Io id = word ? (several_models() ? Io::risk_convention_not_scaled_in_model : Io::risk_convention_not_scaled)
                                   : (several_models() ? Io::risk_years_not_scaled_in_model : Io::risk_years_not_scaled);
                r.error(n, path, several_models() ? msg(id, "path"_a = t.path, "model"_a = key) : msg(id, "path"_a = t.path), {},
                        word ? Message() : msg(Io::risk_years_use_add));
                ok = false;
              }
    }
    f.finish();
    if (!ok) return std::nullopt;
    const bool delayed = out.op == FactorOp::DelayStart || out.op == FactorOp::DelayOperation;
    const Node* steps = out.op == FactorOp::Add ? add : delayed ? years : changes;
    if (!steps_apply(out, steps, steps ? f.path_of(add ? "add" : years ? "years" : "changes") : path, n)) return std::nullopt;
    return out;
  }

  // Every step of a factor must leave each model valid (project/validation.hpp): a step out of
  // range is refused here, at the step, not discovered when the analysis runs. `steps` is the
  // list the changes were read from (nullptr: the default changes, reported at `otherwise`).
  // `only`: the one model whose default factor this is (otherwise every model of the file).
  bool steps_apply(const SensitivityFactor& factor, const Node* steps, const std::string& field, const Node& otherwise,
                   const std::string& only = {}) {
    bool ok = true;
    for (auto& [key, model] : models())
      for (std::size_t i = 0; i < factor.changes.size() && (only.empty() || key == only); ++i) {
        ProjectModel probe = *model;
        const Message why = apply_factor(probe, factor, factor.changes[i]);
        if (why.empty()) continue;
        const bool listed = steps && steps->is_sequence() && i < steps->items.size();
        r.error(listed ? steps->items[i] : otherwise, listed ? fmt::format("{}[{}]", field, i) : field,
                file.model_order.size() > 1
                    ? msg(messages::Io::step_cannot_be_taken_in_model, "factor"_a = factor.name, "model"_a = key, "why"_a = why)
                    : msg(messages::Io::step_cannot_be_taken, "factor"_a = factor.name, "why"_a = why));
        ok = false;
      }
    return ok;
  }

  void sensitivity(const Node& n) {
    MapReader s(r, n, "sensitivity");
    if (!s.valid()) return;
    SensitivitySpec spec;
    bool ok = true;
    if (const Node* c = s.get("changes")) {
      if (auto v = relative_changes(*c, "sensitivity.changes")) spec.default_changes = *v;
      else ok = false;
    }
    if (const Node* fs = s.get("factors")) {
      if (!fs->is_sequence()) {
        r.error(*fs, "sensitivity.factors", msg(Io::risk_expected_factors, "got"_a = got(*fs)));
        ok = false;
      }
      std::set<std::string> names;
      for (std::size_t i = 0; fs->is_sequence() && i < fs->items.size(); ++i) {
        const std::string path = fmt::format("sensitivity.factors[{}]", i);
        auto f = factor(fs->items[i], path, spec.default_changes);
        if (!f) {
          ok = false;
          continue;
        }
        if (!names.insert(f->name).second) {
          r.error(fs->items[i], path, msg(Io::risk_second_factor, "name"_a = f->name));
          ok = false;
        }
        spec.factors.push_back(std::move(*f));
      }
    }
    if (const Node* y = s.get("break_even_year")) {
      if (const auto v = read_number(r, *y, "sensitivity.break_even_year", {.min = std::nullopt, .max = std::nullopt, .integer = true, .what = msg(Io::data_a_calendar_year), .show_range = false})) {
        spec.break_even_year = static_cast<int>(*v);
        for (auto& [key, model] : models())
          if (*v < model->first_operating_year() || *v > model->last_year()) {
            const int first = model->first_operating_year(), last = model->last_year();
            r.error(*y, "sensitivity.break_even_year",
                    several_models() ? msg(Io::risk_not_operating_year_in_model, "year"_a = *v, "model"_a = key, "first"_a = first,
                                           "last"_a = last)
                                     : msg(Io::risk_not_operating_year, "year"_a = *v, "first"_a = first, "last"_a = last),
                    msg(Io::risk_break_even_year_expected));
            ok = false;
          }
      } else {
        ok = false;
      }
    }
    if (ok && spec.factors.empty())
      for (auto& [key, model] : models())
        for (const auto& f : default_factors(*model, spec.default_changes))
          ok = steps_apply(f, s.get("changes"), "sensitivity.changes", n, key) && ok;
    s.finish();
    if (ok) file.sensitivity = std::move(spec);
  }

  // ---- simulation ----

  std::optional<Distribution> distribution(MapReader& m, ValueKind kind) {
    const auto type = m.choice<int>("distribution", {{"normal", 0}, {"lognormal", 1}, {"triangular", 2}, {"pert", 3},
                                                     {"uniform", 4}, {"discrete", 5}});
    if (!m.has("distribution")) {
      r.error(m.node(), m.path_of("distribution"), msg(Io::risk_no_distribution), msg(Io::risk_distributions));
      return std::nullopt;
    }
    if (!type) {
      // The distribution's word was refused: its parameters are not also unknown keys.
      for (const char* key : {"mean", "sd", "mu", "sigma", "min", "mode", "max", "values", "probabilities"}) (void)m.has(key);
      return std::nullopt;
    }
    auto need = [&](const char* key, ValueKind k) -> std::optional<double> {
      const Node* v = m.require(key, msg(Io::risk_distribution_value_expected));
      return v ? value(*v, m.path_of(key), k) : std::nullopt;
    };
    // A spread of a factor is written like the factor (8% or 0.08), of a rate like a rate.
    const ValueKind spread = kind == ValueKind::Factor ? ValueKind::FactorSpread : kind == ValueKind::Years ? ValueKind::Number : kind;
    switch (*type) {
      case 0: {
        const auto mean = need("mean", kind), sd = need("sd", spread);
        if (!mean || !sd) return std::nullopt;
        return NormalDist{*mean, *sd};
      }
      case 1: {
        const bool log_form = m.has("mu") || m.has("sigma");
        if (log_form) {
          const auto mu = need("mu", ValueKind::Number), sigma = need("sigma", ValueKind::Number);
          if (m.get("mean") || m.get("sd")) {
            r.error(m.node(), m.path(), msg(Io::risk_lognormal_two_forms));
            return std::nullopt;
          }
          if (!mu || !sigma) return std::nullopt;
          return LognormalDist{*mu, *sigma};
        }
        const auto mean = need("mean", kind), sd = need("sd", spread);
        if (!mean || !sd) return std::nullopt;
        if (!(*mean > 0) || !(*sd > 0)) {
          r.error(m.node(), m.path(), msg(Io::risk_lognormal_positive));
          return std::nullopt;
        }
        const double s2 = std::log1p((*sd / *mean) * (*sd / *mean));
        // A tiny mean against a large sd (mean 1e-200, sd 1e15) overflows the conversion: said at
        // the sd, in the terms the file used, not as a mu and sigma it never wrote.
        if (!std::isfinite(s2)) {
          const Node& sd_node = *m.get("sd");
          r.error(sd_node, m.path_of("sd"),
                  msg(Io::risk_lognormal_too_wide, "sd"_a = sd_node.scalar, "mean"_a = m.get("mean")->scalar),
                  msg(Io::risk_lognormal_too_wide_expected));
          return std::nullopt;
        }
        return LognormalDist{std::log(*mean) - s2 / 2, std::sqrt(s2)};
      }
      case 2:
      case 3: {
        const auto lo = need("min", kind), mode = need("mode", kind), hi = need("max", kind);
        if (!lo || !mode || !hi) return std::nullopt;
        if (*type == 2) return TriangularDist{*lo, *mode, *hi};
        return PertDist{*lo, *mode, *hi};
      }
      case 4: {
        const auto lo = need("min", kind), hi = need("max", kind);
        if (!lo || !hi) return std::nullopt;
        return UniformDist{*lo, *hi};
      }
      default: {
        const Node* vs = m.require("values", msg(Io::risk_values_expected));
        const Node* ps = m.require("probabilities", msg(Io::risk_probabilities_expected));
        if (!vs || !ps) return std::nullopt;
        auto values = list(*vs, m.path_of("values"), kind, "`values: [13, 15.5, 17]`");
        std::optional<std::vector<double>> probs;
        if (ps->is_sequence() && !ps->items.empty()) {
          probs.emplace();
          for (std::size_t i = 0; i < ps->items.size(); ++i) {
            const auto p = read_rate(r, ps->items[i], fmt::format("{}[{}]", m.path_of("probabilities"), i),
                                     {.min = 0.0, .max = 1.0, .what = msg(Io::risk_a_probability)});
            if (!p) probs.reset();
            if (!p) break;
            probs->push_back(*p);
          }
        } else {
          r.error(*ps, m.path_of("probabilities"), msg(Io::data_expected_list, "got"_a = got(*ps)),
                  Message::same("`probabilities: [25%, 50%, 25%]`"));
        }
        if (!values || !probs) return std::nullopt;
        return DiscreteDist{*values, *probs};
      }
    }
  }

  std::optional<UncertainInput> input(const Node& n, const std::string& path) {
    MapReader m(r, n, path);
    if (!m.valid()) return std::nullopt;
    UncertainInput in;
    bool ok = true;
    if (m.require("name", msg(Io::risk_input_name_expected))) in.name = m.text("name").value_or("");
    const auto ps = paths(m, true);
    if (!ps) ok = false;
    else in.paths = *ps;
    if (const auto op = m.choice<DrawOp>("apply", {{"scale", DrawOp::Scale}, {"set", DrawOp::Set}, {"add", DrawOp::Add}})) in.op = *op;
    else if (m.has("apply")) ok = false;
    (void)m.get("note");
    ValueKind kind = ValueKind::Factor;
    if (ps && in.op != DrawOp::Scale) {
      const ParamKind k = target_kind(*ps);
      const bool rate = k == ParamKind::Rate || k == ParamKind::Share;
      kind = rate ? (in.op == DrawOp::Add ? ValueKind::RateChange : ValueKind::Rate)
                  : (k == ParamKind::Years ? ValueKind::Years : ValueKind::Number);
    }
    const auto d = distribution(m, kind);
    if (!d) ok = false;
    else in.distribution = *d;
    m.finish();
    // Parameters that cannot be right whatever the path is (sd 0, min above mode) are reported
    // even when the path is wrong too, so that one pass fixes both: at the parameter to look at,
    // quoting the values as the file wrote them (`110%`, not 1.1).
    if (d) {
      const auto as_written = [&](std::string_view key, double v) {
        const Node* k = m.get(key);
        return k && k->is_scalar() ? k->scalar : fmt::format("{}", v);
      };
      if (const auto problem = check_distribution(*d, as_written); !problem.why.empty()) {
        const Node* at = m.get(problem.key);
        r.error(at ? *at : n, at ? m.path_of(problem.key) : path,
                msg(Io::input_cannot_be_drawn, "input"_a = in.name, "why"_a = problem.why));
        return std::nullopt;
      }
    }
    if (!ok) return std::nullopt;
    for (auto& [key, model] : models())
      if (const auto why = check_input(*model, in); !why.empty()) {
        r.error(n, path, several_models()
                             ? msg(messages::Io::input_cannot_be_drawn_in_model, "input"_a = in.name, "model"_a = key, "why"_a = why)
                             : msg(messages::Io::input_cannot_be_drawn, "input"_a = in.name, "why"_a = why));
        return std::nullopt;
      }
    return in;
  }

  // `known`: the names of every input written, read or not, so that the matrix is checked even
  // when an input has an error; the matrix is placed into `spec` only when everything was read.
  void correlation(const Node& n, const std::vector<std::string>& known, SimulationSpec& spec, bool& ok) {
    const bool build = ok;
    MapReader c(r, n, "simulation.correlation");
    if (!c.valid()) {
      ok = false;
      return;
    }
    const Node* names = c.require("inputs", msg(Io::risk_correlation_inputs_expected));
    const Node* matrix = c.require("matrix", msg(Io::risk_correlation_matrix_expected));
    c.finish();
    if (!names || !matrix) {
      ok = false;
      return;
    }
    std::vector<std::size_t> index;
    if (!names->is_sequence() || names->items.size() < 2) {
      r.error(*names, "simulation.correlation.inputs", msg(Io::risk_input_names_expected), Message::same("`inputs: [交通量, 收费标准]`"));
      ok = false;
      return;
    }
    for (std::size_t i = 0; i < names->items.size(); ++i) {
      const std::string field = fmt::format("simulation.correlation.inputs[{}]", i);
      const auto name = read_text(r, names->items[i], field);
      if (!name) {
        ok = false;
        continue;
      }
      const auto it = std::find(known.begin(), known.end(), *name);
      if (it == known.end()) {
        const auto near = closest_match(*name, known);
        r.error(names->items[i], field, msg(Io::risk_no_input_named, "name"_a = *name), {},
                near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::risk_inputs_are, "inputs"_a = choices(known)));
        ok = false;
        continue;
      }
      const auto k = static_cast<std::size_t>(it - known.begin());
      if (std::find(index.begin(), index.end(), k) != index.end()) {
        r.error(names->items[i], field, msg(Io::risk_listed_twice, "name"_a = *name));
        ok = false;
        continue;
      }
      index.push_back(k);
    }
    if (index.size() != names->items.size()) {
      ok = false;
      return;
    }
    const auto k = static_cast<Eigen::Index>(index.size());
    if (!matrix->is_sequence() || matrix->items.size() != index.size()) {
      r.error(*matrix, "simulation.correlation.matrix",
              matrix->is_sequence() ? msg(Io::risk_matrix_row_count, "rows"_a = k, "count"_a = matrix->items.size())
                                    : msg(Io::risk_matrix_rows_kind, "rows"_a = k, "got"_a = got(*matrix)));
      ok = false;
      return;
    }
    Eigen::MatrixXd sub = Eigen::MatrixXd::Constant(k, k, std::numeric_limits<double>::quiet_NaN());
    for (Eigen::Index i = 0; i < k; ++i) {
      const Node& row = matrix->items[static_cast<std::size_t>(i)];
      const std::string field = fmt::format("simulation.correlation.matrix[{}]", i);
      if (!row.is_sequence() || row.items.size() != index.size()) {
        r.error(row, field,
                row.is_sequence() ? msg(Io::risk_row_count, "row"_a = i + 1, "k"_a = k, "count"_a = row.items.size())
                                  : msg(Io::risk_row_kind, "row"_a = i + 1, "k"_a = k, "got"_a = got(row)));
        ok = false;
        continue;
      }
      for (Eigen::Index j = 0; j < k; ++j) {
        const auto v = read_number(r, row.items[static_cast<std::size_t>(j)], fmt::format("{}[{}]", field, j),
                                   {.min = -1.0, .max = 1.0, .what = msg(Io::risk_a_correlation)});
        if (!v) ok = false;
        else sub(i, j) = *v;
      }
    }
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = 0; j < k; ++j)
        if (!std::isfinite(sub(i, j))) return;  // an entry was refused above
    double min_eigen = 0;
    if (const auto why = check_correlation(sub, &min_eigen); !why.empty()) {
      r.error(*matrix, "simulation.correlation.matrix", why, msg(Io::risk_matrix_expected),
              min_eigen < 0 ? msg(Io::risk_matrix_contradicts) : Message());
      ok = false;
      return;
    }
    if (!build || !ok) return;
    const auto J = static_cast<Eigen::Index>(spec.inputs.size());
    spec.correlation = Eigen::MatrixXd::Identity(J, J);
    for (Eigen::Index i = 0; i < k; ++i)
      for (Eigen::Index j = 0; j < k; ++j)
        spec.correlation(static_cast<Eigen::Index>(index[static_cast<std::size_t>(i)]),
                         static_cast<Eigen::Index>(index[static_cast<std::size_t>(j)])) = sub(i, j);
  }

  void simulation(const Node& n) {
    MapReader s(r, n, "simulation");
    if (!s.valid()) return;
    SimulationSpec spec;
    bool ok = true;
    if (const Node* d = s.get("draws")) {
      if (const auto v = read_number(r, *d, "simulation.draws", {.min = 1, .max = static_cast<double>(kMaxDraws), .integer = true, .what = msg(Io::risk_draws)}))
        spec.draws = static_cast<std::int64_t>(*v);
      else ok = false;
    }
    if (const Node* d = s.get("seed")) {
      if (const auto v = read_number(r, *d, "simulation.seed", {.min = 0, .max = 9007199254740991.0, .integer = true, .what = msg(Io::part_whole_number)}))
        spec.seed = static_cast<std::uint64_t>(*v);
      else ok = false;
    }
    if (const Node* d = s.get("threads")) {
      if (const auto v = read_number(r, *d, "simulation.threads", {.min = 1, .max = kMaxThreads, .integer = true, .what = msg(Io::risk_threads)}))
        spec.threads = static_cast<int>(*v);
      else ok = false;
    }
    if (const Node* d = s.get("bins")) {
      if (const auto v = read_number(r, *d, "simulation.bins", {.min = 1, .max = 1000, .integer = true, .what = msg(Io::risk_bins)}))
        spec.histogram_bins = static_cast<int>(*v);
      else ok = false;
    }
    if (const Node* d = s.get("dscr_target")) {
      if (const auto v = read_number(r, *d, "simulation.dscr_target", {.min = 0, .max = 100, .what = msg(Io::risk_coverage_ratio)}))
        spec.dscr_target = *v;
      else ok = false;
    }
    // Files written before every draw computed every indicator may still say how to choose.
    if (const Node* f = s.get("financing"))
      r.warning(*f, "simulation.financing", msg(Io::risk_financing_not_needed), msg(Io::risk_remove_line));
    const Node* list = s.require("inputs", msg(Io::risk_inputs_expected));
    if (list && (!list->is_sequence() || list->items.empty())) {
      r.error(*list, "simulation.inputs", msg(Io::risk_expected_inputs, "got"_a = got(*list)));
      ok = false;
    }
    std::set<std::string> names;
    std::vector<std::string> written;  // every input's name as written, for the correlation
    for (std::size_t i = 0; list && list->is_sequence() && i < list->items.size(); ++i) {
      const std::string path = fmt::format("simulation.inputs[{}]", i);
      if (const Node* nm = list->items[i].is_map() ? list->items[i].find("name") : nullptr; nm && nm->is_scalar())
        written.push_back(nm->scalar);
      auto in = input(list->items[i], path);
      if (!in) {
        ok = false;
        continue;
      }
      if (!names.insert(in->name).second) {
        r.error(list->items[i], path, msg(Io::risk_second_input, "name"_a = in->name));
        ok = false;
      }
      spec.inputs.push_back(std::move(*in));
    }
    if (!list) ok = false;
    if (const Node* c = s.get("correlation")) correlation(*c, written, spec, ok);
    s.finish();
    if (ok) file.simulation = std::move(spec);
  }
};

}  // namespace

void read_risk_sections(Reader& r, MapReader& top, ScenarioFile& file) {
  RiskReader rr{r, file};
  const Node* sens = top.get("sensitivity");
  const Node* sim = top.get("simulation");
  if (sens) rr.sensitivity(*sens);
  if (sim) rr.simulation(*sim);
}

}  // namespace appraise::io::detail
