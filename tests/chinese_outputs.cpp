// No English sentence in a Chinese report (issue 14): every example model, scenario, risk, debt
// and programme file is run under `--lang zh` through the commands a planner uses, and what the
// command prints (stdout and stderr) must hold no Latin-letter word other than names, units, code
// and the indicator abbreviations a Chinese report keeps (tests/latin_words.hpp, the same rule the
// message catalogue's scan uses). A leak prints the command, the line and the word.
//
// Paths such as `revenue[通行费收入].price` and options such as `--lang` are code and allowed;
// JSON and CSV are for programs (their keys are English by design) and are not scanned.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "latin_words.hpp"

namespace fs = std::filesystem;

namespace {

struct Output {
  std::string text;
  int status = -1;
};

// Runs `appraise ARGS --lang zh` from the project root (the tests' working folder), stdout and
// stderr together.
Output run(const std::string& args) {
  const std::string command = std::string("'") + APPRAISE_BINARY + "' " + args + " --lang zh 2>&1";
  Output out;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.text.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  out.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// Every line of the output with a word that is not allowed.
std::vector<std::string> leaks(const std::string& text) {
  std::vector<std::string> found;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    for (const auto& word : latin_words::offending(line)) found.push_back("「" + word + "」 in: " + line);
    start = end + 1;
  }
  return found;
}

// Runs the command, which must have computed (exit 0 or 1: a missed target is a result), and
// checks its words.
void check_chinese(const std::string& args) {
  const Output out = run(args);
  INFO("appraise " << args << " --lang zh (exit " << out.status << ")\n" << out.text.substr(0, 2000));
  REQUIRE((out.status == 0 || out.status == 1));
  const auto found = leaks(out.text);
  for (const auto& f : found) FAIL_CHECK(f);
  CHECK(found.empty());
}

std::vector<fs::path> files(const char* folder, bool (*keep)(const fs::path&)) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.path().extension() == ".yaml" && keep(e.path())) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

bool is_debt(const fs::path& p) { return p.filename().string().find("debt") != std::string::npos; }
bool project_model(const fs::path& p) { return !is_debt(p); }
bool debt_portfolio(const fs::path& p) { return is_debt(p); }
bool has_key(const fs::path& p, const std::string& key) {
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key + ":", 0) == 0) return true;
  return false;
}
bool has_nested_key(const fs::path& p, const std::string& key) {
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    const auto at = line.find_first_not_of(' ');
    if (at != std::string::npos && line.compare(at, key.size() + 1, key + ":") == 0) return true;
  }
  return false;
}
bool risk_file(const fs::path& p) { return has_key(p, "simulation") || has_key(p, "sensitivity"); }
bool scenario_file(const fs::path& p) { return has_key(p, "scenarios"); }
bool programme_file(const fs::path& p) { return has_key(p, "programme"); }

}  // namespace

TEST_CASE("the scanner finds an English sentence and lets names, units and code through") {
  // never, reached, the, cumulative, flow, still, at, end ("is" is 社会折现率's symbol and allowed)
  CHECK(leaks("项目投资回收期  无：never reached: the cumulative flow is still -152200 at the end").size() == 8);
  CHECK(leaks("财务净现值 FNPV(ic=6.00%) 1,234.00万元，DSCR 1.30；见 `appraise run`，revenue[通行费收入].price").empty());
}

TEST_CASE("every project model: run, schedule, check and the default sensitivity speak Chinese") {
  const auto models = files("models", project_model);
  REQUIRE(models.size() >= 8);
  for (const auto& m : models) {
    const std::string path = m.string();
    SUBCASE(path.c_str()) {
      check_chinese("run " + path);
      if (has_nested_key(m, "loans")) check_chinese("schedule " + path);  // a model without loans has no schedule
      check_chinese("check " + path);
      check_chinese("sensitivity " + path);
    }
  }
}

TEST_CASE("every scenario file: compare and check speak Chinese") {
  const auto scenarios = files("scenarios", scenario_file);
  REQUIRE(scenarios.size() >= 3);
  for (const auto& s : scenarios) {
    const std::string path = s.string();
    SUBCASE(path.c_str()) {
      check_chinese("compare " + path);
      check_chinese("check " + path);
    }
  }
}

