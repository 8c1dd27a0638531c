#!/usr/bin/env bash
# The .deb end to end:
#  1. built by CPack from this build folder, with the files a desktop and Debian expect;
#  2. lintian reports no error; the desktop file and the AppStream metainfo validate;
#  3. installed with apt on a copy-on-write root of this machine (an overlay over /, in a private mount
#     namespace: nothing reaches the real system, and parallel runs never meet), where /usr/bin/boneage
#     predicts a phantom film and the workstation starts offscreen; then purged, after which the overlay's
#     upper layer must hold nothing but dpkg's and apt's own bookkeeping: no file left behind.
#   test_deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: test_deb.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/boneage-deb-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== 1. cpack"
start=$SECONDS
cpack --config "$build/CPackConfig.cmake" -B "$work/cpack" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/cpack/*.deb)
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1), $((SECONDS - start)) s"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends
dpkg-deb --contents "$deb" | awk '{print $6}' >"$work/contents"
for f in usr/bin/boneage usr/bin/boneage-workstation usr/share/boneage/model/manifest.json \
         usr/share/applications/org.boneage.Workstation.desktop \
         usr/share/metainfo/org.boneage.Workstation.metainfo.xml \
         usr/share/icons/hicolor/scalable/apps/org.boneage.Workstation.svg \
         usr/share/icons/hicolor/16x16/apps/org.boneage.Workstation.png \
         usr/share/icons/hicolor/48x48/apps/org.boneage.Workstation.png \
         usr/share/icons/hicolor/256x256/apps/org.boneage.Workstation.png \
         usr/share/man/man1/boneage.1.gz usr/share/man/man1/boneage-workstation.1.gz \
         usr/share/doc/boneage-workstation/copyright usr/share/doc/boneage-workstation/changelog.gz \
         usr/share/doc/boneage-workstation/examples/boneage-batch.slurm; do
    grep -qx "./$f" "$work/contents" || fail "the package lacks /$f"
done
# dpkg-shlibdeps found the libraries the binaries link (not a hand-kept list).
depends=$(dpkg-deb --field "$deb" Depends)
for lib in libtorch libqt6core6 libqt6widgets6 libdcmtk libopencv-core libssl libc6 libqt6sql6-sqlite; do
    [[ $depends == *"$lib"* ]] || fail "Depends lacks $lib: $depends"
done
# Every model file the manifest names is in the package.
dpkg-deb -x "$deb" "$work/root"
/usr/bin/python3 - "$work/root/usr/share/boneage/model" <<'PY' || fail "the model package is incomplete"
import json, os, sys
d = sys.argv[1]
files = json.load(open(os.path.join(d, "manifest.json")))["files"].values()
missing = [f for f in files if not os.path.isfile(os.path.join(d, f))]
sys.exit(f"missing {missing}" if missing else 0)
PY

echo "== 2. lintian, desktop-file-validate, appstreamcli validate"
start=$SECONDS
lintian --fail-on error --info "$deb" | tee "$work/lintian.txt" || fail "lintian reports errors"
echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) errors, $(grep -c '^W:' "$work/lintian.txt" || true) warnings, $((SECONDS - start)) s"
desktop-file-validate "$work/root/usr/share/applications/org.boneage.Workstation.desktop" || fail "desktop file"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/org.boneage.Workstation.metainfo.xml" || fail "metainfo"

echo "== 3. install, run and purge on a copy-on-write root"
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: the overlay root needs root (unshare --mount)"
    exit 77
fi
start=$SECONDS
rc=0
unshare --mount --propagation private -- bash "$here/overlay_install.sh" "$deb" "$work" || rc=$?
[ "$rc" -ne 77 ] || exit 77
[ "$rc" -eq 0 ] || fail "install, run or purge"
echo "install, run, purge: $((SECONDS - start)) s"
echo "PASS"
