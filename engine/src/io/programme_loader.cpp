// Reading a programme file into a programme::Programme (docs/programme-format.md). Reads every
// key and records every problem; loads each model, scenario file and the debt portfolio with
// their own loaders (their problems are reported at their own lines); then checks what only the
// whole programme can tell: names against candidates, groups and requirements against each other,
// limit years against the models' calculation periods, units against each other.
#include "appraise/io/programme_loader.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "appraise/core/units.hpp"
#include "appraise/io/model_loader.hpp"
#include "appraise/io/portfolio_loader.hpp"
#include "appraise/io/reader.hpp"
#include "appraise/io/scenario_loader.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/messages/io.hpp"
#include "appraise/messages/project.hpp"
#include "data_words.hpp"

namespace appraise::io {
namespace {

namespace fs = std::filesystem;
using namespace appraise::programme;
using namespace appraise::literals;
using messages::Io;
using detail::choices;
using detail::got;

NumberRule year_rule() {
  NumberRule r;
  r.integer = true;
  r.min = 1900.0;
  r.max = 2200.0;
  r.what = msg(Io::data_a_year_such_as, "year"_a = 2027);
  r.show_range = false;
  return r;
}

// Limits, budgets and scores are amounts of 0 or more in the programme's unit.
std::optional<double> read_amount(Reader& r, const Node& n, const std::string& field, const Message& what, const std::string& unit) {
  NumberRule rule;
  rule.what = what;
  rule.unit_hint = money_unit_hint("programme.unit", unit);
  const auto v = read_number(r, n, field, rule);
  if (v && *v < 0) {
    r.error(n, field, msg(messages::Project::negative, "value"_a = n.scalar), what, msg(Io::programme_negative_hint));
    return std::nullopt;
  }
  return v;
}

// Where a candidate's model comes from, for the messages about it.
struct CandidateSource {
  const Node* node = nullptr;
  const Node* model = nullptr;
  const Node* requires_node = nullptr;
  std::vector<std::pair<std::string, const Node*>> requires_names;
  bool loaded = false;  // its model loaded without error
};

class ProgrammeLoader {
 public:
  ProgrammeLoader(Reader& r, LoadedProgramme& out) : r_(r), out_(out) {}

  [[nodiscard]] bool io_error() const { return io_error_; }

  std::optional<Programme> load(const Node& root) {
    if (refuse_other_kind(r_)) return std::nullopt;
    MapReader top(r_, root, "");
    if (!top.valid()) return std::nullopt;
    p_.source = r_.document().path;
    if (const Node* n = top.require("programme", msg(Io::programme_header_expected))) read_header(*n);
    if (const Node* n = top.require("candidates", msg(Io::programme_candidates_required)))
      read_candidates(*n);
    if (const Node* n = top.get("exclusive")) read_exclusive(*n);
    if (const Node* n = top.get("constraints")) read_constraints(*n);
    top.finish();
    resolve_requirements();
    check_objective();
    if (!debt_node_) return r_.failed() ? std::nullopt : std::optional<Programme>(std::move(p_));
    read_debt(*debt_node_);
    if (r_.failed()) return std::nullopt;
    return std::move(p_);
  }

 private:
  // ---- the header ----
  void read_header(const Node& n) {
    MapReader m(r_, n, "programme");
    if (!m.valid()) return;
    if (auto s = m.text("name")) p_.name = *s;
    if (auto s = m.text("unit")) p_.unit = *s;
    if (auto o = m.choice<Objective>("objective", {{"enpv", Objective::Enpv}, {"fnpv", Objective::Fnpv}, {"score", Objective::Score}})) p_.objective = *o;
    if (auto f = m.flag("require_pass")) p_.require_pass = *f;
    if (const Node* s = m.get("shadow_step")) {
      NumberRule rule;
      rule.min = 0.0;
      rule.min_exclusive = true;
      rule.what = msg(Io::programme_shadow_step, "unit"_a = p_.unit);
      rule.unit_hint = money_unit_hint("programme.unit", p_.unit);
      if (auto v = read_number(r_, *s, m.path_of("shadow_step"), rule)) p_.shadow_step = *v;
    }
    if (const Node* s = m.get("time_limit")) {
      NumberRule rule;
      rule.min = 0.0;
      rule.min_exclusive = true;
      rule.max = 86400.0;  // a day: GLPK counts its limit in milliseconds in an int
      rule.what = msg(Io::programme_time_limit);
      rule.show_range = false;
      if (auto v = read_number(r_, *s, m.path_of("time_limit"), rule)) p_.time_limit = *v;
    }
    debt_node_ = m.get("debt");
    m.finish();
  }

