#!/bin/sh
# run.sh: the bot server's scenario with healthlite as the sidecar.
#
# Starts "healthlite serve" with the bot's flags (false until the bot says
# otherwise), a push heartbeat, a settable "trading" status and a check on the
# bot's heartbeat file, then starts bot.py. Ctrl-C or SIGTERM stops the bot
# first (it turns bot_ready false) and healthlite after it.
#
#   ./run.sh                       # healthlite from PATH, ports 8080-8084
#   HEALTHLITE=../../../healthlite HEALTH_SERVER_PORTS=0 ./run.sh --interval 1
#
# Arguments go to bot.py. Environment: HEALTHLITE (binary, default
# "healthlite"), HEALTH_SERVER_PORTS (default 8080-8084), PUSH (push API
# address, default 127.0.0.1:9901), STATE_DIR (port file, health file and
# heartbeat file; default /tmp/healthlite-python-bot).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
healthlite=${HEALTHLITE:-healthlite}
ports=${HEALTH_SERVER_PORTS:-8080-8084}
push=${PUSH:-127.0.0.1:9901}
state=${STATE_DIR:-/tmp/healthlite-python-bot}
mkdir -p "$state"
beat="$state/bot.heartbeat"

"$healthlite" serve \
	--service trading-bot \
	--ports "$ports" \
	--port-file "$state/port" \
	--push "$push" \
	--flag bot_ready=false \
	--flag trading_bot_initialized=false \
	--heartbeat bot,ttl=30s \
	--status trading \
	--check "heartbeat_file=file:$beat,ttl=30s" \
	--health-file "$state/bot_healthy" &
hl=$!

python3 "$here/bot.py" --push "$push" --heartbeat-file "$beat" --status trading "$@" &
bot=$!

stop() {
	trap - INT TERM EXIT
	kill -TERM "$bot" 2>/dev/null || true
	wait "$bot" 2>/dev/null || true
	kill -TERM "$hl" 2>/dev/null || true
	wait "$hl" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT
wait "$bot"
