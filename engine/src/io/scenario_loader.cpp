#include "appraise/io/scenario_loader.hpp"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <set>

#include "appraise/io/model_loader.hpp"
#include "appraise/io/reader.hpp"
#include "risk_loader.hpp"

namespace appraise::io {
namespace {


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
      r.error(at, field, fmt::format("the model `{}` cannot be used: it has errors (listed below)", resolved));
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
      r.error(n, path, ops == 0 ? "the change says neither what to change nor how" : "a change does one thing",
              "`{path: revenue.通行费收入.volume, scale: 0.7}`, `{path: ..., set: ...}`, `{path: ..., add: 1%}`, "
              "`{delay_start: 1}` or `{delay_operation: 1}`");
      return std::nullopt;
    }
    if (delay_start || delay_op) {
      if (p) r.error(*p, c.path_of("path"), "a delay moves the whole project: it takes no path");
      const auto v = read_number(r, delay_start ? *delay_start : *delay_op, c.path_of(delay_start ? "delay_start" : "delay_operation"),
                                 {.min = 0, .max = 20, .integer = true, .what = "a number of years from 0 to 20"});
      if (!v) return std::nullopt;
      out.op = delay_start ? ChangeOp::DelayStart : ChangeOp::DelayOperation;
      out.value = *v;
      return out;
    }
    if (!p) {
      r.error(n, c.path_of("path"), "the change has no `path`", "the model value to change, e.g. `revenue[通行费收入].volume`");
      return std::nullopt;
    }
    const auto text = read_text(r, *p, c.path_of("path"));
    if (!text) return std::nullopt;
    out.path = *text;
    out.targets = index.match(out.path);  // matched once, here: applying it does not match again
    if (out.targets.empty()) {
      const auto near = index.nearest(out.path);
      r.error(*p, c.path_of("path"), fmt::format("`{}` matches nothing in {}", out.path, model.source), {},
              near ? fmt::format("did you mean `{}`?", *near)
                   : "see docs/scenario-format.md for the paths a model has");
      return std::nullopt;
    }
    const ParamTarget& first = index.target(out.targets.front());
    const ParamKind kind = first.kind;
    const Node& value = set ? *set : (scale ? *scale : *add);
    const std::string vpath = c.path_of(set ? "set" : (scale ? "scale" : "add"));
    out.op = set ? ChangeOp::Set : (scale ? ChangeOp::Scale : ChangeOp::Add);
    if (kind == ParamKind::Word) {
      if (!set) {
        r.error(value, vpath, fmt::format("`{}` is a convention: it can only be set", first.path), {},
                fmt::format("`set:` one of {}", fmt::join(first.words, ", ")));
        return std::nullopt;
      }
      const auto w = read_text(r, value, vpath);
      if (!w) return std::nullopt;
      out.word = *w;
      if (std::find(first.words.begin(), first.words.end(), *w) == first.words.end()) {
        r.error(value, vpath, fmt::format("`{}` is not a choice of `{}`", *w, first.path),
                "one of " + choice_list(first.words));
        return std::nullopt;
      }
      return out;
    }
    std::optional<double> v;
    if (scale) {
      v = read_rate(r, value, vpath, {.min = 0.0, .max = 100.0, .allow_bare_above_one = true, .what = "a factor such as 0.7 or 120%"});
    } else if (kind == ParamKind::Rate || kind == ParamKind::Share) {
      v = read_rate(r, value, vpath, {.min = set ? -0.99 : -10.0, .max = 10.0, .what = add ? "a change in rate" : "a rate"});
      // `add: 1` to a rate is almost always one percentage point, not 100 of them.
      if (v && add && std::abs(*v) >= 1.0 && value.is_scalar() && value.scalar.find('%') == std::string::npos) {
        r.error(value, vpath, fmt::format("adding {} to a rate would add {:g} percentage points", value.scalar, *v * 100.0),
                "a change in rate such as `1%` or `0.01`", fmt::format("write `{}%` for {} percentage point(s)", value.scalar, value.scalar));
        return std::nullopt;
      }
    } else {
      v = read_number(r, value, vpath, {.min = set && kind != ParamKind::Series ? std::optional<double>(0.0) : std::nullopt,
                                        .integer = kind == ParamKind::Years,
                                        .what = kind == ParamKind::Years ? "a number of years" : "an amount in " + model.unit});
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
  MapReader top(r, doc.root, "");
  if (!top.valid()) return out;
  ScenarioReader sr{r, file, out.diagnostics};

  const Node* one = top.get("model");
  const Node* many = top.get("models");
  if (one && many) r.error(*many, "models", "give either `model` (one path) or `models` (named paths), not both");
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
    r.error(doc.root, "model", "the scenario file names no model", "`model: ../models/toll-bridge.yaml`, or name the model on the command line");
  }

