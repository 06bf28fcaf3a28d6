// Runs one golden test of the appraise CLI and diffs what it printed against what is expected.
//
//   golden_runner APPRAISE tests/cli/NAME.test
//   golden_runner --error-case APPRAISE tests/errors/NAME.yaml
//
// A .test file:
//   # what the test shows (comment lines)
//   args: run models/toll-bridge.yaml --format csv      (split on spaces; '...' quotes)
//   exit: 0
//   absent: /tmp/appraise-golden-out.csv                (optional: must not exist afterwards)
//   --- stdout
//   ...expected standard output, exactly...
//   --- stderr                                           (optional: unchecked when missing)
//   ...expected standard error...
//
// An error case runs `appraise check NAME.yaml --lang en` and `appraise check NAME.yaml` (in
// Chinese, the default) and expects exit code 2, nothing on stdout and exactly NAME.expected
// (English) and NAME.zh.expected (Chinese) on stderr.
//
// With APPRAISE_UPDATE_GOLDEN=1 the expected sections are rewritten from the actual output
// (for a reviewed change of format, never to make a failing number pass).
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

extern char** environ;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> split_args(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool in_token = false;
  char quote = 0;
  for (char c : line) {
    if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in_token = true;
      continue;
    }
    if (c == ' ' || c == '\t') {
      if (in_token) out.push_back(cur);
      cur.clear();
      in_token = false;
      continue;
    }
    cur += c;
    in_token = true;
  }
  if (in_token) out.push_back(cur);
  return out;
}

struct Run {
  int exit_code = -1;
  std::string out, err;
};

Run run(const std::string& program, const std::vector<std::string>& args) {
  const auto dir = std::filesystem::temp_directory_path();
  const std::string tag = std::to_string(getpid());
  const std::string out_path = (dir / ("golden-" + tag + ".out")).string();
  const std::string err_path = (dir / ("golden-" + tag + ".err")).string();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  Run r;
  if (posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ) != 0) {
    std::cerr << "golden_runner: cannot start " << program << "\n";
    std::exit(2);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  posix_spawn_file_actions_destroy(&fa);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return r;
}

// Shows the first differing line of expected and actual text.
void show_diff(const std::string& what, const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  int line = 0;
  while (true) {
    ++line;
    const bool ge = static_cast<bool>(std::getline(e, le));
    const bool ga = static_cast<bool>(std::getline(a, la));
    if (!ge && !ga) break;
    if (!ge || !ga || le != la) {
      std::cerr << what << " differs at line " << line << ":\n  expected: " << (ge ? le : "<end>")
                << "\n  actual:   " << (ga ? la : "<end>") << "\n";
      break;
    }
  }
  std::cerr << "---- full actual " << what << " ----\n" << actual << "---- end ----\n";
}

bool updating() {
  const char* u = std::getenv("APPRAISE_UPDATE_GOLDEN");
  return u && std::string(u) == "1";
}

// One language of an error case: `check` with `extra` arguments against `expected_path`.
bool error_case_in(const std::string& program, const std::string& yaml, const std::vector<std::string>& extra,
                   const std::string& expected_path) {
  std::vector<std::string> args{"check", yaml};
  args.insert(args.end(), extra.begin(), extra.end());
  const Run r = run(program, args);
  if (updating()) write_file(expected_path, r.err);
  const std::string expected = read_file(expected_path);
  bool ok = true;
  if (r.exit_code != 2) {
    std::cerr << expected_path << ": exit code " << r.exit_code << ", expected 2\n";
    ok = false;
  }
  if (!r.out.empty()) {
    std::cerr << expected_path << ": stdout should be empty, got:\n" << r.out;
    ok = false;
  }
  if (r.err != expected) {
    show_diff(expected_path + ": stderr", expected, r.err);
    ok = false;
  }
  return ok;
}

int error_case(const std::string& program, const std::string& yaml) {
  const std::string stem = yaml.substr(0, yaml.size() - 5);
  const bool en = error_case_in(program, yaml, {"--lang", "en"}, stem + ".expected");
  const bool zh = error_case_in(program, yaml, {}, stem + ".zh.expected");
  return en && zh ? 0 : 1;
}

int golden(const std::string& program, const std::string& test_path) {
  const std::string text = read_file(test_path);
  std::istringstream in(text);
  std::string line, header, args_line;
  int expected_exit = 0;
  std::vector<std::string> absent;
  std::string section, expected_out, expected_err;
  bool have_err = false;
  while (std::getline(in, line)) {
    if (section.empty()) {
      if (line.rfind("args:", 0) == 0) args_line = line.substr(5);
      else if (line.rfind("exit:", 0) == 0) expected_exit = std::stoi(line.substr(5));
      else if (line.rfind("absent:", 0) == 0) absent.push_back(split_args(line.substr(7)).at(0));
      if (line == "--- stdout" || line == "--- stderr") section = line;
      if (section.empty()) header += line + "\n";
      if (line == "--- stderr") have_err = true;
      continue;
    }
    if (line == "--- stdout" || line == "--- stderr") {
      section = line;
      if (line == "--- stderr") have_err = true;
      continue;
    }
    (section == "--- stdout" ? expected_out : expected_err) += line + "\n";
  }
  for (const auto& p : absent) std::filesystem::remove(p);
  const Run r = run(program, split_args(args_line));
  if (updating()) {
    std::string rewritten = header + "--- stdout\n" + r.out;
    if (have_err || !r.err.empty()) rewritten += "--- stderr\n" + r.err;
    write_file(test_path, rewritten);
    return 0;
  }
  bool ok = true;
  if (r.exit_code != expected_exit) {
    std::cerr << "exit code " << r.exit_code << ", expected " << expected_exit << "\nstderr:\n" << r.err;
    ok = false;
  }
  if (r.out != expected_out) {
    show_diff("stdout", expected_out, r.out);
    ok = false;
  }
  if (have_err && r.err != expected_err) {
    show_diff("stderr", expected_err, r.err);
    ok = false;
  }
  for (const auto& p : absent) {
    if (std::filesystem::exists(p)) {
      std::cerr << p << " exists, but a failed run must write no output file\n";
      ok = false;
    }
  }
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Text tables are laid out for the terminal's width: pin it so the output is the same everywhere.
  setenv("COLUMNS", "120", 1);
  // The language is the command line's (Chinese unless --lang says otherwise), not the user's.
  unsetenv("APPRAISE_LANG");
  if (argc == 4 && std::string(argv[1]) == "--error-case") return error_case(argv[2], argv[3]);
  if (argc == 3) return golden(argv[1], argv[2]);
  std::cerr << "usage: golden_runner APPRAISE FILE.test | --error-case APPRAISE FILE.yaml\n";
  return 2;
}
