// Hostile inputs through the command line (issue 16): files and arguments that once hung, crashed
// or misled appraise, run as a user would run them. Each case runs the real `appraise` binary in
// a child process with a deadline, and checks the exit code, that an error names its place
// (FILE:LINE:COLUMN, or the file for a problem of the whole file), that nothing half-written is
// left behind, and that no output file was replaced when it should not be.
//
// The deadline is a hang guard, not a speed test: the inputs are a few bytes to a few
// megabytes, and a correct run takes milliseconds, so a case that needs more than kDeadline
// (even under sanitizers on a loaded machine) is looping.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace fs = std::filesystem;

extern char** environ;

namespace {

constexpr auto kDeadline = std::chrono::seconds(10);

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << bytes;
  REQUIRE(out.good());
}

// A folder of its own for each case, removed afterwards.
struct Scratch {
  fs::path dir;
  Scratch() {
    std::string tmpl = (fs::temp_directory_path() / "appraise-hostile-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
    ::chmod(dir.c_str(), 0755);  // readable by the unprivileged user some cases run as
  }
  ~Scratch() {
    std::error_code ec;
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  fs::path file(const std::string& name, const std::string& bytes) const {
    const fs::path p = dir / name;
    write_bytes(p, bytes);
    return p;
  }
};

enum class Stdout { File, ClosedPipe, DiskFull };

struct RunOptions {
  Stdout out = Stdout::File;
  bool unprivileged = false;      // as `nobody` when run as root (file permissions bind then)
  rlim_t stack_bytes = 0;         // raise the stack limit (the kernel sizes argv space from it)
};

struct Result {
  int exit_code = -1;   // 128 + signal when killed by one
  bool timed_out = false;
  std::string out, err;
  double seconds = 0;
  double cpu_seconds = 0;  // user + system time of the child: what a loaded machine does not inflate
};

Result run(const std::vector<std::string>& args, const RunOptions& o = {}) {
  const Scratch io;
  const fs::path out_path = io.dir / "stdout", err_path = io.dir / "stderr";
  int pipe_fds[2] = {-1, -1};
  if (o.out == Stdout::ClosedPipe) REQUIRE(::pipe(pipe_fds) == 0);
  std::vector<std::string> argv_text{APPRAISE_BINARY};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  // The messages these cases look for are the English ones (the catalogue tests check both
  // languages): the child runs with APPRAISE_LANG=en whatever the caller's environment says.
  std::vector<std::string> env_text{"APPRAISE_LANG=en"};
  for (char** e = environ; *e; ++e)
    if (std::string_view(*e).rfind("APPRAISE_LANG=", 0) != 0) env_text.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The child: only async-signal-safe calls from here to exec.
    ::signal(SIGPIPE, SIG_DFL);
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    if (o.out == Stdout::ClosedPipe) {
      ::close(pipe_fds[0]);  // nobody will ever read: the first write fails with EPIPE
      ::dup2(pipe_fds[1], 1);
    } else if (o.out == Stdout::DiskFull) {
      ::dup2(::open("/dev/full", O_WRONLY), 1);  // every write fails with ENOSPC
    } else {
      ::dup2(::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 1);
    }
    ::dup2(::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 2);
    if (o.stack_bytes) {
      const rlimit limit{o.stack_bytes, o.stack_bytes};
      ::setrlimit(RLIMIT_STACK, &limit);
    }
    if (o.unprivileged && ::geteuid() == 0) {
      const passwd* nobody = ::getpwnam("nobody");
      if (!nobody || ::setgid(nobody->pw_gid) != 0 || ::setuid(nobody->pw_uid) != 0) ::_exit(126);
    }
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  if (o.out == Stdout::ClosedPipe) {
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
  }
  Result r;
  int status = 0;
  rusage usage{};
  while (true) {
    const pid_t done = ::wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > kDeadline) {
      ::kill(pid, SIGKILL);
      ::wait4(pid, &status, 0, &usage);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                  static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = read_all(out_path);
  r.err = read_all(err_path);
  return r;
}

// The first error names FILE:LINE:COLUMN with a line of at least 1.
bool located_at_line(const std::string& err, const std::string& file) {
  const std::regex at("appraise: error: " + std::regex_replace(file, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                      R"(:([1-9][0-9]*):([1-9][0-9]*): )");
  return std::regex_search(err, at);
}

// An invalid input: exit 2, in time, nothing on stdout, the error at a line and column.
void expect_invalid_at_line(const Result& r, const std::string& file) {
  INFO("stderr: " << r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(located_at_line(r.err, file));
}

std::string model_text() { return read_all("models/toll-bridge.yaml"); }

}  // namespace

// ---- yaml-cpp 0.7 looped forever on these, allocating as it went (yaml-cpp issue 1040) ----

TEST_CASE("a `,` that no YAML rule consumes ends with a located error, for every loader") {
  const Scratch s;
  const std::vector<std::pair<std::string, std::string>> found{
      {"comma", ","},
      {"empty-list-comma", "[],"},
      {"tab-comma", "\t,"},
      {"scalar-then-comma", "a\n,"},
      {"list-then-comma", "[]\n,"},
      {"mapping-then-comma", "{a: 1}\n,"},
      {"anchor-then-comma", "&a x\n,"},
      {"tag-then-comma", "!t x\n,"},
      {"comment-then-comma", "# half-saved\n,\n"},
      {"document-then-comma", "x: 1\n---\n,"},
  };
  for (const auto& input : found) {
    const std::string path = s.file(input.first + ".yaml", input.second).string();
    INFO("input: " << input.first);
    expect_invalid_at_line(run({"check", path}), path);
    expect_invalid_at_line(run({"compare", path}), path);
    expect_invalid_at_line(run({"debt", path}), path);
    expect_invalid_at_line(run({"sensitivity", "models/toll-bridge.yaml", "-s", path}), path);
  }
  // `a,` is the text "a," (a comma inside a plain scalar is text): wrong, but never a hang.
  const std::string plain = s.file("text-comma.yaml", "a,").string();
  expect_invalid_at_line(run({"check", plain}), plain);
}

// ---- the found set of issue 16: each once a hang, a crash or a meaningless result ----

TEST_CASE("every input of the found set exits 2 with a located message within a second") {
  // "Within a second" is the child's CPU time (user + system), which other engineers' builds
  // on a shared machine do not inflate; the wall-clock deadline only guards against a hang.
  const Scratch s;
  auto within_a_second = [](const Result& r) {
    INFO("cpu seconds: " << r.cpu_seconds << ", wall seconds: " << r.seconds);
    CHECK(r.cpu_seconds < 1.0);
  };
  SUBCASE("model files of a few bytes") {
    for (const auto& input : std::vector<std::pair<std::string, std::string>>{
             {"comma", ","}, {"list-comma", "[],"}, {"text-comma", "a,"}, {"tab-comma", "\t,"}}) {
      INFO("input: " << input.first);
      const std::string p = s.file(input.first + ".yaml", input.second).string();
      const Result r = run({"check", p});
      expect_invalid_at_line(r, p);
      within_a_second(r);
    }
  }
  const std::string model = fs::absolute("models/toll-bridge.yaml").string();
  SUBCASE("scenario changes") {
    for (const auto& named : std::vector<std::pair<std::string, std::string>>{
             {"years-1e15", "{path: project.operation_years, set: 1e15}"},
             {"years-1e6", "{path: project.operation_years, set: 1e6}"},
             {"years-0", "{path: project.operation_years, set: 0}"},
             {"term-0", "{path: financing.loans.国家开发银行贷款.term_years, set: 0}"}}) {
      INFO("change: " << named.second);
      const std::string p =
          s.file(named.first + ".yaml", "model: " + model + "\nscenarios:\n  - name: x\n    changes:\n      - " + named.second + "\n")
              .string();
      const Result r = run({"compare", p});
      expect_invalid_at_line(r, p);
      CHECK(r.err.find("would be ") != std::string::npos);
      within_a_second(r);
    }
  }
  SUBCASE("a sensitivity step") {
    const std::string p = s.file("step.yaml", "model: " + model +
                                                  "\nsensitivity:\n  factors:\n    - name: years\n"
                                                  "      paths: [project.operation_years]\n      add: [1e15]\n")
                              .string();
    const Result r = run({"sensitivity", model, "-s", p});
    expect_invalid_at_line(r, p);
    CHECK(r.err.find("would be 1e+15") != std::string::npos);
    within_a_second(r);
  }
  SUBCASE("a simulation's distribution that reaches it") {
    for (const auto& named : std::vector<std::pair<std::string, std::string>>{
             {"discrete", "apply: add, distribution: discrete, values: [0, 1e15], probabilities: [50%, 50%]"},
             {"uniform", "apply: set, distribution: uniform, min: 1, max: 1e15"}}) {
      INFO("input: " << named.second);
      const std::string p = s.file(named.first + ".yaml", "model: " + model +
                                                       "\nsimulation:\n  draws: 1000\n  inputs:\n"
                                                       "    - {name: years, path: project.operation_years, " +
                                                       named.second + "}\n")
                                .string();
      const Result r = run({"simulate", model, "-s", p});
      expect_invalid_at_line(r, p);
      within_a_second(r);
    }
  }
}

// ---- files that are not what they claim to be ----

TEST_CASE("empty, binary and non-UTF-8 files are refused with the place of the problem") {
  const Scratch s;
  SUBCASE("an empty file") {
    const auto p = s.file("empty.yaml", "").string();
    const Result r = run({"check", p});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("appraise: error: " + p + ": the file is empty") != std::string::npos);
  }
  SUBCASE("binary bytes") {
    std::string bytes = "\x7f" "ELF\x02\x01\x01";
    bytes += std::string("\0\0\0\xff\xfe\x01", 6);
    expect_invalid_at_line(run({"check", s.file("a.out", bytes).string()}), s.dir.string() + "/a.out");
  }
  SUBCASE("GBK text") {
    const auto p = s.file("gbk.yaml", "project:\n  name: \xbd\xad\xb1\xf5\xb4\xf3\xc7\xc5\n").string();
    expect_invalid_at_line(run({"check", p}), p);
  }
}

TEST_CASE("a byte-order mark and CRLF line ends are read as the same model") {
  const Scratch s;
  std::string crlf;
  for (char c : model_text()) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto p = s.file("bom-crlf.yaml", "\xEF\xBB\xBF" + crlf).string();
  const Result plain = run({"run", "models/toll-bridge.yaml", "--format", "json"});
  const Result windows = run({"run", p, "--format", "json"});
  CHECK(windows.exit_code == plain.exit_code);
  // The model path in `meta` differs; every figure is the same.
  const auto figures = [](const std::string& json) { return json.substr(json.find("\"indicators\"")); };
  CHECK(figures(windows.out) == figures(plain.out));
}

TEST_CASE("a folder, a missing file and an unreadable file are I/O errors (exit 3)") {
  const Scratch s;
  SUBCASE("a folder") {
    const Result r = run({"check", s.dir.string()});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("it is a folder") != std::string::npos);
  }
  SUBCASE("an unreadable file") {
    const auto p = s.file("secret.yaml", model_text());
    fs::permissions(p, fs::perms::none);
    const Result r = run({"check", p.string()}, {.unprivileged = true});
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("appraise: error: " + p.string() + ": cannot read the file") != std::string::npos);
  }
}

TEST_CASE("a 50 MB file is refused at once without being read") {
  const Scratch s;
  const fs::path p = s.dir / "huge.yaml";
  write_bytes(p, "project:\n");
  fs::resize_file(p, 50u * 1024 * 1024);  // sparse: no 50 MB written to the disk
  const Result r = run({"check", p.string()});
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("the file is 50.0 MB") != std::string::npos);
}