TEST_CASE("every risk file: sensitivity and simulate speak Chinese") {
  const auto risks = files("scenarios", risk_file);
  REQUIRE(risks.size() >= 2);
  for (const auto& r : risks) {
    std::ifstream in(r);
    std::string line, model;
    while (std::getline(in, line))
      if (line.rfind("model:", 0) == 0) model = line.substr(line.find_first_not_of(' ', 6));
    REQUIRE_FALSE(model.empty());
    // The risk file names its model relative to itself.
    const std::string model_path = (r.parent_path() / model).lexically_normal().string();
    const std::string path = r.string();
    SUBCASE(path.c_str()) {
      check_chinese("sensitivity " + model_path + " -s " + path);
      check_chinese("simulate " + model_path + " -s " + path + " --draws 2000");
    }
  }
}

TEST_CASE("every debt portfolio: debt and check speak Chinese") {
  const auto portfolios = files("models", debt_portfolio);
  REQUIRE(portfolios.size() >= 2);
  for (const auto& p : portfolios) {
    const std::string path = p.string();
    SUBCASE(path.c_str()) {
      check_chinese("debt " + path);
      check_chinese("check " + path);
    }
  }
}

TEST_CASE("the programme: programme and check speak Chinese") {
  const auto programmes = files("scenarios", programme_file);
  REQUIRE_FALSE(programmes.empty());
  for (const auto& p : programmes) {
    const std::string path = p.string();
    SUBCASE(path.c_str()) {
      check_chinese("programme " + path);
      check_chinese("check " + path);
    }
  }
}

