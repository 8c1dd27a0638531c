#!/usr/bin/env bash
# Makes docs/report-page1.png: a phantom film read with the shipped model, overridden by a reader, signed
# with a throw-away test certificate made here, and page 1 of its PDF rasterised by poppler at 100 dpi.
#   tools/report-sample.sh [OUT.png]
# The patient is synthetic (core/phantom); the key and certificate are deleted afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=${BONEAGE_BIN:-$here/build/app/boneage}
out=${1:-$here/docs/report-page1.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" phantom --count 1 --seed 5 --format dicom --out "$work/phantom" >/dev/null
film=$(ls "$work"/phantom/images/*.dcm | head -n 1)
# The reader's bone age is the phantom's own (it is drawn at a known age), which the model misses on phantoms.
months=$(awk -F, 'NR == 2 { printf "%.0f", $2 }' "$work/phantom/labels.csv")
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout "$work/key.pem" -out "$work/cert.pem" \
    -subj "/O=Children's Hospital (demonstration)/CN=Jane Doe" \
    -addext "keyUsage=critical,digitalSignature,nonRepudiation" 2>/dev/null
BONEAGE_SAMPLE_PASS=$(openssl rand -hex 16)
export BONEAGE_SAMPLE_PASS
openssl pkcs12 -export -inkey "$work/key.pem" -in "$work/cert.pem" -out "$work/reader.p12" \
    -passout env:BONEAGE_SAMPLE_PASS
"$bin" report --film "$film" --reader-name "Jane Doe" --override "$months" \
    --reason "Carpal and phalangeal maturity match the atlas standard of this age" \
    --sign "$work/reader.p12" --passphrase-env BONEAGE_SAMPLE_PASS --out "$work/report"
"$bin" verify "$work/report/report.pdf" --trust "$work/cert.pem"
pdftoppm -r 100 -f 1 -l 1 -png -singlefile "$work/report/report.pdf" "${out%.png}"
echo "wrote $out"
