#!/usr/bin/env bash
# Starts the local S3 server: infra/s3/start.sh --directory <folder> [--port <n>] [--port-file <file>].
# Installs the pinned server from the lockfile first when node_modules is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ -d "$here/node_modules/@20minutes/s3rver" ] || npm ci --prefix "$here" --no-audit --no-fund >&2
# Without the legacy OpenSSL provider s3rver answers every truncated ListObjectsV2 (continuation token) with 500.
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--openssl-legacy-provider"
exec node "$here/start.js" "$@"
