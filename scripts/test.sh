#!/usr/bin/env bash
# Builds Junction and runs every test suite: Catch2 unit and integration tests, the model
# conformance check, and the end-to-end tests through boto3 and the AWS CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir build --output-on-failure "$@"
