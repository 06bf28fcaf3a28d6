#include "appraise/io/scenario_loader.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "appraise/io/model_loader.hpp"
#include "appraise/io/reader.hpp"
#include "appraise/messages/cli.hpp"
#include "appraise/messages/io.hpp"
#include "appraise/messages/scenario.hpp"
#include "data_words.hpp"
#include "risk_loader.hpp"

namespace appraise::io {
namespace {

using namespace appraise::literals;
using messages::Io;
using detail::choices;
using detail::got;


// A model path in a scenario file is relative to the scenario file's folder.
std::string resolve(const std::string& scenario_file, const std::string& model) { return path_beside(scenario_file, model); }

struct ScenarioReader {
  Reader& r;
  ScenarioFile& file;
  Diagnostics& diags;
  bool io_error = false;

  void add_model(const std::string& key, const Node& at, const std::string& field, const std::string& model_path) {
    const std::string resolved = resolve(file.path, model_path);
    auto loaded = load_model(resolved);
    if (!loaded.model) {
      r.error(at, field, msg(Io::data_model_has_errors_below, "path"_a = resolved));
      diags.append(loaded.diagnostics);
      io_error = io_error || loaded.io_error;
      return;
    }
    file.models.emplace(key, std::move(*loaded.model));
    file.model_order.push_back(key);
    file.model_paths.push_back(resolved);
  }

  // Each model's parameters, listed once for all the changes to it.
  std::map<std::string, ParameterIndex> indices;
  const ParameterIndex& index_of(const std::string& key) {
    auto it = indices.find(key);
    if (it == indices.end()) it = indices.emplace(key, ParameterIndex(file.models.at(key))).first;
    return it->second;
  }

  std::optional<Change> change(const Node& n, const std::string& path, ProjectModel& model, const ParameterIndex& index) {
    MapReader c(r, n, path);
    if (!c.valid()) return std::nullopt;
    Change out;
    const Node* set = c.get("set");
    const Node* scale = c.get("scale");
    const Node* add = c.get("add");
    const Node* delay_start = c.get("delay_start");
    const Node* delay_op = c.get("delay_operation");
    const Node* p = c.get("path");
    (void)c.get("note");
    const int ops = (set ? 1 : 0) + (scale ? 1 : 0) + (add ? 1 : 0) + (delay_start ? 1 : 0) + (delay_op ? 1 : 0);
    c.finish();
    if (ops != 1) {
      r.error(n, path, msg(ops == 0 ? Io::scenario_change_says_nothing : Io::scenario_change_one_thing),
              msg(Io::scenario_change_forms));
      return std::nullopt;
    }
    if (delay_start || delay_op) {
      if (p) r.error(*p, c.path_of("path"), msg(Io::data_delay_takes_no_path));
      const auto v = read_number(r, delay_start ? *delay_start : *delay_op, c.path_of(delay_start ? "delay_start" : "delay_operation"),
                                 {.min = 0, .max = 20, .integer = true, .what = msg(Io::scenario_delay_years)});
      if (!v) return std::nullopt;
      out.op = delay_start ? ChangeOp::DelayStart : ChangeOp::DelayOperation;
      out.value = *v;
      return out;
    }
    if (!p) {
      r.error(n, c.path_of("path"), msg(Io::scenario_change_no_path), msg(Io::scenario_change_path_expected));
      return std::nullopt;
    }
    const auto text = read_text(r, *p, c.path_of("path"));
    if (!text) return std::nullopt;
    out.path = *text;
    out.targets = index.match(out.path);  // matched once, here: applying it does not match again
    if (out.targets.empty()) {
      const auto near = index.nearest(out.path);
      r.error(*p, c.path_of("path"), msg(Io::data_path_matches_nothing, "path"_a = out.path, "source"_a = model.source), {},
              near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::data_see_paths));
      return std::nullopt;
    }
    const ParamTarget& first = index.target(out.targets.front());
    const ParamKind kind = first.kind;
    const Node& value = set ? *set : (scale ? *scale : *add);
    const std::string vpath = c.path_of(set ? "set" : (scale ? "scale" : "add"));
    out.op = set ? ChangeOp::Set : (scale ? ChangeOp::Scale : ChangeOp::Add);
    if (kind == ParamKind::Word) {
      if (!set) {
        r.error(value, vpath, msg(Io::scenario_convention_set_only, "path"_a = first.path), {},
                msg(Io::scenario_set_one_of, "words"_a = joined(first.words)));
        return std::nullopt;
      }
      const auto w = read_text(r, value, vpath);
      if (!w) return std::nullopt;
      out.word = *w;
      if (std::find(first.words.begin(), first.words.end(), *w) == first.words.end()) {
        r.error(value, vpath, msg(Io::scenario_not_a_choice, "word"_a = *w, "path"_a = first.path),
                msg(Io::data_one_of, "choices"_a = choices(first.words)));
        return std::nullopt;
      }
      return out;
    }
    std::optional<double> v;
    if (scale) {
      v = read_rate(r, value, vpath, {.min = 0.0, .max = 100.0, .kind = Proportion::Factor, .what = msg(Io::data_a_factor),
                                      .example = msg(Io::scenario_a_factor), .bare_max = kBareFactorMax});
    } else if (kind == ParamKind::Rate || kind == ParamKind::Share) {
      v = add ? read_rate_change(r, value, vpath) : read_rate(r, value, vpath);
    } else {
      NumberRule rule{.min = set && kind != ParamKind::Series ? std::optional<double>(0.0) : std::nullopt,
                      .integer = kind == ParamKind::Years,
                      .what = kind == ParamKind::Years ? msg(Io::data_a_number_of_years) : msg(Io::model_amount_in_unit, "unit"_a = model.unit)};
      // A price or a volume is no amount in the model's unit: said in the model loader's words.
      const auto ends_with = [&](std::string_view key) { return first.path.ends_with(key); };
      if (kind == ParamKind::Ratio) {
        rule.what = msg(Io::scenario_a_ratio);
      } else if (ends_with(".price") && kind == ParamKind::Series) {
        rule.what = msg(Io::model_price);
        rule.unit_hint = msg(Io::read_money_word_price, "unit"_a = model.unit);
      } else if (ends_with(".price")) {  // a sale line's price, in the model's unit per m²
        rule.what = msg(Io::kind_price, "unit"_a = model.unit);
        rule.unit_hint = msg(Io::read_money_word_sale_price, "unit"_a = model.unit);
      } else if (ends_with(".per_unit")) {
        rule.what = msg(Io::model_cost_per_unit);
        rule.unit_hint = msg(Io::read_money_word_per_unit, "unit"_a = model.unit);
      } else if (ends_with(".volume")) {
        rule.what = msg(Io::model_volume);
        rule.unit_hint = msg(Io::read_money_word_volume, "unit"_a = model.unit);
      }
      v = read_number(r, value, vpath, rule);
    }
    if (!v) return std::nullopt;
    out.value = *v;
    return out;
  }
};

}  // namespace

