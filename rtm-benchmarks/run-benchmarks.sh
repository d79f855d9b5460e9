#!/usr/bin/env bash
# Runs every benchmark and harness with the settings BENCHMARKS.md reports, one after the other, and keeps each
# output under results/ (JMH also writes JSON). Build first:
#   cd .. && mvn -B -q -pl rtm-benchmarks -am package -DskipTests
# Usage: ./run-benchmarks.sh [name ...]   (names: machine codec validation dispatch pipeline tracing e2e
#        e2e-interleaved e2e-completion transports transports-interleaved transports-interleaved-fjp2 quota
#        quota-latency quota-latency-baseline fleet fleet-allowances fleet-local memory startup startup-breakdown
#        startup-jmh); no name = all.
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
main() { # name, then [JVM options] class and arguments
  local name=$1; shift
  echo "== $name: java -Xms1g -Xmx1g -cp $JAR $*" | tee "$OUT/$name.txt"
  local opts=()
  while [[ $1 == -* ]]; do opts+=("$1"); shift; done
  java -Xms1g -Xmx1g "${opts[@]}" -cp "$JAR" "$@" 2>&1 | tee -a "$OUT/$name.txt"
}

run() {
  case $1 in
    machine) { nproc; java -version 2>&1; uptime; } | tee "$OUT/machine.txt" ;;
    codec) jmh codec CodecBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s -prof gc ;;
    validation) jmh validation ValidationBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s -prof gc ;;
    dispatch) jmh dispatch DispatchBenchmark -f 1 -wi 3 -w 2s -i 5 -r 3s -prof gc ;;
    pipeline) jmh pipeline PipelineCostsBenchmark -f 1 -wi 3 -w 1s -i 5 -r 2s -prof gc ;;
    tracing) jmh tracing TracingBenchmark -f 1 -wi 3 -w 2s -i 5 -r 3s -prof gc ;;
    e2e) jmh e2e EndToEndBenchmark -f 1 -wi 5 -w 3s -i 8 -r 3s -prof "$CPU_PROF" -prof gc ;;
    e2e-interleaved) main e2e-interleaved io.rtm.benchmarks.EndToEndRun --rounds 12 --seconds 3 --warmup 12 ;;
    e2e-completion) main e2e-completion io.rtm.benchmarks.EndToEndRun --sides raw,sdk,sdk-direct --rounds 8 --seconds 3 --warmup 12 ;;
    transports) jmh transports TransportsBenchmark -f 1 -wi 4 -w 2s -i 5 -r 3s -prof "$CPU_PROF" ;;
    transports-interleaved) main transports-interleaved io.rtm.benchmarks.EndToEndRun --sides raw,sdk,jdk-raw,jdk-sdk --rounds 4 --seconds 3 --warmup 8 ;;
    transports-interleaved-fjp2) main transports-interleaved-fjp2 -Djava.util.concurrent.ForkJoinPool.common.parallelism=2 io.rtm.benchmarks.EndToEndRun --sides raw,sdk,jdk-raw,jdk-sdk --rounds 4 --seconds 3 --warmup 8 ;;
    quota) main quota io.rtm.benchmarks.QuotaRun --seconds 20 ;;
    quota-latency) main quota-latency io.rtm.benchmarks.QuotaRun --seconds 30 --latency 0,100,500,1000 ;;
    quota-latency-baseline) main quota-latency-baseline io.rtm.benchmarks.QuotaRun --seconds 30 --latency 500,1000 --in-flight 64 --spread unbounded ;;
    fleet) main fleet io.rtm.benchmarks.FleetRun --processes 1,2,4,8 --seconds 20 --latency 50 ;;
    fleet-allowances) main fleet-allowances io.rtm.benchmarks.FleetRun --processes 4,8 --seconds 20 --latency 50 --round-trip-timeout-ms 1000 --max-lateness-ms 10 ;;
    fleet-local) main fleet-local io.rtm.benchmarks.FleetRun --processes 1,4 --seconds 20 --latency 50 --local ;;
    memory) echo "== memory: java -Xmx256m -cp $JAR io.rtm.benchmarks.MemoryRun --recipients 1000000 --rate 20000" | tee "$OUT/memory.txt"
            java -Xmx256m -cp "$JAR" io.rtm.benchmarks.MemoryRun --recipients 1000000 --rate 20000 2>&1 | tee -a "$OUT/memory.txt" ;;
    startup) main startup io.rtm.benchmarks.StartupRun --runs 12 ;;
    startup-breakdown)
      { echo "== startup-breakdown: java -cp $JAR io.rtm.benchmarks.StartupProbe breakdown (3 fresh JVMs), then classes loaded (-Xlog:class+load)"
        for i in 1 2 3; do java -cp "$JAR" io.rtm.benchmarks.StartupProbe breakdown; done
        for k in raw sdk; do
          java -Xlog:class+load:file=/tmp/rtm-classes-$k.txt -cp "$JAR" io.rtm.benchmarks.StartupProbe $k > /dev/null
          echo "classes loaded, $k: $(grep -c 'source:' /tmp/rtm-classes-$k.txt)"
        done
        echo "packages with the most extra classes, sdk vs raw:"
        for k in raw sdk; do
          grep 'source:' /tmp/rtm-classes-$k.txt | awk '{print $2}' | sed -E 's/\.[A-Za-z0-9_$]+$//' \
            | sed -E 's/^((com|org|io|java|javax|jdk|sun)\.[a-z0-9_]+(\.[a-z0-9_]+)?).*/\1/' | sort | uniq -c > /tmp/rtm-packages-$k.txt
        done
        join -1 2 -2 2 -a 2 -e 0 -o 0,1.1,2.1 <(sort -k2 /tmp/rtm-packages-raw.txt) <(sort -k2 /tmp/rtm-packages-sdk.txt) \
          | awk '{d=$3-$2; if (d>8) print "  +" d, $1}' | sort -t+ -k2 -rn
      } 2>&1 | tee "$OUT/startup-breakdown.txt" ;;
    startup-jmh) jmh startup-jmh StartupBenchmark -f 20 ;;
    *) echo "unknown: $1" >&2; exit 2 ;;
  esac
}

if [ $# -eq 0 ]; then
  set -- machine codec validation dispatch pipeline tracing e2e e2e-interleaved e2e-completion transports transports-interleaved transports-interleaved-fjp2 quota quota-latency quota-latency-baseline fleet fleet-allowances fleet-local memory startup startup-breakdown startup-jmh
fi
for b in "$@"; do run "$b"; done