  std::set<std::string> names;
  if (const Node* list = top.get("scenarios")) {
    if (!list->is_sequence()) r.error(*list, "scenarios", fmt::format("expected a list of scenarios, got {}", describe(*list)));
    for (std::size_t i = 0; list->is_sequence() && i < list->items.size(); ++i) {
      const std::string spath = fmt::format("scenarios[{}]", i);
      MapReader s(r, list->items[i], spath);
      if (!s.valid()) continue;
      Scenario sc;
      if (s.require("name", "the scenario's name")) sc.name = s.text("name").value_or("");
      if (!sc.name.empty() && !names.insert(sc.name).second)
        r.error(*s.get("name"), s.path_of("name"), fmt::format("a second scenario is named `{}`", sc.name));
      sc.description = s.text("description").value_or("");
      if (const Node* m = s.get("model")) {
        const auto key = read_text(r, *m, s.path_of("model"));
        if (key && !file.models.count(*key) && (one || many)) {
          const auto near = closest_match(*key, file.model_order);
          r.error(*m, s.path_of("model"), fmt::format("no model is named `{}`", *key), {},
                  near ? fmt::format("did you mean `{}`?", *near) : "models: " + choice_list(file.model_order));
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
          r.error(*b, s.path_of("base"), fmt::format("no earlier scenario is named `{}`", *sc.base), {},
                  near ? fmt::format("did you mean `{}`? (a base must come before the scenarios built on it)", *near)
                       : "a base must be a scenario listed before this one");
          sc.base.reset();
        } else if (base && !s.get("model")) {
          sc.model = base->model;
        } else if (base && base->model != sc.model) {
          r.error(*b, s.path_of("base"), fmt::format("`{}` changes model `{}`, this scenario model `{}`", base->name,
                                                     base->model, sc.model));
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
            r.error(*cs, s.path_of("changes"), fmt::format("expected a list of changes, got {}", describe(*cs)));
          ModelParameters probe_parameters(probe);
          for (std::size_t k = 0; cs->is_sequence() && k < cs->items.size(); ++k) {
            const std::string cpath = fmt::format("{}.changes[{}]", spath, k);
            auto ch = sr.change(cs->items[k], cpath, probe, sr.index_of(sc.model));
            if (!ch) continue;
            if (const auto why = probe_parameters.apply(*ch); !why.empty()) {
              r.error(cs->items[k], cpath, why);
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
      r.error(*opts, "options", "expected a list of model keys or scenario names", "`options: [steel, concrete]`");
    } else {
      for (std::size_t i = 0; i < opts->items.size(); ++i) {
        const auto name = read_text(r, opts->items[i], fmt::format("options[{}]", i));
        if (!name) continue;
        if (!file.models.count(*name) && !find_scenario(file, *name)) {
          std::vector<std::string> all = file.model_order;
          for (const auto& s : file.scenarios) all.push_back(s.name);
          const auto near = closest_match(*name, all);
          r.error(opts->items[i], fmt::format("options[{}]", i), fmt::format("no model or scenario is named `{}`", *name), {},
                  near ? fmt::format("did you mean `{}`?", *near) : "options name models (by key) or scenarios");
          continue;
        }
        file.options.push_back(*name);
      }
      if (file.options.size() == 1) r.error(*opts, "options", "comparing options needs at least two");
    }
  }
  detail::read_risk_sections(r, top, file);  // `sensitivity:` and `simulation:` (docs/risk.md)
  top.finish();
  out.io_error = sr.io_error;
  if (!out.diagnostics.has_errors()) out.file = std::move(file);
  return out;
}

}  // namespace appraise::io
