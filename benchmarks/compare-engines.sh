#!/usr/bin/env bash
# Compares two builds of the benchmarks jar, typically the old and the new engine, side by side.
#
# Runs the same JMH selection with the same options on both jars, one benchmark method (all its
# parameter sets) per JMH run, interleaved: old then new for the first method, new then old for
# the second, and so on, so that a drift in the machine's load does not favour one side. Records
# `uptime` before and after every run, and writes a markdown table of old against new. The
# default selection with the benchmarks' own settings takes about 25 minutes.
#
# Usage:
#   benchmarks/compare-engines.sh --old OLD.jar --new NEW.jar [options] [-- JMH options]
#
# Options:
#   --old JAR           the benchmarks jar of the old build (required)
#   --new JAR           the benchmarks jar of the new build (required)
#   --old-label TEXT    the old column's heading (default: old)
#   --new-label TEXT    the new column's heading (default: new)
#   --include REGEX     a JMH include pattern; repeatable; replaces the default selection
#   --out DIR           where the results go (default: benchmarks/target/compare-engines-<UTC time>)
#   -- JMH options      passed to both jars unchanged, e.g. -- -f 1 -wi 2 -i 3
#                       (default: none, so each benchmark's own annotations apply)
#
# The default selection is issue 16's: the JSON call, noop, a fresh (pristine) instance per call,
# load, fib and sha256 with fuel (wasmbox meters every call), each with its raw-engine baseline.
# Benchmark methods are matched across the jars by name, with "Chicory" in an old name read as
# "Endive" (the raw baselines were renamed with the engine); a row only one jar has shows a dash
# on the other side.
#
# Output in DIR: compare.md (the table), uptime.log (load before and after each run), and per run
# a JMH JSON result (old-N.json, new-N.json) and its console log (old-N.log, new-N.log).
#
# Building the two jars (offline, from the repository root; the old one in a throwaway worktree):
#   git worktree add --detach /tmp/bench-old <old commit>
#   (cd /tmp/bench-old && ./mvnw -o -q -pl benchmarks -am -DskipTests package)
#   ./mvnw -o -q -pl benchmarks -am -DskipTests package
#   benchmarks/compare-engines.sh --old /tmp/bench-old/benchmarks/target/benchmarks.jar \
#       --new benchmarks/target/benchmarks.jar --old-label 'Chicory 1.7.5' --new-label 'Endive 1.0.0'
#   git worktree remove /tmp/bench-old
#
# Requires java (the JVM that runs both jars; JAVA overrides it) and python3. Run it on a quiet
# machine: the load columns show how quiet it was.
set -euo pipefail

java_cmd=${JAVA:-java}
old_jar=
new_jar=
old_label=old
new_label=new
out=
includes=()
jmh_options=()

while (($#)); do
    case $1 in
        --old) old_jar=$2; shift 2 ;;
        --new) new_jar=$2; shift 2 ;;
        --old-label) old_label=$2; shift 2 ;;
        --new-label) new_label=$2; shift 2 ;;
        --include) includes+=("$2"); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --) shift; jmh_options=("$@"); break ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "compare-engines: unknown argument '$1'; see --help" >&2; exit 2 ;;
    esac
done
for jar in "$old_jar" "$new_jar"; do
    if [[ -z $jar || ! -f $jar ]]; then
        echo "compare-engines: give both jars, --old and --new, as existing files (got '$jar')" >&2
        exit 2
    fi
