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
wait -n "${pids[@]}"
