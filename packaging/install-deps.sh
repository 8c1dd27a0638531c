#!/usr/bin/env bash
# Installs every Debian 12 package BoneAge Workstation needs to build, test and run.
# Idempotent: packages already present are left alone. Uses sudo when not root.
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build ccache pkg-config git clang clang-format libclang-rt-14-dev
  # Qt 6.4
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql qt6-charts-dev qt6-pdf-dev
  libgl-dev libqt6opengl6-dev libxkbcommon-dev qt6-qpa-plugins
  # SQLite's C API for the case database's damage check and online backups (the library Qt's driver loads)
  libsqlite3-dev
  # inference, imaging, crypto
  libtorch-dev libdcmtk-dev dcmtk dicom3tools libopenjp2-7-dev libopenjp2-tools
  libopencv-core-dev libopencv-imgproc-dev libopencv-imgcodecs-dev libssl-dev
  # Python for training and export (Debian's torch, run as /usr/bin/python3)
  python3 python3-torch python3-torchvision python3-numpy python3-pil
  # real servers and tools used by tests, screenshots and report checks
  orthanc orthanc-dicomweb postgresql xvfb xauth poppler-utils
  # DICOM files written by others, read by tests/imaging/TestExternalCorpus (pydicom's test files)
  python3-pydicom
  # signed reports: the font the page is laid out in; openssl's CLI makes the test CA and server certificates
  # for the PostgreSQL TLS tests and checks the reports' CMS independently (pdfsig and pdftoppm come with
  # poppler-utils, dcmsign and dsrdump with dcmtk, dciodvfy with dicom3tools)
  fonts-dejavu-core openssl
  # the .deb: icons rendered from the SVG, and its checks (lintian, AppStream, desktop file)
  librsvg2-bin lintian appstream desktop-file-utils
  # the Slurm job-array example's test: a one-node cluster on loopback
  slurm-wlm munge
)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${#missing[@]} packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
