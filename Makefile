# Lake: `make run` runs the main job on the embedded sample; `make test` installs what tests need and runs them.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
LAKE := src/Lake.Cli/bin/$(CONFIG)/net10.0/lake
OUT := out
export DOTNET_NOLOGO := 1
export DOTNET_CLI_TELEMETRY_OPTOUT := 1

.PHONY: all build test run run-files bench clean docs deps

all: build

build:
	$(DOTNET) build Lake.sln -c $(CONFIG) --nologo -v quiet

# The test project references every src project, so building it builds them; MTP prints the pass/fail summary.
# What tests need: from Debian, kcat (a second Kafka client against the dev broker) and PostgreSQL's server binaries
# (lake serve's shared job storage; tests start throwaway clusters with infra/postgres/throwaway.sh, no system service);
# from npm, the local S3 server pinned by infra/s3/package-lock.json. Tests start them and fail, never skip, when missing.
SUDO := $(shell command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo)
deps:
	@[ -d infra/s3/node_modules/@20minutes/s3rver ] || { echo "installing the local S3 server (npm ci, infra/s3)"; npm ci --prefix infra/s3 --no-audit --no-fund; }
	@command -v kcat >/dev/null 2>&1 || { echo "installing kcat (Debian)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq kcat >/dev/null; }
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { echo "installing postgresql (Debian)"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql >/dev/null; }

test: deps
	@mkdir -p $(OUT)
	$(DOTNET) build Lake.sln -c $(CONFIG) --nologo -v quiet
	@set -o pipefail; $(DOTNET) test --project tests/Lake.Tests/Lake.Tests.csproj -c $(CONFIG) --no-build 2>&1 | tee $(OUT)/test.log; rc=$$?; \
	  if [ $$rc != 0 ]; then echo "what failed (the whole log: $(OUT)/test.log):"; grep -A12 '^failed ' $(OUT)/test.log | cut -c1-400; fi; \
	  echo "tests: $$(grep -oP 'succeeded: \K[0-9]+' $(OUT)/test.log | tail -1) passed, $$(grep -oP '^\s*failed: \K[0-9]+' $(OUT)/test.log | tail -1) failed"; exit $$rc

# The main job on the embedded sample, over Kafka: a dev broker on loopback, the shop history produced onto its topics,
# a consumer-group member ingesting it into ./lake-data (rebuilt each time), verify, queries. No Java, no Docker.
run: build
	@infra/kafka/run-demo.sh $(LAKE) $(OUT)

# The same history from an NDJSON file (the embedded default source), no broker.
run-files: build
	@mkdir -p $(OUT)
	$(LAKE) generate --pipeline pipelines/shop --events 300000 --seed 1 --out $(OUT)/shop.ndjson
	rm -rf lake-data
	$(LAKE) ingest --pipeline pipelines/shop --source files:$(OUT)/shop.ndjson --lake lake-data
	$(LAKE) verify --lake lake-data
	@echo; echo "== revenue per day and currency (first days) =="
	$(LAKE) query --lake lake-data "SELECT dt, currency, count(*) AS orders, sum(total) AS revenue FROM order_placed GROUP BY ALL ORDER BY dt, currency LIMIT 8"

bench:
	$(DOTNET) build Lake.sln -c Release --nologo -v quiet
	$(DOTNET) tests/Lake.Benchmarks/bin/Release/net10.0/Lake.Benchmarks.dll all

docs: build
	$(LAKE) catalog docs --pipeline pipelines/shop --out docs/catalog/shop
	$(LAKE) catalog docs --pipeline pipelines/bank --out docs/catalog/bank

clean:
	rm -rf $(OUT) lake-data
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
