#!/usr/bin/env bash
# Issue 4's by-hand check, with the ./spikestream launcher only: a broker, two `serve` instances
# with a trained model, replays of a dataset subset from several sensors, one instance killed with
# SIGKILL mid-replay, then `consume --topic snn.classifications`. Compares every classification
# with `evaluate --per-sample` on the same model and samples: one classification per sample, same
# predicted class, same exit step. Prints a summary and exits 0 only if nothing was lost,
# duplicated or different.
#
# Usage: scripts/failover-by-hand.sh   (settings through the environment, defaults below)
#   MODEL=/work/data/runs/fmnist-gd006.zip DATA=/work/data/fmnist-test PER_CLASS=30 SENSORS=4
#   SPEED=1 (replay pace; 1 = real time) KILL_AFTER=15 (seconds after the replays start)
#   KILL=busier|a|b|none (busier: the instance that has taken in more events) PORT=19092
#   SESSION_TIMEOUT=10s (serve --session-timeout: how soon the survivor takes over)
#   WORK=<new, empty dir; default a fresh temp dir>
# Build once first (./mvnw -B -DskipTests package, or ./spikestream --help); the script runs the
# launcher with SPIKESTREAM_NO_BUILD=1.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SS="$ROOT/spikestream"
MODEL="${MODEL:-/work/data/runs/fmnist-gd006.zip}"
DATA="${DATA:-/work/data/fmnist-test}"
PER_CLASS="${PER_CLASS:-30}"
SENSORS="${SENSORS:-4}"
SPEED="${SPEED:-1}"
KILL_AFTER="${KILL_AFTER:-15}"
KILL="${KILL:-busier}"
PORT="${PORT:-19092}"
SESSION_TIMEOUT="${SESSION_TIMEOUT:-10s}"
WORK="${WORK:-$(mktemp -d /tmp/spikestream-byhand.XXXXXX)}"
BOOT="127.0.0.1:$PORT"
export SPIKESTREAM_NO_BUILD=1
mkdir -p "$WORK"
if [ -n "$(ls -A "$WORK")" ]; then echo "WORK=$WORK is not empty" >&2; exit 2; fi
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do
    kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT
log() { echo "[$(date -u +%H:%M:%S)] $*"; }