done
if ((${#includes[@]} == 0)); then
    includes=(
        'JsonPluginBenchmark\.(raw(Chicory|Endive)|wasmboxPooled|wasmboxPristine)$'
        'CallOverheadBenchmark\.(raw(Chicory|Endive)Noop|wasmboxNoop|wasmboxNoopCallerThread|wasmboxAddPristine)$'
        'ColdLoadBenchmark\.(raw(Chicory|Endive)ParseCompile|wasmboxLoadUncached|wasmboxLoadCacheHit|wasmboxLoadFromCompileCache)$'
        'CpuBenchmark\.(fib|sha256)(Wasmbox|Raw(Chicory|Endive))$'
    )
fi
out=${out:-$(dirname "$0")/target/compare-engines-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"

# The benchmark methods a jar has for the selection, one fully qualified name a line.
list() {
    local pattern
    for pattern in "${includes[@]}"; do
        "$java_cmd" -jar "$1" -l "$pattern" | grep -E '^[a-z].*\.[A-Za-z0-9_]+$' || true
    done | sort -u
}
# The name a method is matched under across the jars.
key() { sed 's/Chicory/Endive/g'; }

list "$old_jar" > "$out/old.list"
list "$new_jar" > "$out/new.list"
mapfile -t keys < <(cat "$out/old.list" "$out/new.list" | key | sort -u)
if ((${#keys[@]} == 0)); then
    echo "compare-engines: neither jar has a benchmark matching ${includes[*]}" >&2
    exit 1
fi

# Runs one benchmark method of one side: run SIDE JAR METHOD N.
run() {
    local side=$1 jar=$2 method=$3 n=$4
    echo "$side-$n $method before: $(uptime)" >> "$out/uptime.log"
    "$java_cmd" -jar "$jar" "^${method//./\\.}\$" "${jmh_options[@]}" \
        -rf json -rff "$out/$side-$n.json" > "$out/$side-$n.log" 2>&1 \
        || echo "compare-engines: $side run of $method failed; see $out/$side-$n.log" >&2
    echo "$side-$n $method after: $(uptime)" >> "$out/uptime.log"
}

echo "compare-engines: ${#keys[@]} benchmark methods, results in $out"
n=0
for k in "${keys[@]}"; do
    n=$((n + 1))
    old_method=$(key < "$out/old.list" | paste -d' ' - "$out/old.list" | awk -v k="$k" '$1 == k {print $2}')
    new_method=$(grep -Fx "$k" "$out/new.list" || true)
    sides=(old new)
    ((n % 2 == 0)) && sides=(new old)
    for side in "${sides[@]}"; do
        if [[ $side == old && -n $old_method ]]; then
            run old "$old_jar" "$old_method" "$n"
        elif [[ $side == new && -n $new_method ]]; then
            run new "$new_jar" "$new_method" "$n"
        fi
    done
    echo "compare-engines: $n/${#keys[@]} ${k##*.} done"
done

python3 - "$out" "$old_label" "$new_label" "${jmh_options[*]:-}" <<'EOF'
import glob, json, math, os, re, sys

out, old_label, new_label, options = sys.argv[1:5]

def load_avg(line):
    # `uptime` ends "load average: 1.00, 0.80, 0.50"; the 1-minute figure.
    m = re.search(r"load average: ([0-9.]+)", line)
    return m.group(1) if m else "?"

loads = {}
with open(os.path.join(out, "uptime.log")) as f:
    for line in f:
        run, _, rest = line.partition(" ")
        loads.setdefault(run, []).append(load_avg(rest))

rows = {}
for path in sorted(glob.glob(os.path.join(out, "*-*.json"))):
    run = os.path.basename(path)[:-5]
    side = run.split("-")[0]
    with open(path) as f:
        text = f.read().strip()
    for result in json.loads(text) if text else []:
        params = ",".join(f"{k}={v}" for k, v in sorted(result.get("params", {}).items()))
        name = result["benchmark"].split(".", 4)[-1]
        metric = result["primaryMetric"]
        rows.setdefault((name.replace("Chicory", "Endive"), params), {})[side] = (
            metric, result["mode"], run, name)

def fmt(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "?"
    return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"

def cell(entry):
    if entry is None:
        return "—", "—"
    metric, mode, run, _ = entry
    load = " → ".join(loads.get(run, ["?"]))
    return f"{fmt(metric['score'])} ± {fmt(metric.get('scoreError'))}", load

lines = [
    f"| benchmark | params | unit | {old_label} | {new_label} | change | load {old_label} | load {new_label} |",
    "|---|---|---|---:|---:|---:|---|---|",
]
for (name, params), sides in sorted(rows.items()):
    old, new = sides.get("old"), sides.get("new")
    if old and new and old[3] != new[3]:
        name = f"{old[3]} / {new[3].split('.')[-1]}"
    unit = (old or new)[0]["scoreUnit"] + " " + (old or new)[1]
    change = "—"
    if old and new and old[0]["score"]:
        change = f"{(new[0]['score'] / old[0]['score'] - 1) * 100:+.1f} %"
    (old_cell, old_load), (new_cell, new_load) = cell(old), cell(new)
    lines.append(
        f"| {name} | {params or '—'} | {unit} | {old_cell} | {new_cell} | {change} | {old_load} | {new_load} |"
    )
lines += [
    "",
    f"JMH options: `{options or '(the benchmarks own annotations)'}`. Score ± 99.9 % error;"
    " change = new / old − 1 (avgt: lower is better). Load = 1-minute load average before → after"
    " the run (full `uptime` lines in uptime.log).",
]
with open(os.path.join(out, "compare.md"), "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
