#!/usr/bin/env bash
# A throwaway MQTT broker for `make up`: mosquitto on loopback with the IoT service's own broker settings
# (its broker/mosquitto.conf: persistence, queue limits; without them mosquitto drops a burst after 1000
# queued readings), persisting to a scratch folder deleted when `make up` stops.
set -euo pipefail
port="${1:?usage: local-mosquitto.sh PORT SERVICE_DIR}"
service="${2:?usage: local-mosquitto.sh PORT SERVICE_DIR}"
data="$(mktemp -d "${TMPDIR:-/tmp}/make-up-mosquitto.XXXXXX")"
trap 'rm -rf "$data"' EXIT
{
  grep -v -e '^#' -e '^persistence_location' -e '^[[:space:]]*$' "$service/broker/mosquitto.conf" || true
  echo "persistence_location $data/"
  echo "listener $port 127.0.0.1"
  echo "allow_anonymous true"
  # Run as root, mosquitto would switch to its own user, which cannot write the scratch folder.
  echo "user $(id -un)"
} >"$data/mosquitto.conf"
mosquitto -c "$data/mosquitto.conf" &
broker=$!
trap 'kill -TERM "$broker" 2>/dev/null || true' TERM INT
wait "$broker" || wait "$broker" || true