LoadedScenarios load_scenarios(const std::string& path, const std::string& default_model) {
  LoadedScenarios out;
  auto parsed = parse_yaml_file(path, DocumentKind::Scenarios);
  if (!parsed.document) return {std::nullopt, parsed.diagnostics, parsed.io_error};
  const Document& doc = *parsed.document;
  ScenarioFile file;
  file.path = path;
  Reader r(doc, out.diagnostics);
  if (refuse_other_kind(r)) return out;
  MapReader top(r, doc.root, "");
  if (!top.valid()) return out;
  ScenarioReader sr{r, file, out.diagnostics};

  const Node* one = top.get("model");
  const Node* many = top.get("models");
  if (one && many) r.error(*many, "models", msg(Io::scenario_model_and_models));
  if (one) {
    if (const auto p = read_text(r, *one, "model")) sr.add_model("model", *one, "model", *p);
  } else if (many) {
    MapReader ms(r, *many, "models");
    for (const auto& [k, v] : many->entries) {
      if (!k.is_scalar()) continue;
      (void)ms.get(k.scalar);
      if (const auto p = read_text(r, v, ms.path_of(k.scalar))) sr.add_model(k.scalar, v, ms.path_of(k.scalar), *p);
    }
    ms.finish();
  } else if (!default_model.empty()) {
    auto loaded = load_model(default_model);
    if (!loaded.model) {
      out.diagnostics.append(loaded.diagnostics);
      out.io_error = loaded.io_error;
      return out;
    }
    file.models.emplace("model", std::move(*loaded.model));
    file.model_order.push_back("model");
    file.model_paths.push_back(default_model);
  } else {
    r.error(doc.root, "model", msg(Io::scenario_no_model), msg(Io::scenario_no_model_expected));
  }

  std::set<std::string> names;
  if (const Node* list = top.get("scenarios")) {
    if (!list->is_sequence()) r.error(*list, "scenarios", msg(Io::scenario_expected_scenarios, "got"_a = got(*list)));
    for (std::size_t i = 0; list->is_sequence() && i < list->items.size(); ++i) {
      const std::string spath = fmt::format("scenarios[{}]", i);
      MapReader s(r, list->items[i], spath);
      if (!s.valid()) continue;
      Scenario sc;
      sc.field = spath;
      if (s.require("name", msg(Io::scenario_name_expected))) sc.name = s.text("name").value_or("");
      if (const Node* n = s.get("name")) {
        sc.place.location = r.location(*n);
        if (n->mark.line >= 1 && static_cast<std::size_t>(n->mark.line) <= doc.lines.size()) sc.place.source_line = doc.lines[n->mark.line - 1];
      }
      if (!sc.name.empty() && !names.insert(sc.name).second)
        r.error(*s.get("name"), s.path_of("name"), msg(Io::scenario_second_named, "name"_a = sc.name));
      sc.description = s.text("description").value_or("");
      if (const Node* m = s.get("model")) {
        const auto key = read_text(r, *m, s.path_of("model"));
        if (key && !file.models.count(*key) && (one || many)) {
          const auto near = closest_match(*key, file.model_order);
          r.error(*m, s.path_of("model"), msg(Io::scenario_no_model_named, "name"_a = *key), {},
                  near ? msg(messages::Cli::did_you_mean, "word"_a = *near)
                       : msg(Io::scenario_models_are, "models"_a = choices(file.model_order)));
        }
        if (key) sc.model = *key;
      } else if (!file.model_order.empty()) {
        sc.model = file.model_order.front();
      }
      if (const Node* b = s.get("base")) {
        sc.base = read_text(r, *b, s.path_of("base"));
        bool found = false;
        const Scenario* base = nullptr;
        for (const auto& prev : file.scenarios)
          if (sc.base && prev.name == *sc.base) {
            found = true;
            base = &prev;
          }
        if (sc.base && !found) {
          std::vector<std::string> earlier;
          for (const auto& prev : file.scenarios) earlier.push_back(prev.name);
          const auto near = closest_match(*sc.base, earlier);
          r.error(*b, s.path_of("base"), msg(Io::scenario_no_earlier_named, "name"_a = *sc.base), {},
                  near ? msg(Io::scenario_base_did_you_mean, "word"_a = *near) : msg(Io::scenario_base_listed_before));
          sc.base.reset();
        } else if (base && !s.get("model")) {
          sc.model = base->model;
        } else if (base && base->model != sc.model) {
          r.error(*b, s.path_of("base"), msg(Io::scenario_base_other_model, "base"_a = base->name, "base_model"_a = base->model,
                                             "model"_a = sc.model));
        }
      }
      if (file.models.count(sc.model)) {
        // Check each change against the model as the base chain leaves it.
        ProjectModel probe = file.models.at(sc.model);
        if (sc.base) {
          Scenario tmp = sc;
          tmp.changes.clear();
          try {
            probe = scenario_model(file, tmp);
          } catch (const std::exception&) {
          }
        }
        if (const Node* cs = s.get("changes")) {
          if (!cs->is_sequence())
            r.error(*cs, s.path_of("changes"), msg(Io::scenario_expected_changes, "got"_a = got(*cs)));
          ModelParameters probe_parameters(probe);
          for (std::size_t k = 0; cs->is_sequence() && k < cs->items.size(); ++k) {
            const std::string cpath = fmt::format("{}.changes[{}]", spath, k);
            auto ch = sr.change(cs->items[k], cpath, probe, sr.index_of(sc.model));
            if (!ch) continue;
            if (const auto why = probe_parameters.apply(*ch); !why.empty()) {
              r.error(cs->items[k], cpath, why.problem, {}, why.hint);
              continue;
            }
            sc.changes.push_back(std::move(*ch));
          }
        }
      } else {
        (void)s.get("changes");
      }
      s.finish();
      file.scenarios.push_back(std::move(sc));
    }
  }
  if (const Node* opts = top.get("options")) {
    if (!opts->is_sequence()) {
      r.error(*opts, "options", msg(Io::scenario_expected_options), Message::same("`options: [steel, concrete]`"));
    } else {
      bool all_named = true;  // a name not found has its own error: "at least two" would only repeat it
      for (std::size_t i = 0; i < opts->items.size(); ++i) {
        const auto name = read_text(r, opts->items[i], fmt::format("options[{}]", i));
        if (!name) {
          all_named = false;
          continue;
        }
        if (!file.models.count(*name) && !find_scenario(file, *name)) {
          std::vector<std::string> all = file.model_order;
          for (const auto& s : file.scenarios) all.push_back(s.name);
          const auto near = closest_match(*name, all);
          Message hint = near ? msg(messages::Cli::did_you_mean, "word"_a = *near) : msg(Io::scenario_options_name);
          // compare prints the base case of a single `model:` as 基准方案 (base case), which is
          // what a planner then writes; the file names it by its key.
          const Message base = base_case_name();
          const auto is_base = [&](const std::string& s) { return s == base.zh || s == base.en; };
          if (is_base(*name) && file.models.count("model") && !find_scenario(file, *name)) {
            std::vector<std::string> write;
            for (const auto& o : opts->items) write.push_back(!o.is_scalar() ? "..." : is_base(o.scalar) ? "model" : o.scalar);
            hint = msg(messages::Scenario::options_base_case, "name"_a = *name, "write"_a = fmt::format("{}", fmt::join(write, ", ")));
          }
          r.error(opts->items[i], fmt::format("options[{}]", i), msg(Io::scenario_no_option_named, "name"_a = *name), {}, hint);
          all_named = false;
          continue;
        }
        file.options.push_back(*name);
      }
      if (file.options.size() == 1 && all_named) r.error(*opts, "options", msg(Io::scenario_options_two));
    }
  }
  detail::read_risk_sections(r, top, file);  // `sensitivity:` and `simulation:` (docs/risk.md)
  top.finish();
  out.io_error = sr.io_error;
  if (!out.diagnostics.has_errors()) out.file = std::move(file);
  return out;
}

}  // namespace appraise::io