  // ---- candidates ----
  void read_candidates(const Node& n) {
    if (!n.is_sequence()) {
      r_.error(n, "candidates", msg(Io::programme_expected_candidates, "got"_a = got(n)), msg(Io::programme_candidates_expected));
      return;
    }
    if (n.items.empty()) {
      r_.error(key_of(n), "candidates", msg(Io::programme_no_candidates), msg(Io::programme_one_candidate));
      return;
    }
    std::map<std::string, int> first_line;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      const std::string field = fmt::format("candidates[{}]", i);
      Candidate c;
      CandidateSource src;
      src.node = &n.items[i];
      read_candidate(n.items[i], field, c, src);
      if (!c.name.empty()) {
        const auto [it, inserted] = first_line.emplace(c.name, n.items[i].mark.line);
        if (!inserted) {
          const Node& at = n.items[i].find("name") ? *n.items[i].find("name") : n.items[i];
          r_.error(at, field + ".name", msg(Io::programme_candidate_named_twice, "name"_a = c.name, "line"_a = it->second), {},
                   msg(Io::programme_unique_names));
        }
      }
      p_.candidates.push_back(std::move(c));
      sources_.push_back(std::move(src));
    }
  }

  void read_candidate(const Node& n, const std::string& field, Candidate& c, CandidateSource& src) {
    MapReader m(r_, n, field);
    if (!m.valid()) return;
    if (m.require("name", msg(Io::programme_candidate_name_expected)))
      if (auto s = m.text("name")) c.name = *s;
    const Node* model = m.require("model", msg(Io::programme_model_expected));
    const Node* scenarios = m.get("scenarios");
    const Node* scenario = m.get("scenario");
    if (const Node* s = m.get("score")) {
      if (auto v = read_number(r_, *s, m.path_of("score"), {.what = msg(Io::programme_a_score)})) c.score = *v;
    }
    if (auto g = m.flag("ppp")) c.ppp = *g;
    if (auto g = m.flag("government_pay")) c.government_pay = *g;
    if (const Node* req = m.get("requires")) {
      src.requires_node = req;
      if (req->is_scalar()) {
        if (auto s = read_text(r_, *req, m.path_of("requires"))) src.requires_names.emplace_back(*s, req);
      } else if (req->is_sequence()) {
        for (std::size_t k = 0; k < req->items.size(); ++k)
          if (auto s = read_text(r_, req->items[k], fmt::format("{}[{}]", m.path_of("requires"), k)))
            src.requires_names.emplace_back(*s, &req->items[k]);
      } else {
        r_.error(*req, m.path_of("requires"), msg(Io::programme_expected_requires, "got"_a = got(*req)),
                 msg(Io::programme_requires_expected));
      }
    }
    (void)m.get("note");
    m.finish();
    if (scenario && !scenarios)
      r_.error(*scenario, m.path_of("scenario"), msg(Io::programme_scenario_without_file), msg(Io::programme_scenario_file_expected));
    if (scenarios && !scenario)
      r_.error(*scenarios, m.path_of("scenarios"), msg(Io::programme_file_without_scenario), msg(Io::programme_scenario_expected));
    if (!model) return;
    src.model = model;
    const auto path = read_text(r_, *model, m.path_of("model"));
    if (!path) return;
    c.model_path = path_beside(p_.source, *path);
    if (!model_exists(*model, m.path_of("model"), *path, c.model_path)) return;
    if (scenarios && scenario) {
      const auto file = read_text(r_, *scenarios, m.path_of("scenarios"));
      const auto name = read_text(r_, *scenario, m.path_of("scenario"));
      if (!file || !name) return;
      c.scenario_file = path_beside(p_.source, *file);
      c.scenario = *name;
      src.loaded = load_scenario_model(c, *scenarios, *scenario, m.path_of("scenarios"), m.path_of("scenario"));
    } else {
      src.loaded = load_model_of(c, *model, m.path_of("model"));
    }
  }

