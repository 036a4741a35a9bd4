#!/usr/bin/env bash
# Regenerates packaging/baas-agent.order, the symbol ordering file the release baas-agent is linked
# with (Package.swift): the functions a running agent executes — enrollment, the controller
# session, supervising 4 nodes, metrics every 10 s — in their link order. lld places them first in
# .text, so the pages an idle agent keeps resident are mostly code it runs instead of 64 KiB
# fault-around windows scattered over 10 MB of text (docs/benchmarks.md, "Agent footprint").
#
# Run it after large agent changes (stale names are skipped by the linker, the layout just gets
# less compact). Needs valgrind. Takes about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v valgrind >/dev/null || { echo "agent-symbol-order: install valgrind first (apt-get install valgrind)" >&2; exit 1; }
swift build -c release --static-swift-stdlib --product baas-agent
swift build -c release --static-swift-stdlib --product baas-bench

work=$(mktemp -d)
bench=
cleanup() {
  [ -n "$bench" ] && kill "$bench" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp .build/release/baas-bench "$work/"
cp .build/release/baas-agent "$work/baas-agent.real"
# baas-bench starts the agent next to itself: this wrapper runs `baas-agent run` under callgrind.
cat > "$work/baas-agent" <<'EOF'
#!/usr/bin/env bash
here=$(dirname "$0")
[ "${1:-}" = run ] || exec "$here/baas-agent.real" "$@"
exec valgrind --tool=callgrind --demangle=no --callgrind-out-file="$here/callgrind.out" \
  "$here/baas-agent.real" "$@" 2>"$here/valgrind.log"
EOF
chmod +x "$work/baas-agent"

"$work/baas-bench" agent --idle 120 >"$work/bench.log" 2>&1 &
bench=$!
for _ in $(seq 1 120); do
  pid=$(pgrep -f "$work/baas-agent.real run" | head -1 || true)
  [ -n "$pid" ] && break
  sleep 1
done
[ -n "$pid" ] || { echo "agent-symbol-order: the agent did not start; see $work/bench.log" >&2; cat "$work/bench.log" >&2; exit 1; }
sleep 60   # start, enrollment with the controller, 4 nodes, several metrics rounds
callgrind_control -d "$pid" >/dev/null 2>&1
sleep 2
# Stop the agent and the nodes it started (they outlive it by design); the bench then cleans up.
nodes=$(ps -o pid= --ppid "$pid" || true)
kill -KILL "$pid" $nodes 2>/dev/null || true
wait "$bench" || true
bench=

# Executed functions (callgrind's "fn=" names, recursion suffixes dropped) that are text symbols of
# the agent, in the order of their addresses in the current binary.
python3 - "$work" <<'EOF' > packaging/baas-agent.order
import re, subprocess, sys, glob
work = sys.argv[1]
executed = set()
for path in glob.glob(work + "/callgrind.out*"):
    for line in open(path, errors="replace"):
        if line.startswith(("fn=", "cfn=")):
            name = re.sub(r"^c?fn=(\(\d+\))? ?", "", line.strip())
            if name:
                executed.add(re.sub(r"'\d+$", "", name))
symbols = []
for line in subprocess.run(["nm", "--defined-only", work + "/baas-agent.real"], capture_output=True, text=True).stdout.splitlines():
    parts = line.split(" ", 2)
    if len(parts) == 3 and parts[1] in "tTwW" and parts[2] in executed:
        symbols.append((int(parts[0], 16), parts[2]))
if len(symbols) < 500:
    sys.exit(f"agent-symbol-order: only {len(symbols)} functions recorded; see {work}/valgrind.log")
print("\n".join(name for _, name in sorted(set(symbols))))
EOF
echo "packaging/baas-agent.order: $(wc -l < packaging/baas-agent.order) functions"
# The order file is not a build input SwiftPM tracks: relink the agent with it.
rm -f .build/release/baas-agent
swift build -c release --static-swift-stdlib --product baas-agent
