#!/usr/bin/env bash
# The whole story on this machine: a controller and a local agent in a fresh state folder, a
# 4-node network deployed through the REST API, sample transactions submitted through the
# platform, then the URLs and credentials. Runs until Ctrl-C, which stops everything it started
# (the nodes included). Set DEMO_DIR to keep the state somewhere else than a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(swift build ${BUILD_FLAGS:-} --show-bin-path)"
dir="${DEMO_DIR:-$(mktemp -d /tmp/baas-demo.XXXXXX)}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd -P)"
pids=()

cleanup() {
  trap - INT TERM EXIT
  echo
  echo "demo: stopping"
  for pid in "${pids[@]}" $(jobs -p); do kill "$pid" 2>/dev/null || true; done
  # The agent's nodes outlive it by design: stop the ones whose folder is ours.
  for proc in /proc/[0-9]*; do
    cwd="$(readlink "$proc/cwd" 2>/dev/null || true)"
    case "$cwd" in "$dir"/*) kill "${proc#/proc/}" 2>/dev/null || true ;; esac
  done
  wait 2>/dev/null || true
  echo "demo: state left in $dir"
  exit 0
}
trap cleanup INT TERM EXIT

api() { # METHOD PATH [JSON]
  local args=(-sS --fail-with-body --cacert "$dir/controller/platform-ca.pem" -X "$1" -H "Content-Type: application/json")
  [ -n "${token:-}" ] && args+=(-H "Authorization: Bearer $token")
  [ $# -ge 3 ] && args+=(--data-binary "$3")
  curl "${args[@]}" "$url$2"
}
field() { python3 -c 'import json,sys; d=json.load(sys.stdin)
for k in sys.argv[1].split("."): d=d[int(k)] if k.isdigit() else d[k]
print(d)' "$1"; }

mkdir -p "$dir/controller" "$dir/agent"
password="$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$password" > "$dir/controller/admin-password"
chmod 600 "$dir/controller/admin-password"
cat > "$dir/controller/controller.json" <<JSON
{"database": "$dir/controller/controller.sqlite", "listen": "127.0.0.1:${DEMO_API_PORT:-0}",
 "gateway_listen": "127.0.0.1:0", "admin_password_file": "$dir/controller/admin-password",
 "requests_per_second": 1000, "request_burst": 1000}
JSON
"$bin/baas-controller" serve --config "$dir/controller/controller.json" > "$dir/controller/stdout" 2> "$dir/controller/controller.log" &
pids+=($!)
for _ in $(seq 1 300); do grep -q '^api: ' "$dir/controller/stdout" 2>/dev/null && break; sleep 0.1; done
url="$(sed -n 's/^api: //p' "$dir/controller/stdout")"
[ -n "$url" ] || { echo "demo: the controller did not start; see $dir/controller/controller.log"; exit 1; }
echo "demo: controller at $url"

token="$(api POST /v1/sessions "{\"username\":\"admin\",\"password\":\"$password\"}" | field token)"
join="$(api POST /v1/hosts/join-tokens '{"labels":{"baas.address":"127.0.0.1","baas.ports":"'"${DEMO_PORTS:-26000-26999}"'"}}' | field token)"
cat > "$dir/agent/agent.json" <<JSON
{"state_directory": "$dir/agent/state", "name": "local", "metrics_interval_seconds": 5,
 "engines": [{"name": "baas-ledger", "version": "dev", "path": "$bin/baas-ledger"}]}
JSON
"$bin/baas-agent" enroll --controller "${url#https://}" --token "$join" --config "$dir/agent/agent.json" > /dev/null
"$bin/baas-agent" run --config "$dir/agent/agent.json" > "$dir/agent/agent.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do api GET /v1/hosts | grep -q '"status":"online"' && break; sleep 0.1; done
echo "demo: local agent enrolled and online"

created="$(api POST /v1/networks '{"name":"demo","crypto":"p256","nodes":[{"host":"local"},{"host":"local"},{"host":"local"},{"host":"local"}]}')"
network="$(echo "$created" | field network.id)"
job="$(echo "$created" | field job.id)"
echo "demo: deploying network $network (job $job)"
while :; do
  status="$(api GET "/v1/jobs/$job" | field status)"
  [ "$status" != running ] && break
  sleep 0.2
done
api GET "/v1/jobs/$job" | python3 -c 'import json,sys; j=json.load(sys.stdin)
for s in j["steps"]: print("demo:   %-14s %-9s %d/%d %.3fs %s" % (s["name"], s["state"], s["done"], s["total"], s.get("seconds") or 0, s["detail"]))
if j.get("error"): print("demo: failed:", j["error"]["message"])'
[ "$status" = succeeded ] || { echo "demo: deployment $status; logs in $dir"; exit 1; }

for i in 1 2 3; do
  tx="$(api POST "/v1/networks/$network/transactions" "{\"key\":\"demo-$i\",\"value\":\"hello $i\"}")"
  echo "demo: transaction $(echo "$tx" | field hash) $(echo "$tx" | field status) in block $(echo "$tx" | field height)"
done

echo "api: $url"
echo "console: $url (no web console yet: the API root serves it)"
echo "ca: $dir/controller/platform-ca.pem"
echo "login: admin $password"
echo "demo: running; Ctrl-C stops the controller, the agent and the 4 nodes"
while :; do sleep 3600 & wait $! || true; done
