#!/usr/bin/env bash
# Installs what the tests need, then runs every test: the integration suite on SQLite and again on
# a throwaway PostgreSQL cluster, and the browser tests in Debian's Chromium. Exits non-zero on any
# failure. Works on a fresh machine as root; re-running it is safe.
#
#   ./test.sh                 everything
#   ./test.sh --no-browser    skip the Chromium tests (quick local loop)
set -euo pipefail
cd "$(dirname "$0")"
root="$(pwd)"
browser=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) browser=0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

# --- what the tests need from Debian ---------------------------------------------------------
pg_bin=/usr/lib/postgresql/15/bin
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x "$pg_bin/initdb" ] || need+=(postgresql)
[ -x /usr/sbin/nginx ] || need+=(nginx-light)   # the two-instance test puts nginx in front of two FairShot processes
[ -x /usr/bin/zbarimg ] || need+=(zbar-tools)    # reads our SMART Health Card QR codes back (a decoder nobody on the team wrote)
command -v npm >/dev/null || need+=(npm)        # the record checkers (always) and the browser tests' axe-core
if [ ${#need[@]} -gt 0 ]; then
  step "Installing ${need[*]} from apt"
  if [ "$(id -u)" -ne 0 ]; then echo "run as root, or install: ${need[*]}" >&2; exit 1; fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- the independent record checkers (HL7 v2 parsers, jose, jsqr, ajv), pinned by package-lock.json
step "Installing the record checkers' npm packages"
npm ci --prefix tests/checkers --no-audit --no-fund --loglevel=error

# --- what the browser tests inject into pages (axe-core), pinned by package-lock.json -----------
if [ "$browser" -eq 1 ]; then
  step "Installing the browser tests' npm packages"
  npm ci --prefix tests/FairShot.BrowserTests --no-audit --no-fund --loglevel=error
fi

# --- a throwaway PostgreSQL cluster on loopback ----------------------------------------------
pg_dir="$(mktemp -d /tmp/fairshot-pg.XXXXXX)"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
stop_pg() {
  if [ -f "$pg_dir/data/postmaster.pid" ]; then
    as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -m fast stop" >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir"
}
trap stop_pg EXIT
step "Starting PostgreSQL on 127.0.0.1:$pg_port"
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
as_postgres "$pg_bin/initdb -D $pg_dir/data -U postgres --auth=trust -E UTF8 --locale=C.UTF-8" >/dev/null
as_postgres "$pg_bin/pg_ctl -D $pg_dir/data -l $pg_dir/log -o '-p $pg_port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$pg_dir -c max_connections=300 -c fsync=off' -w start" >/dev/null
export FAIRSHOT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Include Error Detail=true"

# --- build, format, test --------------------------------------------------------------------
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
step "Restoring and building (warnings are errors)"
dotnet build FairShot.slnx -c Release -nologo -v quiet

step "Checking formatting (dotnet format --verify-no-changes)"
dotnet format FairShot.slnx --verify-no-changes --no-restore

results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
passed_total=0; failed_total=0; status=0
run_suite() {
  local name="$1"; shift
  local log="$results/$name.log"
  step "$name"
  local code=0
  dotnet test "$@" -c Release --no-build --logger "console;verbosity=normal" --results-directory "$results/$name" >"$log" 2>&1 || code=$?
  # failures in full, then the runner's summary
  grep -E -A25 '^\s+Failed [A-Za-z]' "$log" | head -400 || true
  local p f
  p=$(sed -n -E 's/^ +Passed: +([0-9]+)$/\1/p' "$log" | tail -1)
  f=$(sed -n -E 's/^ +Failed: +([0-9]+)$/\1/p' "$log" | tail -1)
  [ -n "$p$f" ] || tail -30 "$log"
  echo "$name: ${p:-0} passed, ${f:-0} failed"
  passed_total=$((passed_total + ${p:-0})); failed_total=$((failed_total + ${f:-0}))
  if [ "$code" -ne 0 ] || [ -z "$p" ] || [ "${p:-0}" -eq 0 ]; then status=1; echo "$name: FAILED (exit $code; log $log)"; fi
}
FAIRSHOT_TEST_PROVIDER=sqlite run_suite "integration-sqlite" tests/FairShot.Tests
FAIRSHOT_TEST_PROVIDER=postgres run_suite "integration-postgres" tests/FairShot.Tests
if [ "$browser" -eq 1 ]; then
  run_suite "browser-chromium" tests/FairShot.BrowserTests
fi

elapsed=$(( $(date +%s) - started ))
if [ "$status" -ne 0 ]; then
  step "FAILED after ${elapsed}s (full logs in $results)"
  echo "$passed_total passed, $failed_total failed"
  exit 1
fi
step "All tests passed in ${elapsed}s"
echo "$passed_total passed, $failed_total failed"
