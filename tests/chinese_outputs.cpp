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
