#!/usr/bin/env bash
# Runs every benchmark and harness with the settings BENCHMARKS.md reports, one after the other, and keeps each
# output under results/ (JMH also writes JSON). Build first:
#   cd .. && mvn -B -q -pl rtm-benchmarks -am install
# Usage: ./run-benchmarks.sh [name ...]   (names: codec validation dispatch pipeline proposed e2e e2e-interleaved
#        transports transports-interleaved quota startup startup-jmh machine); no name = all.
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/benchmarks.jar
OUT=results
mkdir -p "$OUT"
CPU_PROF=io.rtm.benchmarks.ClientCpuProfiler

jmh() { # name, then JMH arguments
  local name=$1; shift
  echo "== $name: java -jar $JAR $*" | tee "$OUT/$name.txt"
  java -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" 2>&1 | tee -a "$OUT/$name.txt"
}
main() { # name, then class and arguments
  local name=$1; shift
  echo "== $name: java -Xms1g -Xmx1g -cp $JAR $*" | tee "$OUT/$name.txt"
  java -Xms1g -Xmx1g -cp "$JAR" "$@" 2>&1 | tee -a "$OUT/$name.txt"
}

run() {
  case $1 in
    machine) { nproc; java -version 2>&1; uptime; } | tee "$OUT/machine.txt" ;;
    codec) jmh codec CodecBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s -prof gc ;;
    validation) jmh validation ValidationBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s -prof gc ;;
    dispatch) jmh dispatch DispatchBenchmark -f 1 -wi 3 -w 2s -i 5 -r 3s -prof gc ;;
    pipeline) jmh pipeline PipelineCostsBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s -prof gc ;;
    proposed) jmh proposed ProposedFixesBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s -prof gc ;;
    e2e) jmh e2e EndToEndBenchmark -f 1 -wi 5 -w 3s -i 8 -r 3s -prof "$CPU_PROF" -prof gc ;;
    e2e-interleaved) main e2e-interleaved io.rtm.benchmarks.EndToEndRun --rounds 8 --seconds 3 --warmup 12 ;;
    transports) jmh transports TransportsBenchmark -f 1 -wi 4 -w 2s -i 5 -r 3s -prof "$CPU_PROF" ;;
    transports-interleaved) main transports-interleaved io.rtm.benchmarks.EndToEndRun --sides raw,sdk,jdk-raw,jdk-sdk --rounds 4 --seconds 3 --warmup 8 ;;
    quota) main quota io.rtm.benchmarks.QuotaRun --seconds 20 ;;
    startup) main startup io.rtm.benchmarks.StartupRun --runs 12 ;;
    startup-jmh) jmh startup-jmh StartupBenchmark -f 20 ;;
    *) echo "unknown: $1" >&2; exit 2 ;;
  esac
}

if [ $# -eq 0 ]; then
  set -- machine codec validation dispatch pipeline proposed e2e e2e-interleaved transports transports-interleaved quota startup startup-jmh
fi
for b in "$@"; do run "$b"; done
