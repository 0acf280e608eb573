#!/usr/bin/env bash
# Runs the API (with the PWA), a Celery worker and the scheduler in the foreground; Ctrl-C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${PORT:-8000}
WEB_CONCURRENCY=${WEB_CONCURRENCY:-1}
export VOLUMAP_DATABASE_URL=${VOLUMAP_DATABASE_URL:-postgresql+asyncpg://postgres@127.0.0.1:5432/volumap}
export VOLUMAP_PUBLIC_BASE_URL=${VOLUMAP_PUBLIC_BASE_URL:-http://127.0.0.1:$PORT}

mkdir -p .state
# Web Push needs a VAPID key pair; without one configured, the first run makes one and later runs keep it
# (subscriptions are bound to it).
if [ -z "${VOLUMAP_VAPID_PRIVATE_KEY:-}${VOLUMAP_VAPID_PRIVATE_KEY_FILE:-}" ]; then
  [ -f .state/vapid.pem ] || $BIN/volumap vapid generate .state/vapid.pem >/dev/null
  export VOLUMAP_VAPID_PRIVATE_KEY_FILE="$PWD/.state/vapid.pem"
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

$BIN/uvicorn api.asgi:create_app --factory --host 127.0.0.1 --port "$PORT" --workers "$WEB_CONCURRENCY" \
  --no-access-log & pids+=($!)
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
$BIN/celery -A workers.celery_app worker --loglevel=INFO --concurrency=2 -n "volumap@%h" & pids+=($!)
$BIN/celery -A workers.celery_app beat --loglevel=INFO --schedule .state/celerybeat-schedule & pids+=($!)

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
  Ctrl-C stops the API, the worker and the scheduler.

MSG
if [ "$LOCAL_PUSH" = 1 ]; then
  cat <<MSG
  Push notifications go to a local push service (http://127.0.0.1:$PUSH_PORT; LOCAL_PUSH=0 turns it off).
  Approve an offer as the demo moderator, or accept the demo resident's application, and look here:
$demo_devices

MSG
fi
wait -n "${pids[@]}"
