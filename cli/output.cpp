// Where results go: stdout, or a file written whole or not at all. Every command and every
// format (text, CSV, JSON, and binary workbooks) writes through emit(), so what can go wrong on
// the way out is handled once:
// - `-o` never replaces an input of the same run, a folder, a symbolic link, a device or a pipe,
//   or a read-only file;
// - the file is written to an exclusive temporary file with an unpredictable name in the target's
//   folder (mkstemp: O_CREAT|O_EXCL, so a link planted there is never followed), synced, and
//   renamed over the target, so a reader sees the old file or the new one, never a part;
// - a failed write (a full disk) is exit code 3 with the system's reason; a pipe whose reader has
//   gone (`appraise run ... | head -1`) ends the run quietly with exit code 3.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <functional>
#include <vector>

#include "common.hpp"
#include "appraise/messages/cli.hpp"

namespace appraise::cli {

using messages::Cli;
using namespace literals;
namespace {

struct InputFile {
  dev_t device;
  ino_t inode;
  std::string path;
};

// The files this run reads. One run is one process, so the list lives as long as the run.
std::vector<InputFile>& inputs() {
  static std::vector<InputFile> files;
  return files;
}

[[noreturn]] void refuse(int code, const std::string& path, const Message& message, const Message& hint = {}) {
  Diagnostic d;
  d.location = SourceLocation{path, 0, 0, 1};
  d.message = message;
  d.hint = hint;
  throw CliError(code, render(d, ui_lang()));
}

// The system's reason for a failed call, in the run's language for the common ones.
Message reason(int error) {
  switch (error) {
    case ENOENT: return msg(Cli::errno_no_entry);
    case EACCES:
    case EPERM: return msg(Cli::errno_denied);
    case ENOSPC: return msg(Cli::errno_no_space);
    case EDQUOT: return msg(Cli::errno_quota);
    case EROFS: return msg(Cli::errno_read_only_fs);
    case EISDIR: return msg(Cli::errno_is_folder);
    case ENAMETOOLONG: return msg(Cli::errno_name_too_long);
    case EIO: return msg(Cli::errno_io);
    default: return Message::same(std::strerror(error));
  }
}

// Writes all of `bytes`; returns 0, or the errno of the write that failed.
int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

void to_stdout(std::string_view bytes) {
  std::fflush(stdout);
  if (const int error = write_all(STDOUT_FILENO, bytes); error != 0) {
    // The reader of a pipe has gone (`| head -1`): it has what it wanted; say nothing.
    if (error == EPIPE) throw CliError(IoFailure, "");
    Diagnostic d;
    d.message = msg(Cli::cannot_write_output, "reason"_a = reason(error));
    throw CliError(IoFailure, render(d, ui_lang()));
  }
}

// Refuses to replace `path` (which exists, as `link` describes it) when it is not an ordinary
// file this run may write and does not read.
void check_target(const std::string& path, const struct stat& link) {
  if (S_ISDIR(link.st_mode))
    refuse(IoFailure, path, msg(Cli::target_is_folder), msg(Cli::give_file_name, "path"_a = path));
  if (S_ISLNK(link.st_mode)) {
    std::error_code ec;
    const auto points_to = std::filesystem::read_symlink(path, ec);
    refuse(IoFailure, path, msg(Cli::target_is_link),
           ec ? msg(Cli::give_file_itself) : msg(Cli::give_file_itself_at, "path"_a = points_to.string()));
  }
  if (!S_ISREG(link.st_mode))
    refuse(IoFailure, path, msg(Cli::target_is_device), msg(Cli::redirect_instead, "path"_a = path));
  for (const auto& in : inputs())
    if (in.device == link.st_dev && in.inode == link.st_ino)
      refuse(InvalidInput, path,
             in.path == path ? msg(Cli::target_is_input) : msg(Cli::target_is_input_as, "input"_a = in.path),
             msg(Cli::choose_other_name));
  // Root may write anything: respect a file that nobody may write all the same.
  if ((link.st_mode & 0222) == 0 || ::access(path.c_str(), W_OK) != 0)
    refuse(IoFailure, path, msg(Cli::target_read_only), msg(Cli::make_writable));
}

// A file about to be written: checked, with the mode it will have and its temporary file.
struct PendingFile {
  std::string path;
  mode_t mode = 0;
  std::string temporary;
  int fd = -1;
};

PendingFile prepare(const std::string& path) {
  namespace fs = std::filesystem;
  PendingFile f;
  f.path = path;
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0) {
    check_target(path, link);
    f.mode = link.st_mode & 07777;  // a replaced file keeps its permissions
  } else if (errno != ENOENT) {
    refuse(IoFailure, path, msg(Cli::cannot_write_file, "reason"_a = reason(errno)));
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    f.mode = 0666 & ~mask;
  }
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  struct stat dir {};
  if (::stat(folder.c_str(), &dir) != 0 || !S_ISDIR(dir.st_mode))
    refuse(IoFailure, path, msg(Cli::folder_missing, "folder"_a = folder.string()),
           msg(Cli::create_folder, "folder"_a = folder.string()));
  f.temporary = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
  f.fd = ::mkstemp(f.temporary.data());
  if (f.fd < 0) refuse(IoFailure, path, msg(Cli::cannot_write_file, "reason"_a = reason(errno)));
  return f;
}

// Gives the temporary file its mode, syncs it and renames it over the target; on any failure
// (`error` already set, or one here) removes it and refuses with the reason.
void commit(PendingFile& f, int error) {
  if (error == 0 && ::fchmod(f.fd, f.mode) != 0) error = errno;
  if (error == 0 && ::fsync(f.fd) != 0) error = errno;
  if (::close(f.fd) != 0 && error == 0) error = errno;
  f.fd = -1;
  if (error == 0 && ::rename(f.temporary.c_str(), f.path.c_str()) != 0) error = errno;
  if (error != 0) {
    ::unlink(f.temporary.c_str());
    refuse(IoFailure, f.path, msg(Cli::cannot_write_file, "reason"_a = reason(error)));
  }
}

}  // namespace

void note_input(const std::string& path) {
  struct stat s {};
  if (::stat(path.c_str(), &s) == 0) inputs().push_back({s.st_dev, s.st_ino, path});
}

void emit(std::string_view bytes, const OutputOptions& options) {
  const bool bom = options.format == report::Format::Csv && options.with_bom();
  std::string with_mark;
  if (bom) {
    with_mark = std::string(report::kUtf8Bom) + std::string(bytes);
    bytes = with_mark;
  }
  if (options.path.empty()) {
    to_stdout(bytes);
    return;
  }
  PendingFile f = prepare(options.path);  // refuses an input of the run, a folder, a link...
  if (!options.unwritten_extension.empty()) {  // an existing file under an extension we do not write
    ::close(f.fd);
    ::unlink(f.temporary.c_str());
    refuse_extension(options);
  }
  commit(f, write_all(f.fd, bytes));
}

void write_output_file(const std::string& path, const std::function<bool(const std::string& temp_path)>& write) {
  PendingFile f = prepare(path);
  bool ok = false;
  try {
    ok = write(f.temporary);
  } catch (...) {
    ::close(f.fd);
    ::unlink(f.temporary.c_str());
    throw;
  }
  if (!ok) {
    ::close(f.fd);
    ::unlink(f.temporary.c_str());
    refuse(IoFailure, path, msg(Cli::write_failed));
  }
  // The writer wrote through a handle of its own to the same file: its mode, sync and rename
  // go through commit() as emit()'s do.
  commit(f, 0);
}

}  // namespace appraise::cli
