#!/usr/bin/env bash
# Runs the API (with the PWA), a Celery worker and the scheduler in the foreground; Ctrl-C stops all three.
# Each runs under a supervisor (below): when one exits, this says which and starts it again, waiting longer
# after each quick failure (1 s, doubling, at most 30 s); the others keep running.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PORT:-8000}
WEB_CONCURRENCY=${WEB_CONCURRENCY:-1}
STATE_DIR=${STATE_DIR:-.state}
export VOLUMAP_DATABASE_URL=${VOLUMAP_DATABASE_URL:-postgresql+asyncpg://postgres@127.0.0.1:5432/volumap}
export VOLUMAP_PUBLIC_BASE_URL=${VOLUMAP_PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}

mkdir -p "$STATE_DIR"
# Web Push needs a VAPID key pair; without one configured, the first run makes one and later runs keep it
# (subscriptions are bound to it).
if [ -z "${VOLUMAP_VAPID_PRIVATE_KEY:-}${VOLUMAP_VAPID_PRIVATE_KEY_FILE:-}" ]; then
  [ -f "$STATE_DIR/vapid.pem" ] || $BIN/volumap vapid generate "$STATE_DIR/vapid.pem" >/dev/null
  export VOLUMAP_VAPID_PRIVATE_KEY_FILE="$(cd "$STATE_DIR" && pwd)/vapid.pem"
fi
# Without a real push service in reach, a local one receives the demo devices' notifications.
LOCAL_PUSH=${LOCAL_PUSH:-1}
PUSH_PORT=${PUSH_PORT:-8070}
if [ "$LOCAL_PUSH" = 1 ]; then
  export VOLUMAP_PUSH_INSECURE_HOSTS=${VOLUMAP_PUSH_INSECURE_HOSTS:-127.0.0.1}
fi
pids=()
stop() {
  trap - INT TERM EXIT
  echo "stopping VoluMap…"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

# supervise NAME COMMAND…: runs the command in the background and starts it again whenever it exits, until
# this script stops (then it passes SIGTERM on and waits for it). A run of 60 s or more counts as healthy and
# resets the wait before the next start.
supervise() {
  local name=$1
  shift
  (
    child=
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' INT TERM
    delay=1
    while true; do
      started=$SECONDS
      "$@" &
      child=$!
      echo "volumap: $name started (pid $child)"
      status=0
      wait "$child" || status=$?
      if (( SECONDS - started >= 60 )); then delay=1; fi
      echo "volumap: $name exited with status $status; starting it again in ${delay} s" >&2
      sleep "$delay"
      delay=$(( delay * 2 > 30 ? 30 : delay * 2 ))
    done
  ) &
  pids+=($!)
}

# --no-proxy-headers: X-Forwarded-For counts only from VOLUMAP_TRUSTED_PROXIES (docs/security.md).
supervise api $BIN/uvicorn api.asgi:create_app --factory --host 127.0.0.1 --port "$PORT" \
  --workers "$WEB_CONCURRENCY" --no-access-log --no-proxy-headers
if [ -z "${VOLUMAP_SMTP_HOST:-}" ]; then
  # No mail server configured: a local sink prints every e-mail (verification links included) here.
  $BIN/python -m aiosmtpd -n -l 127.0.0.1:${VOLUMAP_SMTP_PORT:-1025} -c aiosmtpd.handlers.Debugging stdout \
    & pids+=($!)
fi
if [ "$LOCAL_PUSH" = 1 ]; then
  $BIN/python -m devtools push-service --port "$PUSH_PORT" >/dev/null & pids+=($!)
  for _ in $(seq 1 50); do
    curl -fsS "http://127.0.0.1:$PUSH_PORT/_control/stats" >/dev/null 2>&1 && break
    sleep 0.2
  done
  demo_devices=$($BIN/python -m devtools seed-push --push-service "http://127.0.0.1:$PUSH_PORT")
fi
supervise worker $BIN/celery -A workers.celery_app worker --loglevel=INFO --concurrency=2 -n "volumap@%h"
supervise scheduler $BIN/celery -A workers.celery_app beat --loglevel=INFO --schedule "$STATE_DIR/celerybeat-schedule"

for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$PORT/health/live" >/dev/null 2>&1 && break
  sleep 0.2
done
cat <<MSG

  VoluMap is running.
    App (PWA):     http://127.0.0.1:$PORT/
    API docs:      http://127.0.0.1:$PORT/schema
    Health:        http://127.0.0.1:$PORT/health/ready
  E-mails (sign-up links and others) are printed in this terminal unless VOLUMAP_SMTP_HOST is set.
  Ctrl-C stops the API, the worker and the scheduler; any of them that exits on its own is started again.

MSG
if [ "$LOCAL_PUSH" = 1 ]; then
  cat <<MSG
  Push notifications go to a local push service (http://127.0.0.1:$PUSH_PORT; LOCAL_PUSH=0 turns it off).
  Approve an offer as the demo moderator, or accept the demo resident's application, and look here:
$demo_devices

MSG
fi
wait