  // A model that is not there is a mistake in the programme (exit 2), said at its line with the
  // files that are there.
  bool model_exists(const Node& at, const std::string& field, const std::string& given, const std::string& resolved) {
    std::error_code ec;
    if (fs::exists(resolved, ec)) return true;
    Message hint = msg(Io::programme_model_paths);
    const fs::path folder = fs::path(resolved).parent_path();
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder.empty() ? fs::path(".") : folder, ec))
      if (entry.path().extension() == ".yaml" || entry.path().extension() == ".yml") names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    if (const auto near = closest_match(fs::path(resolved).filename().string(), names))
      hint = msg(Io::programme_model_did_you_mean, "word"_a = (fs::path(given).parent_path() / *near).string());
    r_.error(at, field, msg(Io::programme_model_missing, "given"_a = given, "path"_a = resolved), {}, hint);
    return false;
  }

  // Loads a model once however many candidates name it; its problems are reported at its lines.
  const ProjectModel* model_at(const std::string& path, const Node& at, const std::string& field) {
    auto it = models_.find(path);
    if (it == models_.end()) {
      auto loaded = load_model(path);
      out_.inputs.push_back(path);
      io_error_ = io_error_ || loaded.io_error;
      if (!loaded.model) {
        r_.error(at, field, msg(Io::data_model_has_errors_below, "path"_a = path));
        r_.diagnostics().append(loaded.diagnostics);
      } else {
        r_.diagnostics().append(loaded.diagnostics);  // its warnings
      }
      it = models_.emplace(path, std::move(loaded.model)).first;
    } else if (!it->second) {
      r_.error(at, field, msg(Io::data_model_has_errors_above, "path"_a = path));
    }
    return it->second ? &*it->second : nullptr;
  }

  bool load_model_of(Candidate& c, const Node& at, const std::string& field) {
    const ProjectModel* m = model_at(c.model_path, at, field);
    if (!m) return false;
    c.model = *m;
    return check_unit(c, at, field);
  }

  bool load_scenario_model(Candidate& c, const Node& file_at, const Node& name_at, const std::string& file_field,
                           const std::string& name_field) {
    std::error_code ec;
    if (!fs::exists(c.scenario_file, ec)) {
      r_.error(file_at, file_field, msg(Io::programme_scenario_file_missing, "path"_a = c.scenario_file), {},
               msg(Io::programme_scenario_paths));
      return false;
    }
    auto it = scenarios_.find(c.scenario_file);
    if (it == scenarios_.end()) {
      auto loaded = load_scenarios(c.scenario_file, c.model_path);
      out_.inputs.push_back(c.scenario_file);
      io_error_ = io_error_ || loaded.io_error;
      if (!loaded.file) {
        r_.error(file_at, file_field, msg(Io::programme_scenario_file_has_errors, "path"_a = c.scenario_file));
        r_.diagnostics().append(loaded.diagnostics);
      }
      it = scenarios_.emplace(c.scenario_file, std::move(loaded.file)).first;
    }
    if (!it->second) return false;
    const ScenarioFile& file = *it->second;
    for (const auto& path : file.model_paths)
      if (std::find(out_.inputs.begin(), out_.inputs.end(), path) == out_.inputs.end()) out_.inputs.push_back(path);
    const Scenario* sc = find_scenario(file, c.scenario);
    if (!sc) {
      std::vector<std::string> names;
      for (const auto& s : file.scenarios) names.push_back(s.name);
      const auto near = closest_match(c.scenario, names);
      r_.error(name_at, name_field, msg(Io::programme_no_scenario_named, "file"_a = c.scenario_file, "name"_a = c.scenario), {},
               near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::programme_scenarios_are, "choices"_a = choices(names)));
      return false;
    }
    // The scenario must change the candidate's own model.
    const auto k = std::find(file.model_order.begin(), file.model_order.end(), sc->model) - file.model_order.begin();
    const std::string& changes = file.model_paths.at(static_cast<std::size_t>(k));
    if (!fs::equivalent(changes, c.model_path, ec)) {
      r_.error(name_at, name_field,
               msg(Io::programme_scenario_other_model, "name"_a = c.scenario, "changes"_a = changes, "model"_a = c.model_path), {},
               msg(Io::programme_scenario_other_model_hint));
      return false;
    }
    try {
      c.model = scenario_model(file, *sc);
    } catch (const std::exception& e) {
      r_.error(name_at, name_field, msg(Io::programme_scenario_not_applied, "name"_a = c.scenario, "why"_a = message_of(e)));
      return false;
    }
    return check_unit(c, file_at, file_field);
  }

  bool check_unit(const Candidate& c, const Node& at, const std::string& field) {
    if (c.model.unit == p_.unit) return true;
    r_.error(at, field, msg(Io::programme_model_unit, "model_unit"_a = c.model.unit, "unit"_a = p_.unit), {},
             msg(Io::programme_model_unit_hint, "model_unit"_a = c.model.unit));
    return false;
  }

  // ---- exclusive groups ----
  void read_exclusive(const Node& n) {
    if (!n.is_sequence()) {
      r_.error(n, "exclusive", msg(Io::programme_expected_groups, "got"_a = got(n)), msg(Io::programme_groups_expected));
      return;
    }
    for (std::size_t g = 0; g < n.items.size(); ++g) {
      const Node& group = n.items[g];
      const std::string field = fmt::format("exclusive[{}]", g);
      if (!group.is_sequence()) {
        r_.error(group, field, msg(Io::programme_expected_group, "got"_a = got(group)), msg(Io::programme_group_expected));
        continue;
      }
      std::vector<std::size_t> members;
      bool ok = true;
      for (std::size_t k = 0; k < group.items.size(); ++k) {
        const auto i = candidate_named(group.items[k], fmt::format("{}[{}]", field, k));
        if (!i) {
          ok = false;
          continue;
        }
        if (std::find(members.begin(), members.end(), *i) != members.end()) {
          r_.error(group.items[k], fmt::format("{}[{}]", field, k), msg(Io::programme_in_group_twice, "name"_a = group.items[k].scalar));
          ok = false;
          continue;
        }
        members.push_back(*i);
      }
      if (group.items.size() < 2) {
        r_.error(group, field, msg(Io::programme_group_too_small, "count"_a = group.items.size()), msg(Io::programme_group_two_expected),
                 msg(Io::programme_group_optional_hint));
        continue;
      }
      if (ok) {
        p_.exclusive.push_back(members);
        exclusive_nodes_.push_back(&group);
      }
    }
  }

  // The candidate a name refers to, or an error at the name with the nearest one.
  std::optional<std::size_t> candidate_named(const Node& n, const std::string& field) {
    const auto name = read_text(r_, n, field);
    if (!name) return std::nullopt;
    if (const auto i = find_candidate(p_, *name)) return i;
    std::vector<std::string> names;
    for (const auto& c : p_.candidates) names.push_back(c.name);
    const auto near = closest_match(*name, names);
    r_.error(n, field, msg(Io::programme_no_candidate_named, "name"_a = *name), {},
             near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::programme_candidates_are, "choices"_a = choices(names)));
    return std::nullopt;
  }

  void resolve_requirements() {
    for (std::size_t i = 0; i < p_.candidates.size(); ++i) {
      for (const auto& [name, at] : sources_[i].requires_names) {
        const std::string field = fmt::format("candidates[{}].requires", i);
        const auto j = candidate_named(*at, field);
        if (!j) continue;
        if (*j == i) {
          r_.error(*at, field, msg(Io::programme_requires_itself, "name"_a = name), {}, msg(Io::programme_requires_itself_hint));
          continue;
        }
        for (std::size_t g = 0; g < p_.exclusive.size(); ++g) {
          const auto& group = p_.exclusive[g];
          if (std::find(group.begin(), group.end(), i) != group.end() && std::find(group.begin(), group.end(), *j) != group.end())
            r_.error(*at, field,
                     msg(Io::programme_requires_exclusive, "name"_a = p_.candidates[i].name, "required"_a = name,
                         "line"_a = exclusive_nodes_[g]->mark.line),
                     {}, msg(Io::programme_requires_exclusive_hint));
        }
        p_.candidates[i].needs.push_back(*j);
      }
    }
  }

  // ---- constraints ----
  void read_constraints(const Node& n) {
    MapReader m(r_, n, "constraints");
    if (!m.valid()) return;
    const Message money = msg(Io::data_amount_zero_or_more, "unit"_a = p_.unit);
    if (const Node* t = m.get("budget_capital")) read_years(*t, m.path_of("budget_capital"), money, p_.constraints.budget_capital);
    if (const Node* t = m.get("bond_quota")) read_years(*t, m.path_of("bond_quota"), money, p_.constraints.bond_quota);
    const Node* budget = m.get("general_budget");
    if (budget) read_years(*budget, m.path_of("general_budget"), money, p_.constraints.general_budget);
    const Node* existing = m.get("existing_commitments");
    if (existing) read_years(*existing, m.path_of("existing_commitments"), money, p_.constraints.existing_commitments);
    if (const Node* t = m.get("new_debt_cap")) read_years(*t, m.path_of("new_debt_cap"), money, p_.constraints.new_debt_cap);
    RateRule share;
    share.min = 0.0;
    share.max = 1.0;
    share.what = msg(Io::programme_budget_share);
    const auto ceiling = m.rate("fiscal_ceiling", share);
    if (ceiling) p_.constraints.fiscal_ceiling = *ceiling;
    const auto gov = m.rate("government_pay_ceiling", share);
    if (gov) p_.constraints.government_pay_ceiling = *gov;
    if ((ceiling || gov) && p_.constraints.government_pay_ceiling > p_.constraints.fiscal_ceiling) {
      const Node* at = m.get(gov ? "government_pay_ceiling" : "fiscal_ceiling");
      r_.error(*at, m.path_of(gov ? "government_pay_ceiling" : "fiscal_ceiling"),
               msg(Io::programme_ceilings, "government"_a = p_.constraints.government_pay_ceiling * 100,
                   "fiscal"_a = p_.constraints.fiscal_ceiling * 100),
               msg(Io::programme_ceilings_expected));
    }
    // A year the budget gives, read or not: a budget of `150亿` already refused is not also
    // "no budget to set the commitments against"; nor is a budget that is not a mapping at all.
    const auto budget_gives = [&](int year) {
      if (!budget) return false;
      if (!budget->is_map()) return true;
      for (const auto& [k, v] : budget->entries)
        if (parse_year(k) == year) return true;
      return false;
    };
    if (existing && existing->is_map())
      for (const auto& [k, v] : existing->entries) {
        const auto year = parse_year(k);
        if (year && !budget_gives(*year))
          r_.error(k, m.path_of("existing_commitments"),
                   msg(Io::programme_commitments_without_budget, "year"_a = *year), {},
                   msg(Io::programme_commitments_hint, "year"_a = *year));
      }
    m.finish();
  }

  static std::optional<int> parse_year(const Node& k) {
    if (!k.is_scalar()) return std::nullopt;
    const auto v = parse_number(k.scalar);
    if (!v.value || *v.value != static_cast<int>(*v.value)) return std::nullopt;
    return static_cast<int>(*v.value);
  }

  // The candidates' calendar years, from the first construction year to the last operating year.
  [[nodiscard]] std::optional<std::pair<int, int>> model_years() const {
    std::optional<std::pair<int, int>> span;
    for (std::size_t i = 0; i < p_.candidates.size(); ++i) {
      if (!sources_[i].loaded) continue;
      const ProjectModel& m = p_.candidates[i].model;
      if (!span) span = std::pair{m.first_year, m.last_year()};
      span->first = std::min(span->first, m.first_year);
      span->second = std::max(span->second, m.last_year());
    }
    return span;
  }

  [[nodiscard]] bool in_some_model(int year) const {
    for (std::size_t i = 0; i < p_.candidates.size(); ++i)
      if (sources_[i].loaded && year >= p_.candidates[i].model.first_year && year <= p_.candidates[i].model.last_year()) return true;
    return false;
  }

  void read_years(const Node& n, const std::string& field, const Message& what, YearAmounts& out) {
    if (!n.is_map() || n.entries.empty()) {
      r_.error(n, field, msg(Io::programme_expected_years, "got"_a = got(n)), msg(Io::programme_years_expected),
               full_width_bracket_hint(n));
      return;
    }
    MapReader m(r_, n, field);
    const auto span = model_years();
    for (const auto& [k, v] : n.entries) {
      if (!k.is_scalar()) continue;
      (void)m.get(k.scalar);
      const auto year = read_number(r_, k, field, year_rule());
      const auto amount = read_amount(r_, v, field + "." + k.scalar, what, p_.unit);
      if (!year) continue;
      const int y = static_cast<int>(*year);
      if (span && !in_some_model(y)) {
        r_.error(k, field, msg(Io::programme_year_outside_models, "year"_a = y),
                 msg(Io::programme_model_years_expected, "first"_a = span->first, "last"_a = span->second),
                 msg(Io::programme_year_binds_nothing));
        continue;
      }
      if (amount) out[y] = *amount;
    }
    m.finish();
  }

  // ---- the objective and the debt portfolio ----
  void check_objective() {
    if (p_.objective == Objective::Enpv)
      for (std::size_t i = 0; i < p_.candidates.size(); ++i)
        if (sources_[i].loaded && !p_.candidates[i].model.economic)
          r_.error(*sources_[i].model, fmt::format("candidates[{}].model", i),
                   msg(Io::programme_enpv_without_economic, "name"_a = p_.candidates[i].name), msg(Io::programme_economic_expected),
                   msg(Io::programme_or_fnpv));
    if (p_.objective != Objective::Score) return;
    for (std::size_t i = 0; i < p_.candidates.size(); ++i)
      if (!p_.candidates[i].score && sources_[i].node && sources_[i].node->is_map())
        r_.error(sources_[i].node->find("name") ? *sources_[i].node->find("name") : *sources_[i].node,
                 fmt::format("candidates[{}].score", i), msg(Io::programme_score_missing, "name"_a = p_.candidates[i].name),
                 msg(Io::programme_score_expected), msg(Io::programme_or_fnpv));
  }

  void read_debt(const Node& n) {
    const auto given = read_text(r_, n, "programme.debt");
    if (!given) return;
    const std::string path = path_beside(p_.source, *given);
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      r_.error(n, "programme.debt", msg(Io::programme_debt_missing, "given"_a = *given, "path"_a = path), {},
               msg(Io::programme_debt_path_hint));
      return;
    }
    auto loaded = load_portfolio(path);
    out_.inputs.push_back(path);
    io_error_ = io_error_ || loaded.io_error;
    if (!loaded.portfolio) {
      r_.error(n, "programme.debt", msg(Io::programme_debt_has_errors, "path"_a = path));
      r_.diagnostics().append(loaded.diagnostics);
      return;
    }
    r_.diagnostics().append(loaded.diagnostics);
    if (loaded.portfolio->unit != p_.unit) {
      r_.error(n, "programme.debt", msg(Io::programme_debt_unit, "portfolio_unit"_a = loaded.portfolio->unit, "unit"_a = p_.unit), {},
               msg(Io::programme_debt_unit_hint));
      return;
    }
    p_.debt_path = path;
    p_.debt = std::move(loaded.portfolio);
  }

 private:
  Reader& r_;
  LoadedProgramme& out_;
  Programme p_;
  std::vector<CandidateSource> sources_;
  std::vector<const Node*> exclusive_nodes_;
  const Node* debt_node_ = nullptr;
  bool io_error_ = false;
  std::map<std::string, std::optional<ProjectModel>> models_;
  std::map<std::string, std::optional<ScenarioFile>> scenarios_;
};

