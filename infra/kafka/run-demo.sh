#!/usr/bin/env bash
# `make run`: Lake's main job on the embedded sample. A dev broker (librdkafka's mock cluster, real Kafka protocol on
# 127.0.0.1) gets the shop history produced onto its topics, every schema version included; a consumer-group member ingests
# it into ./lake-data until idle; the lake is verified and queried. The broker stops when this script ends.
set -euo pipefail
lake=${1:?usage: run-demo.sh <lake executable> <work folder>}
out=${2:?usage: run-demo.sh <lake executable> <work folder>}
events=${EVENTS:-300000}
mkdir -p "$out"
rm -f "$out/bootstrap"

# The mock cluster keeps ~5 MiB per partition: 16 partitions hold the 300k-event history with room to spare.
"$lake" dev broker --brokers 3 --topic shop.orders:16 --topic shop.customers:4 --bootstrap-file "$out/bootstrap" --no-control >"$out/broker.log" 2>&1 &
broker=$!
trap 'kill "$broker" 2>/dev/null || true; wait "$broker" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$out/bootstrap" ] && break; sleep 0.1; done
[ -s "$out/bootstrap" ] || { echo "the dev broker did not start; see $out/broker.log" >&2; cat "$out/broker.log" >&2; exit 1; }
bootstrap=$(cat "$out/bootstrap")
echo "== dev broker on $bootstrap =="

"$lake" produce --pipeline pipelines/shop --bootstrap "$bootstrap" --events "$events" --seed 1
echo
rm -rf lake-data
echo "== ingest: consumer group lake-demo, until every partition is caught up =="
"$lake" ingest --pipeline pipelines/shop --bootstrap "$bootstrap" --group lake-demo --until-idle --lake lake-data
echo
"$lake" verify --lake lake-data
echo; echo "== revenue per day and currency (first days) =="
"$lake" query --lake lake-data "SELECT dt, currency, count(*) AS orders, sum(total) AS revenue FROM order_placed GROUP BY ALL ORDER BY dt, currency LIMIT 8"
echo; echo "== quarantine by reason =="
"$lake" query --lake lake-data "SELECT reason, count(*) AS events, any_value(message) AS example FROM quarantine GROUP BY reason ORDER BY reason"
echo; echo "== every record once: raw rows by topic and the Kafka offsets they cover =="
"$lake" query --lake lake-data "SELECT source, count(*) AS records, count(DISTINCT (source_partition, source_offset)) AS distinct_offsets FROM raw GROUP BY source ORDER BY source"
echo; echo "Try: $lake query --lake lake-data \"SELECT * FROM payment_captured LIMIT 5\""
echo "The file path (no broker): make run-files"
