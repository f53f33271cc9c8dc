#!/bin/bash
# Samples the checkout app that the load simulation starts, from its first second until it exits,
# into a TSV (default target/app-samples.tsv): every 30 s its RSS, threads and file descriptors,
# read from /proc; every 10 minutes a forced full GC, then the old generation, which after a full
# GC is the live set. Only those 10-minute samples start a JVM tool (jcmd, jstat): each costs
# about half a second of CPU, which on two cores shows in the p99 of the phase it falls into, so
# the first one waits 12 minutes, until the first phases are over (warm-up, baselines and attacks:
# 11 minutes with 60-second phases).
# Start it beside the simulation:
#   sample-load-test/sample-app.sh & ./mvnw -B -Pload -pl sample-load-test -am -DskipTests verify ...
set -euo pipefail
out=${1:-$(dirname "$0")/target/app-samples.tsv}
mkdir -p "$(dirname "$out")"
pid=""
while [ -z "$pid" ]; do
  pid=$(pgrep -f 'java -Xmx1g -jar .*sample-business-app-.*\.jar' | head -1 || true)
  sleep 1
done
echo -e "time\tload1\trss_kib\told_after_full_gc_kib\tthreads\tfds" > "$out"
n=0
while kill -0 "$pid" 2>/dev/null; do
  old=""
  if [ $n -ge 24 ] && [ $(((n - 24) % 20)) -eq 0 ]; then
    jcmd "$pid" GC.run > /dev/null 2>&1 || break
    old=$(jstat -gc "$pid" 2>/dev/null | awk 'NR==2{printf "%d", $8}') || break
  fi
  rss=$(awk '/VmRSS/{print $2}' "/proc/$pid/status" 2>/dev/null) || break
  threads=$(ls "/proc/$pid/task" 2>/dev/null | wc -l)
  fds=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
  echo -e "$(date -u +%H:%M:%S)\t$(cut -d' ' -f1 /proc/loadavg)\t$rss\t$old\t$threads\t$fds" >> "$out"
  n=$((n + 1))
  sleep 30
done
