#!/usr/bin/env bash
# The project's test command (npm test): build, type-check, then every test file in one
# run of node's test runner, whose summary closes the output.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
npm run --silent typecheck
exec node --import tsx --test --test-reporter=spec --test-concurrency=1 \
  "test/unit/*.test.ts" "test/protocol/*.test.ts" "test/vscode/*.test.ts"