TEST_CASE("deep nesting and alias bombs are refused where they start") {
  const Scratch s;
  SUBCASE("brackets 100,000 deep") {
    const auto p = s.file("deep.yaml", "project: " + std::string(100000, '[')).string();
    expect_invalid_at_line(run({"check", p}), p);
  }
  SUBCASE("block lists 100,000 deep") {
    std::string bytes = "project:\n";
    for (int i = 0; i < 100000; ++i) bytes += "- ";
    const auto p = s.file("deep-block.yaml", bytes + "x\n").string();
    expect_invalid_at_line(run({"check", p}), p);
  }
  SUBCASE("aliases that multiply") {
    std::string bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i < 10; ++i) {
      bomb += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
      for (int k = 0; k < 10; ++k) bomb += (k ? ", *a" : "*a") + std::to_string(i - 1);
      bomb += "]\n";
    }
    const auto p = s.file("bomb.yaml", bomb).string();
    expect_invalid_at_line(run({"check", p}), p);
  }
  SUBCASE("an alias inside the value it repeats") {
    const auto p = s.file("cycle.yaml", "project: &p {name: *p}\n").string();
    expect_invalid_at_line(run({"check", p}), p);
  }
}

// ---- where results go ----

TEST_CASE("-o never replaces an input, a folder, a link, a device, a pipe or a read-only file") {
  const Scratch s;
  const std::string model = model_text();
  const fs::path input = s.file("model.yaml", model);
  auto unchanged = [&](const fs::path& p, const std::string& bytes) { CHECK(read_all(p) == bytes); };
  // Nothing but what the case made itself is left in the folder: no temporary file.
  auto only = [&](std::vector<std::string> names) {
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(s.dir)) found.push_back(e.path().filename().string());
    std::sort(found.begin(), found.end());
    std::sort(names.begin(), names.end());
    CHECK(found == names);
  };
  SUBCASE("the model itself, by another path") {
    const Result r = run({"run", input.string(), "-o", (s.dir / "." / "model.yaml").string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("is an input of the run") != std::string::npos);
    unchanged(input, model);
    only({"model.yaml"});
  }
  SUBCASE("a model a scenario file names") {
    const fs::path scenarios = s.file("cases.yaml", "model: model.yaml\nscenarios:\n  - name: a\n    changes:\n"
                                                    "      - {path: project.benchmark_rate, set: 7%}\n");
    const Result r = run({"compare", scenarios.string(), "-o", input.string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    unchanged(input, model);
  }
  SUBCASE("a symbolic link") {
    fs::create_symlink(input, s.dir / "link.csv");
    const Result r = run({"run", "models/toll-bridge.yaml", "-o", (s.dir / "link.csv").string()});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(fs::is_symlink(s.dir / "link.csv"));
    unchanged(input, model);
    only({"link.csv", "model.yaml"});
  }
  SUBCASE("a folder") {
    const Result r = run({"run", "models/toll-bridge.yaml", "-o", s.dir.string()});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("it is a folder") != std::string::npos);
  }
  SUBCASE("a named pipe (never opened, so never waited on)") {
    const fs::path fifo = s.dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    const Result r = run({"run", "models/toll-bridge.yaml", "-o", fifo.string()});
    INFO(r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 3);
    CHECK(fs::is_fifo(fifo));
  }
  SUBCASE("a device") {
    const Result r = run({"run", "models/toll-bridge.yaml", "-o", "/dev/null"});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(fs::is_character_file("/dev/null"));
  }
  SUBCASE("a read-only file, even for root") {
    const fs::path ro = s.file("old.csv", "keep me\n");
    fs::permissions(ro, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const Result r = run({"run", "models/toll-bridge.yaml", "-o", ro.string()});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("read-only") != std::string::npos);
    unchanged(ro, "keep me\n");
  }
  SUBCASE("a folder that does not exist") {
    const Result r = run({"run", "models/toll-bridge.yaml", "-o", (s.dir / "missing" / "out.csv").string()});
    INFO(r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("does not exist") != std::string::npos);
    CHECK_FALSE(fs::exists(s.dir / "missing"));
  }
  SUBCASE("an ordinary file is replaced whole, keeping its permissions") {
    const fs::path out = s.file("out.json", "old\n");
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    const Result r = run({"run", "models/toll-bridge.yaml", "-o", out.string()});
    CHECK(r.exit_code == 0);
    CHECK(read_all(out).rfind("{", 0) == 0);
    CHECK(fs::status(out).permissions() == (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    only({"model.yaml", "out.json"});
  }
}

TEST_CASE("a closed pipe ends the run quietly, a full disk with the reason") {
  SUBCASE("| head -1") {
    const Result r = run({"run", "models/toll-bridge.yaml"}, {.out = Stdout::ClosedPipe});
    CHECK(r.exit_code == 3);  // not 141: no death by SIGPIPE
    CHECK(r.err.empty());
  }
  SUBCASE("> /dev/full") {
    const Result r = run({"run", "models/toll-bridge.yaml"}, {.out = Stdout::DiskFull});
    CHECK(r.exit_code == 3);
    CHECK(r.err == "appraise: error: cannot write the output: No space left on device\n");
  }
}

TEST_CASE("text a spreadsheet would run as a formula reaches CSV as text") {
  const Scratch s;
  std::string model = model_text();
  // An investment item's name is a row label of the investment estimate.
  const std::string name = "  - name: 建筑安装工程费";
  REQUIRE(model.find(name) != std::string::npos);
  model.replace(model.find(name), name.size(), "  - name: \"=HYPERLINK(\\\"http://x\\\",\\\"1\\\")\"");
  const auto p = s.file("formula.yaml", model).string();
  const Result r = run({"run", p, "--format", "csv"});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("\"'=HYPERLINK(") != std::string::npos);
  CHECK(r.out.find(",=HYPERLINK(") == std::string::npos);
  CHECK(r.out.find("\"=HYPERLINK(") == std::string::npos);
}

// ---- calc at the edges of the numbers ----

TEST_CASE("calc never prints inf or nan: a result too large for a number is absent, exit 2") {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"calc", "fv", "--format", "json", "--rate", "1000%", "--nper", "1e6", "--pmt", "1"},
        std::vector<std::string>{"calc", "npv", "--format", "json", "--rate", "0%", "--", "1.7e308", "1.7e308"}}) {
    const Result r = run(args);
    INFO(args[1] << ": " << r.out);
    CHECK(r.exit_code == 2);
    CHECK(r.out.find("\"status\": \"overflow\"") != std::string::npos);
    CHECK(r.out.find("null") != std::string::npos);
    for (const char* bad : {"inf", "nan", "NaN"}) CHECK(r.out.find(bad) == std::string::npos);
  }
}

TEST_CASE("calc with as many flows as a command line can carry answers in time") {
  // Linux caps the argument space at 1/4 of the stack limit (and 6 MB at most); 400,000
  // one-digit flows fit once the limit is raised, a million do not fit any command line.
  std::vector<std::string> args{"calc", "irr", "--", "-400000"};
  for (int i = 0; i < 400000; ++i) args.emplace_back("1");
  const Result r = run(args, {.stack_bytes = 64u * 1024 * 1024});
  INFO(r.err);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("converged") != std::string::npos);
}

TEST_CASE("absurd numbers of draws are refused before anything runs") {
  for (const char* draws : {"0", "-1", "1e12", "nan", "2.5"}) {
    const Result r = run({"simulate", "models/toll-bridge.yaml", "--draws", draws});
    INFO(draws << ": " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--draws") != std::string::npos);
  }
}
