"""The Redis key the worker's periodic heartbeat task stamps and /health/ready reads."""

HEARTBEAT_KEY = "volumap:worker:heartbeat"