// The parser's hint for an empty file describes project models; a programme starts otherwise.
Diagnostics for_programme(const Diagnostics& ds) {
  Diagnostics out;
  for (Diagnostic d : ds) {
    if (d.message.en == "the file is empty") d.hint = msg(Io::programme_empty_file_hint);
    out.add(std::move(d));
  }
  return out;
}

LoadedProgramme load_document(const Document& doc) {
  LoadedProgramme out;
  out.inputs.push_back(doc.path);
  Reader r(doc, out.diagnostics);
  ProgrammeLoader loader(r, out);
  auto p = loader.load(doc.root);
  out.io_error = loader.io_error();
  if (!out.diagnostics.has_errors()) out.programme = std::move(p);
  return out;
}

LoadedProgramme finish(ParsedDocument parsed) {
  if (!parsed.document) {
    LoadedProgramme out;
    out.diagnostics = for_programme(parsed.diagnostics);
    out.io_error = parsed.io_error;
    return out;
  }
  LoadedProgramme out = load_document(*parsed.document);
  Diagnostics all = std::move(parsed.diagnostics);
  all.append(out.diagnostics);
  out.diagnostics = std::move(all);
  return out;
}

}  // namespace

LoadedProgramme load_programme(const std::string& path) { return finish(parse_yaml_file(path, DocumentKind::Programme)); }

LoadedProgramme load_programme_from_string(std::string_view text, const std::string& name) {
  return finish(parse_yaml_text(text, name, DocumentKind::Programme));
}

}  // namespace appraise::io
