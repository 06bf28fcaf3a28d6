"""What the output-file tests share: running appraise, and collecting failures to report at
the end (every failure, not only the first)."""
import subprocess
import sys

failures = []


def fail(what):
    failures.append(what)


def run_appraise(appraise, args):
    """appraise's stdout; exits the test when appraise did not compute (exit code other than 0 or 1)."""
    r = subprocess.run([appraise, *args], capture_output=True)
    if r.returncode not in (0, 1):
        sys.exit(f"appraise {' '.join(args)} exited {r.returncode}: {r.stderr.decode()}")
    return r.stdout


def finish(summary):
    """Prints the failures and the summary line; the exit code says whether any failed."""
    for f in failures[:60]:
        print("FAILED:", f)
    print(f"{summary}; {len(failures)} failures")
    sys.exit(1 if failures else 0)