# 1. the subset: the first PER_CLASS files of every class, dealt round robin to SENSORS folders
#    (same relative paths, so sample ids agree with the whole subset's)
log "work dir $WORK; model $MODEL; data $DATA, $PER_CLASS per class, $SENSORS sensors"
for cls in "$DATA"/*/; do
  c="$(basename "$cls")"
  mkdir -p "$WORK/all/$c"
  i=0
  for f in $(ls "$cls" | sort | head -n "$PER_CLASS"); do
    s=$((i % SENSORS))
    mkdir -p "$WORK/sensor-$s/$c"
    ln -s "$cls$f" "$WORK/all/$c/$f"
    ln -s "$cls$f" "$WORK/sensor-$s/$c/$f"
    i=$((i + 1))
  done
done
TOTAL=$(find "$WORK/all" -type l | wc -l)
log "$TOTAL samples"

# 2. the reference: evaluate --per-sample on the whole subset (its train and test splits, which
#    together are all of it)
for split in train test; do
  JAVA_OPTS=-Xmx2g "$SS" evaluate --model "$MODEL" --data "$WORK/all" --split "$split" \
    --per-sample --json > "$WORK/evaluate-$split.json"
done
log "evaluate --per-sample done"

# 3. broker
JAVA_OPTS=-Xmx1g "$SS" broker --port "$PORT" --data-dir "$WORK/broker" > "$WORK/broker.log" 2>&1 &
PIDS+=($!)
until grep -q "Kafka broker ready" "$WORK/broker.log"; do sleep 0.5; done
log "broker ready at $BOOT"

# 4. two serve instances, same application id
start_serve() { # name http-port
  JAVA_OPTS=-Xmx1g "$SS" serve --bootstrap "$BOOT" --model "$MODEL" --http-port "$2" \
    --state-dir "$WORK/state-$1" --session-timeout "$SESSION_TIMEOUT" \
    > "$WORK/serve-$1.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$1=$!"
}
start_serve a $((PORT + 1))
start_serve b $((PORT + 2))
for port in $((PORT + 1)) $((PORT + 2)); do
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ]; do
    sleep 0.5
  done
done
log "serve a (pid $PID_a, :$((PORT + 1))) and b (pid $PID_b, :$((PORT + 2))) healthy"
# progress of both instances (events in, classifications) every 2 s, into progress.log
(
  while :; do
    line="$(date -u +%H:%M:%S)"
    for port in $((PORT + 1)) $((PORT + 2)); do
      m="$(curl -s --max-time 1 "http://127.0.0.1:$port/metrics" || true)"
      ev=$(awk '/^spikestream_events_in_total/ {print $2}' <<< "$m")
      cl=$(awk '/^spikestream_classifications_total/ {print $2}' <<< "$m")
      rb=$(awk '/^spikestream_windows_rebuilt_total/ {print $2}' <<< "$m")
      line="$line :$port events ${ev:--} classifications ${cl:--} rebuilt ${rb:--};"
    done
    echo "$line"
    sleep 2
  done
) > "$WORK/progress.log" 2>&1 &
PIDS+=($!)
sleep 5 # let the group settle so that both instances own partitions

# 5. replays, one per sensor, paced. Sensor ids are chosen so that sensor s lands on partition
#    s mod 4 of dvs.events (Kafka's murmur2 key partitioner), so both instances get work. A
#    replay that cannot reach the broker within its 5 s check (a loaded machine starting many
#    JVMs) has sent nothing and is started again.
SENSOR_IDS=($(python3 - "$SENSORS" <<'EOF'
import sys
def murmur2(d):
    m, h = 0x5BD1E995, (0x9747B28C ^ len(d)) & 0xFFFFFFFF
    for i in range(len(d) // 4):
        k = int.from_bytes(d[4 * i:4 * i + 4], "little")
        k = (k * m) & 0xFFFFFFFF; k ^= k >> 24; k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest = d[len(d) // 4 * 4:]
    if len(rest) == 3: h ^= rest[2] << 16
    if len(rest) >= 2: h ^= rest[1] << 8
    if len(rest) >= 1: h = ((h ^ rest[0]) * m) & 0xFFFFFFFF
    h ^= h >> 13; h = (h * m) & 0xFFFFFFFF; h ^= h >> 15
    return h
ids, i = [], 0
for s in range(int(sys.argv[1])):
    while (murmur2(f"cam-{i}".encode()) & 0x7FFFFFFF) % 4 != s % 4: i += 1
    ids.append(f"cam-{i}"); i += 1
print(" ".join(ids))
EOF
))
replay() { # sensor index
  for attempt in 1 2 3; do
    JAVA_OPTS=-Xmx512m "$SS" replay "$WORK/sensor-$1" --bootstrap "$BOOT" --speed "$SPEED" \
      --sensor-id "${SENSOR_IDS[$1]}" > "$WORK/replay-$1.log" 2>&1 && return 0
    grep -q "cannot reach Kafka" "$WORK/replay-$1.log" || return 1
    cp "$WORK/replay-$1.log" "$WORK/replay-$1.attempt-$attempt.log"
    sleep 2
  done
  return 1
}
REPLAYS=()
for s in $(seq 0 $((SENSORS - 1))); do
  replay "$s" &
  REPLAYS+=($!)
  sleep 1
done
log "replays of ${SENSOR_IDS[*]} started (speed $SPEED)"

# 6. SIGKILL one instance mid-replay
metric() { # port name
  curl -s --max-time 2 "http://127.0.0.1:$1/metrics" | awk -v n="^$2" '$0 ~ n {print $2}'
}
if [ "$KILL" != none ]; then
  sleep "$KILL_AFTER"
  victim="$KILL"
  if [ "$KILL" = busier ]; then
    ea=$(metric $((PORT + 1)) spikestream_events_in_total)
    eb=$(metric $((PORT + 2)) spikestream_events_in_total)
    victim=$(python3 -c "print('a' if float('${ea:-0}') >= float('${eb:-0}') else 'b')")
  fi
  vport=$((PORT + 1))
  [ "$victim" = b ] && vport=$((PORT + 2))
  before="$(metric $vport spikestream_events_in_total) events in,"
  before="$before $(metric $vport spikestream_classifications_total) classifications"
  vpid=$PID_a
  [ "$victim" = b ] && vpid=$PID_b
  kill -9 "$vpid"
  log "serve $victim (pid $vpid) SIGKILLed $KILL_AFTER s after the replays started ($before);"\
    "progress: $(tail -1 "$WORK/progress.log")"
fi
failed=0
for p in "${REPLAYS[@]}"; do
  wait "$p" || failed=$((failed + 1))
done
log "replays done ($failed failed): $(grep -h '^sent' "$WORK"/replay-*.log | wc -l) summaries"
[ "$failed" = 0 ] || exit 1

# 7. wait until the survivor has classified everything (the killed instance's partitions move
#    after the group's session timeout), then read the topic as a consumer would
DEADLINE=$((SECONDS + 240))
while :; do
  n=$(JAVA_OPTS=-Xmx1g "$SS" consume --bootstrap "$BOOT" --topic snn.classifications \
    --from-beginning --json --timeout 5s 2>/dev/null | wc -l)
  log "consume sees $n classifications"
  if [ "$n" -ge "$TOTAL" ] || [ $SECONDS -ge $DEADLINE ]; then break; fi
  sleep 10
done
sleep 5 # anything late (a duplicate) would show now
JAVA_OPTS=-Xmx1g "$SS" consume --bootstrap "$BOOT" --topic snn.classifications \
  --from-beginning --json --timeout 10s > "$WORK/classifications.jsonl"
log "consumed $(wc -l < "$WORK/classifications.jsonl") records into $WORK/classifications.jsonl"

# 8. compare
python3 - "$WORK/classifications.jsonl" "$WORK"/evaluate-*.json <<'EOF'
import collections, json, sys
expected = {s["id"]: s for f in sys.argv[2:] for s in json.load(open(f))["perSample"]}
got = collections.defaultdict(list)
for line in open(sys.argv[1]):
    r = json.loads(line)
    v = r["value"]
    got[v["sampleId"]].append(v)
dup = {k: len(v) for k, v in got.items() if len(v) > 1}
missing = [k for k in expected if k not in got]
extra = [k for k in got if k not in expected]
same = sum(
    1 for k, e in expected.items()
    if k in got and all(v["predictedClass"] == e["predicted"] and v["exitStep"] == e["exitStep"]
                        for v in got[k]))
records = sum(len(v) for v in got.values())
print(f"expected {len(expected)} samples; {records} classification records for {len(got)} samples;"
      f" duplicates {len(dup)}; missing {len(missing)}; unknown ids {len(extra)};"
      f" class and exit step equal to evaluate --per-sample: {same} of {len(expected)}")
exits = collections.Counter(e["exitStep"] for e in expected.values())
print("exit steps (evaluate):", dict(sorted(exits.items())))
if dup: print("duplicated:", list(dup.items())[:10])
if missing: print("missing:", missing[:10])
if extra: print("unknown:", extra[:10])
sys.exit(0 if not dup and not missing and not extra and same == len(expected) else 1)
EOF
