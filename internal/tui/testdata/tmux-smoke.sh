#!/usr/bin/env bash
# Scripted run of `greenhouse dashboard` in a real terminal (tmux): builds the
# binary, loads the demo garden into a temporary SQLite database, serves it,
# runs the dashboard at 80×24, sends 3, 2, ?, tab and q and checks the screen. Then a
# run with a bad token must end with exit code 1 and a clear message.
#
#   internal/tui/testdata/tmux-smoke.sh        (from anywhere in the module)
#
# Everything it starts is stopped on exit.
set -euo pipefail

cd "$(dirname "$0")/../../.."
BIN=${BIN:-/tmp/gh}
DATA=${DATA:-/tmp/ghd}
ADDR=${ADDR:-127.0.0.1:18080}
SESSION=gh-smoke-$$
SOCK=gh-smoke-$$ # a tmux server of our own, kept alive by a keeper session
OUT=$(mktemp -d)
SERVER=

t() { tmux -L "$SOCK" "$@"; }

cleanup() {
	t kill-server 2>/dev/null || true
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$SOCK"
	if [ -n "$SERVER" ]; then
		kill "$SERVER" 2>/dev/null || true
		wait "$SERVER" 2>/dev/null || true
	fi
	rm -rf "$OUT"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	echo "--- screen ---" >&2
	t capture-pane -p -t "$SESSION" >&2 2>/dev/null || true
	echo "--- server log ---" >&2
	tail -n 20 "$OUT/serve.log" >&2 || true
	exit 1
}

screen() { t capture-pane -p -t "$SESSION"; }

# wait_for TEXT...: until the screen shows every TEXT (10 s).
wait_for() {
	for _ in $(seq 100); do
		local s ok=1
		s=$(screen 2>/dev/null || true)
		for want in "$@"; do
			grep -qF -- "$want" <<<"$s" || ok=0
		done
		[ $ok = 1 ] && return 0
		sleep 0.1
	done
	fail "screen never showed: $*"
}

command -v tmux >/dev/null || { echo "tmux is missing: apt-get update && apt-get install -y tmux" >&2; exit 2; }

go build -o "$BIN" ./cmd/greenhouse
t new-session -d -s keeper "sleep 3600"
rm -rf "$DATA"
"$BIN" --data-dir "$DATA" demo >/dev/null
"$BIN" --data-dir "$DATA" serve --addr "$ADDR" >"$OUT/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do
	curl -fsS "http://$ADDR/healthz" >/dev/null 2>&1 && break
	kill -0 "$SERVER" 2>/dev/null || fail "serve exited"
	sleep 0.1
done
curl -fsS "http://$ADDR/healthz" >/dev/null || fail "server not healthy"
TOKEN=$("$BIN" --data-dir "$DATA" token issue)

# 1. The dashboard against the live server.
t new-session -d -s "$SESSION" -x 80 -y 24 \
	"GREENHOUSE_DASHBOARD_TOKEN=$TOKEN $BIN dashboard --server http://$ADDR; echo EXIT=\$?; sleep 60"
wait_for "greenhouse http://$ADDR" "Live visitors" "Requests" "Top projects" "Weather" "Entry points" "? keys"
t send-keys -t "$SESSION" 3
wait_for "range 30d"
t send-keys -t "$SESSION" 2
wait_for "range 7d"
t send-keys -t "$SESSION" '?'
wait_for "previous panel" "30d" "90d" "quit"
screen >"$OUT/help.txt"
t send-keys -t "$SESSION" '?'
t send-keys -t "$SESSION" Tab
wait_for "┏━ Requests"
t send-keys -t "$SESSION" q
wait_for "EXIT=0"
t kill-session -t "$SESSION" 2>/dev/null || true
echo "ok: dashboard drew its panels, took 3, 2, ?, tab and q, exited 0"
sed 's/^/  | /' "$OUT/help.txt"

# 2. A rejected token ends it with exit code 1 and a clear message.
t new-session -d -s "$SESSION" -x 80 -y 24 \
	"$BIN dashboard --server http://$ADDR --token not-a-token; echo EXIT=\$?; sleep 60"
wait_for "rejected the token" "EXIT=1"
echo "ok: a rejected token exits 1 with: $(screen | grep -m1 -o 'error: .*rejected the token' || true)"
t kill-session -t "$SESSION" 2>/dev/null || true

# 3. No --server: the server of server.addr, with a token signed on the spot
#    from the data dir's secret key.
t new-session -d -s "$SESSION" -x 80 -y 24 \
	"GREENHOUSE_SERVER_ADDR=$ADDR $BIN --data-dir $DATA dashboard; echo EXIT=\$?; sleep 60"
wait_for "greenhouse http://$ADDR" "Top projects" "Weather"
t send-keys -t "$SESSION" q
wait_for "EXIT=0"
t kill-session -t "$SESSION" 2>/dev/null || true
echo "ok: local token issued, dashboard drawn, exited 0"

# 4. Colours by default, none under NO_COLOR (tmux -e keeps the SGR codes).
for mode in colour NO_COLOR; do
	envs="TERM=xterm-256color"
	[ $mode = NO_COLOR ] && envs="$envs NO_COLOR=1"
	t new-session -d -s "$SESSION" -x 120 -y 40 \
		"env $envs GREENHOUSE_DASHBOARD_TOKEN=$TOKEN $BIN dashboard --server http://$ADDR; sleep 60"
	wait_for "Top projects" "Entry points"
	sleep 0.5
	codes=$(t capture-pane -e -p -t "$SESSION" | grep -c $'\e\[[0-9;]*3[0-9;]*m' || true)
	t send-keys -t "$SESSION" q
	t kill-session -t "$SESSION" 2>/dev/null || true
	if [ $mode = NO_COLOR ] && [ "$codes" != 0 ]; then fail "NO_COLOR: $codes coloured lines"; fi
	if [ $mode = colour ] && [ "$codes" = 0 ]; then fail "no colour without NO_COLOR"; fi
	echo "ok: $mode: $codes coloured lines"
done
echo PASS
