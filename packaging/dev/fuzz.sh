#!/usr/bin/env bash
# Builds one libFuzzer target and runs it for a bounded time.
#
#   packaging/dev/fuzz.sh <target> [seconds]      targets: frame, http      default: 60 s
#
# The target's pure sources are compiled straight into one binary with
# `swiftc -sanitize=fuzzer,address` (no SwiftPM). The corpus grows in .build-fuzz/corpus/<target>
# and is reused by the next run; a crash leaves its input in .build-fuzz/crashes/<target>.
# Prints the number of executions; exits non-zero on a crash or a build failure.
set -euo pipefail
cd "$(dirname "$0")/../.."

usage() { echo "usage: packaging/dev/fuzz.sh <frame|http> [seconds]" >&2; exit 2; }
[ $# -ge 1 ] || usage
target="$1"
seconds="${2:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

net=Common/BaaSNet
case "$target" in
  frame)
    pure=(Frame FrameDecoder ChannelMessage ChannelMessage+Wire ChannelWireReader ChannelWireWriter ChannelHello
          ChannelRole ChannelEvent ChannelConfiguration ChannelSession)
    sources=("$net/NetError.swift")
    for name in "${pure[@]}"; do sources+=("$net/Channel/$name.swift"); done
    sources+=(Tests/Fuzz/FrameDecoderFuzz.swift)
    ;;
  http)
    sources=("$net/NetError.swift" "$net"/HTTP/HTTPRequestParser.swift "$net"/HTTP/HTTPMessageParser.swift
             "$net"/HTTP/HTTPHeaders.swift "$net"/HTTP/HTTPError.swift "$net"/HTTP/HTTPRequest.swift "$net"/HTTP/HTTPResponse.swift
             Tests/Fuzz/HTTPRequestParserFuzz.swift)
    ;;
  *) usage ;;
esac
for s in "${sources[@]}"; do
  [ -f "$s" ] || { echo "fuzz: $target needs $s, which is missing" >&2; exit 1; }
done

root=.build-fuzz
corpus="$root/corpus/$target"
crashes="$root/crashes/$target"
mkdir -p "$corpus" "$crashes"
# Each run builds in its own directory, so runs of one target may overlap (they share the corpus).
build="$(mktemp -d "$root/run-$target.XXXXXX")"
trap 'rm -rf "$build"' EXIT
if [ "$target" = frame ] && [ -z "$(ls -A "$corpus")" ]; then
  # Seeds: chunk-size byte, then a hello and a request frame, so the session is reached at once.
  printf '\x03\x00\x00\x00\x0b\x01\x00\x01\x00\x02\x01\x00\x01a\x00\x00' >"$corpus/seed-hello"
  printf '\x00\x00\x00\x00\x01\x06\x00\x00\x00\x0f\x03\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01m\x00\x00\x00\x00' \
    >"$corpus/seed-heartbeat-request"
fi
if [ "$target" = http ] && [ -z "$(ls -A "$corpus")" ]; then
  printf '\x07GET /v1/hosts?limit=5 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n' >"$corpus/seed-get"
  printf '\x03POST /v1/jobs HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbodyGET / HTTP/1.0\r\n\r\n' >"$corpus/seed-post"
  printf '\x10PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n4\r\nwiki\r\n0\r\n\r\n' \
    >"$corpus/seed-chunked"
fi

# The pure sources import two sibling modules for one type each: build just those files as the
# modules BaaSCore (OperatorError) and BaaSCrypto (PeerIdentity, carried by HTTPRequest).
stub() {
  swiftc -parse-as-library -module-name "$1" -emit-module -emit-module-path "$build/$1.swiftmodule" \
    "$2" -c -o "$build/$1.o"
}
stub BaaSCore Common/BaaSCore/OperatorError.swift
stub BaaSCrypto Common/BaaSCrypto/TLS/PeerIdentity.swift
# gold prints harmless "Cannot export local symbol" warnings for the sanitizer runtime.
swiftc -sanitize=fuzzer,address -parse-as-library -module-name BaaSNet -package-name baas -I "$build" -I Common/CLinux \
  "${sources[@]}" "$build/BaaSCore.o" "$build/BaaSCrypto.o" -o "$build/fuzz-$target" 2>&1 | grep -v "Cannot export local symbol" >&2 || true
[ -x "$build/fuzz-$target" ] || { echo "fuzz: building $target failed" >&2; exit 1; }

log="$build/run.log"
set +e
"$build/fuzz-$target" "$corpus" -max_total_time="$seconds" -max_len=8192 -rss_limit_mb=2048 \
  -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1
status=$?
set -e
execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
if [ "$status" -ne 0 ]; then
  tail -40 "$log" >&2
  echo "fuzz: $target FAILED after ${execs:-?} executions (exit $status); inputs in $crashes" >&2
  exit 1
fi
echo "fuzz: $target ran ${execs:-?} executions in $seconds s with no crash (corpus: $(ls "$corpus" | wc -l) inputs in $corpus)"
