#!/usr/bin/env bash
# The main job on the embedded default. Grows with the platform: today it shows which programs
# are built and what each can do; the full story (controller, local agent, 4-node network,
# console URL) arrives with the [deploy] issue.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$(swift build --show-bin-path)"
echo "demo: programs built in $bin"
for p in baas-controller baas-agent baas-ledger baasctl baas-bench; do
  "$bin/$p" version
done
echo "demo: the controller, agent and ledger are not yet able to deploy a network;"
echo "demo: see docs/requirements.md for what exists now."
