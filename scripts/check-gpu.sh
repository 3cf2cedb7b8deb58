#!/usr/bin/env bash
# Checks a GPU node end to end: the driver lists GPUs, the node found CUDA natives and lists cuda devices, and one
# small job trains on cuda to the end. Run it against a running node:
#   KEY=tsk_... scripts/check-gpu.sh [http://localhost:8080] [node-id]
# Exits non-zero at the first check that fails, saying which. Needs curl and jq.
set -euo pipefail

BASE=${1:-http://localhost:8080}
NODE=${2:-}
: "${KEY:?set KEY to an API key (README: A walk-through with curl)}"
api() { curl -sS -H "Authorization: Bearer $KEY" "$@"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== driver"
ls /proc/driver/nvidia/gpus >/dev/null 2>&1 || fail "no /proc/driver/nvidia/gpus here: no NVIDIA driver on this machine"
ls /proc/driver/nvidia/gpus

echo "== node"
nodes=$(api "$BASE/api/v1/nodes")
if [ -n "$NODE" ]; then
  node=$(jq -c --arg n "$NODE" '.[] | select(.nodeId == $n)' <<<"$nodes")
else
  node=$(jq -c 'first(.[] | select(.gpus | length > 0)) // .[0]' <<<"$nodes")
fi
[ -n "$node" ] && [ "$node" != null ] || fail "node ${NODE:-with GPUs} not in GET /api/v1/nodes: $nodes"
jq . <<<"$node"
[ "$(jq '.gpus | length' <<<"$node")" -gt 0 ] || fail "the node's driver lists no GPU (gpus is empty)"
jq -e '.flavor | startswith("cu")' <<<"$node" >/dev/null \
  || fail "the node uses $(jq -r .natives <<<"$node"), flavour $(jq -r .flavor <<<"$node"): not CUDA natives"
jq -e '.devices | index("cuda:0")' <<<"$node" >/dev/null || fail "the node lists no cuda device"

echo "== one small job on cuda"
job=$(api -X POST "$BASE/api/v1/jobs" -H 'Content-Type: application/json' -d '{
  "name": "check-gpu", "dataset": {"builtin": "moons", "samples": 500},
  "model": {"hidden": [32]}, "training": {"epochs": 5, "device": "cuda", "seed": 1}}')
id=$(jq -r '.id // empty' <<<"$job")
[ -n "$id" ] || fail "submission refused: $job"
for _ in $(seq 1 300); do
  status=$(api "$BASE/api/v1/jobs/$id" | jq -r .status)
  case "$status" in
    SUCCEEDED) break ;;
    FAILED|CANCELLED) fail "job $id $status: $(api "$BASE/api/v1/jobs/$id" | jq -r .statusMessage)" ;;
  esac
  sleep 1
done
[ "$status" = SUCCEEDED ] || fail "job $id still $status after 300 s"
api "$BASE/api/v1/jobs/$id" | jq -c '{id, status, node, device: .spec.training.device}'
echo "OK: natives $(jq -r .natives <<<"$node"), GPUs $(jq -c .gpus <<<"$node"), job $id trained on cuda"
