#!/usr/bin/env bash
# Sets up a Debian 12 machine and runs every test: formatting, the g++ build with all tests, then the
# clang ASan+UBSan build with the sanitizer-labelled tests and the bounded libFuzzer run.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh

echo "== clang-format check"
git ls-files '*.cpp' '*.h' | xargs -r clang-format --dry-run -Werror

jobs=$(nproc)
echo "== build and test (g++, RelWithDebInfo)"
cmake --preset default
cmake --build --preset default -j "$jobs"
ctest --preset default

echo "== build and test (clang, ASan + UBSan)"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
ctest --preset asan
