# Lake: `make run` runs the main job on the embedded sample; `make test` installs what tests need and runs them.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
LAKE := src/Lake.Cli/bin/$(CONFIG)/net10.0/lake
OUT := out
export DOTNET_NOLOGO := 1
export DOTNET_CLI_TELEMETRY_OPTOUT := 1

.PHONY: all build test run bench clean docs

all: build

build:
	$(DOTNET) build Lake.sln -c $(CONFIG) --nologo -v quiet

# The test project references every src project, so building it builds them; MTP prints the pass/fail summary.
test:
	@mkdir -p $(OUT)
	$(DOTNET) build Lake.sln -c $(CONFIG) --nologo -v quiet
	@set -o pipefail; $(DOTNET) test --project tests/Lake.Tests/Lake.Tests.csproj -c $(CONFIG) --no-build 2>&1 | tee $(OUT)/test.log; rc=$$?; \
	  echo "tests: $$(grep -oP 'succeeded: \K[0-9]+' $(OUT)/test.log | tail -1) passed, $$(grep -oP '^\s*failed: \K[0-9]+' $(OUT)/test.log | tail -1) failed"; exit $$rc

# Until the Parquet writer lands, the main job is: generate the shop sample history, upcast every line, summarise.
run: build
	@mkdir -p $(OUT)
	$(LAKE) generate --pipeline pipelines/shop --events 300000 --seed 1 --out $(OUT)/shop.ndjson
	$(LAKE) upcast --pipeline pipelines/shop --in $(OUT)/shop.ndjson > $(OUT)/shop.latest.ndjson
	@echo; echo "== first upcast events (latest schema) =="; grep -m 2 '"metadata"' $(OUT)/shop.latest.ndjson
	@echo; echo "== quarantine verdicts by reason =="; grep -o '"quarantine":{"reason":"[a-z_]*"' $(OUT)/shop.latest.ndjson | cut -d'"' -f6 | sort | uniq -c
	@echo; echo "Output: $(OUT)/shop.ndjson (input history) and $(OUT)/shop.latest.ndjson (every line at the latest version, or its quarantine verdict)."

bench:
	$(DOTNET) build tests/Lake.Benchmarks -c Release --nologo -v quiet
	$(DOTNET) tests/Lake.Benchmarks/bin/Release/net10.0/Lake.Benchmarks.dll all

docs: build
	$(LAKE) catalog docs --pipeline pipelines/shop --out docs/catalog/shop
	$(LAKE) catalog docs --pipeline pipelines/bank --out docs/catalog/bank

clean:
	rm -rf $(OUT) lake-data
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +
