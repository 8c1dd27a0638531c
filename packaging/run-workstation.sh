#!/usr/bin/env bash
# Sets up a Debian 12 machine, builds, and opens the workstation on its bundled defaults: the embedded SQLite
# case database, the shipped research model and the demo cases. Without a display it says so and runs the CLI
# demo instead: the shipped model on a synthetic demo film.
set -euo pipefail
cd "$(dirname "$0")/.."

packaging/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default -j "$(nproc)"

bin=build/app
if [ -x "$bin/workstation/boneage-workstation" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
    exec "$bin/workstation/boneage-workstation" "$@"
fi

echo "No display found (DISPLAY/WAYLAND_DISPLAY unset): running the command-line demo instead."
demo=$(mktemp -d)
trap 'rm -rf "$demo"' EXIT
"$bin/boneage" phantom --count 3 --seed 7 --format dicom --out "$demo" >/dev/null
for film in "$demo"/images/*.dcm; do
    "$bin/boneage" predict "$film" --gradcam "$demo/$(basename "$film" .dcm)-gradcam.png"
    echo
done
echo "True bone ages of these synthetic films:"
cat "$demo/labels.csv"