namespace {

// The lines of a stored output that are the user's own text: a source excerpt (`15 |   amount:`)
// and its caret line quote the file, whatever language it is in.
bool quotes_the_file(const std::string& line) {
  const auto bar = line.find('|');
  if (bar == std::string::npos) return false;
  return line.find_first_not_of(" 0123456789") == bar;
}

// A CSV line without its key cells: a cell that is one snake_case word (`key`, `npv_post_tax`,
// `candidate`) is the stable name of a row or table that programs read (docs/outputs.md), not
// prose. A sentence in a cell has spaces and is still scanned.
std::string without_keys(const std::string& line) {
  std::string out;
  std::string cell;
  const auto flush = [&] {
    const bool key = !cell.empty() && std::all_of(cell.begin(), cell.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!key) out += cell;
    out += ' ';
    cell.clear();
  };
  for (char c : line) {
    if (c == ',') flush();
    else cell += c;
  }
  flush();
  return out;
}

// A located diagnostic without its field: `appraise：错误：FILE:LINE:COL：FIELD：message` names the
// field as the file spells it (`revenue`, `debts[0].kind`), which is code whatever the language.
std::string without_field(const std::string& line) {
  static const std::string colon = "：";
  if (line.rfind("appraise" + colon, 0) != 0) return line;
  std::vector<std::size_t> at;
  for (std::size_t p = line.find(colon); p != std::string::npos && at.size() < 4; p = line.find(colon, p + colon.size()))
    at.push_back(p);
  if (at.size() < 4) return line;
  const std::string location = line.substr(at[1] + colon.size(), at[2] - at[1] - colon.size());
  const auto last = location.find_last_not_of("0123456789");
  const bool has_line_column = last != std::string::npos && last + 1 < location.size() && location[last] == ':';
  return has_line_column ? line.substr(0, at[2]) + line.substr(at[3]) : line;
}

// A line of `--help`'s list of commands without the command's name (`  run    评价一个项目…`),
// and its usage line without the command (`用法: appraise calc npv`): a command is what the
// command line takes, code whatever the language, as a field is.
std::string without_command_name(const std::string& line) {
  // The usage line: `用法: appraise calc npv [选项] …` names the command as it is typed.
  static const std::string usage = "用法: appraise";
  if (line.rfind(usage, 0) == 0) {
    std::size_t end = usage.size();
    while (end < line.size() && (line[end] == ' ' || (line[end] >= 'a' && line[end] <= 'z'))) ++end;
    return line.substr(end);
  }
  if (line.size() < 4 || line.compare(0, 2, "  ") != 0 || line[2] < 'a' || line[2] > 'z') return line;
  std::size_t end = 2;
  while (end < line.size() && line[end] >= 'a' && line[end] <= 'z') ++end;
  return line.compare(end, 2, "  ") == 0 ? line.substr(end) : line;
}

// leaks() of a stored output, once what is code has been set aside, each named by its file.
std::vector<std::string> stored_leaks(const fs::path& file, const std::string& text, bool csv = false, bool help = false) {
  std::string prose;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (quotes_the_file(line)) continue;
    const std::string kept = without_field(csv ? without_keys(line) : line);
    prose += (help ? without_command_name(kept) : kept) + "\n";
  }
  std::vector<std::string> found;
  for (const auto& f : leaks(prose)) found.push_back(file.string() + ": " + f);
  return found;
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

// The error catalogue's Chinese half (tests/errors/NAME.zh.expected, which the errors.NAME tests
// hold equal to what `appraise check` prints) and every Chinese CLI golden (tests/cli/*.test run
// without --lang en) speak Chinese: the loaders' located errors, their "应为" lines and hints,
// usage errors and every other door's diagnostics, not only the examples' results.
TEST_CASE("the error catalogue and the CLI goldens speak Chinese under --lang zh") {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator("tests/errors")) {
    const std::string name = e.path().filename().string();
    if (name.size() < 12 || name.substr(name.size() - 12) != ".zh.expected") continue;
    for (auto& f : stored_leaks(e.path(), read_all(e.path()))) found.push_back(std::move(f));
  }
  for (const auto& e : fs::directory_iterator("tests/cli")) {
    if (e.path().extension() != ".test") continue;
    const std::string text = read_all(e.path());
    std::istringstream in(text);
    std::string line;
    bool english = false;
    bool json = false;
    bool csv = false;
    bool help = false;
    std::string expected;
    bool in_output = false;
    while (std::getline(in, line)) {
      // English runs are not scanned, nor a JSON result, whose keys and status tokens are English
      // for programs (docs/outputs.md); its diagnostics on stderr are.
      if (line.rfind("args:", 0) == 0 && line.find("--lang en") != std::string::npos) english = true;
      if (line.rfind("args:", 0) == 0 && line.find("json") != std::string::npos) json = true;
      if (line.rfind("args:", 0) == 0 && line.find("csv") != std::string::npos) csv = true;
      if (line.rfind("args:", 0) == 0 && line.find("--help") != std::string::npos) help = true;
      if (line == "--- stdout") { in_output = !json; continue; }
      if (line == "--- stderr") { in_output = true; continue; }
      if (in_output) expected += line + "\n";
    }
    if (english) continue;
    for (auto& f : stored_leaks(e.path(), expected, csv, help)) found.push_back(std::move(f));
  }
  std::sort(found.begin(), found.end());
  for (const auto& f : found) FAIL_CHECK(f);
  CHECK(found.empty());
}

// `--help` of the program, of every command and of every `calc` function speaks the run's
// language (cli.def): under --lang zh no English description, label or type name is left; the
// commands' names in the list of commands, and the options, are code.
TEST_CASE("every command's --help speaks Chinese under --lang zh") {
  std::vector<std::string> commands{"", "run", "check", "schedule", "compare", "sensitivity", "simulate", "calc", "debt", "programme", "merge"};
  for (const char* f : {"npv", "irr", "mirr", "xnpv", "xirr", "payback", "pmt", "ipmt", "ppmt", "fv", "pv", "nper", "rate"})
    commands.push_back(std::string("calc ") + f);
  for (const auto& c : commands) {
    const std::string args = c.empty() ? "--help" : c + " --help";
    const Output out = run(args);
    INFO("appraise " << args << " --lang zh (exit " << out.status << ")\n" << out.text);
    REQUIRE(out.status == 0);
    CHECK(out.text.find("用法") != std::string::npos);
    const auto found = stored_leaks(args, out.text, false, true);
    for (const auto& f : found) FAIL_CHECK(f);
    CHECK(found.empty());
  }
}
