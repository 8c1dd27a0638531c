#!/usr/bin/env bash
# Runs inside a private mount namespace (test_deb.sh): mounts an overlay over / at WORK/merged, installs the
# .deb there with apt, runs both programs from /usr/bin, purges the package, and checks the upper layer.
#   overlay_install.sh DEB WORK
set -euo pipefail
deb=$1
work=$2
upper=$work/upper
merged=$work/merged
mkdir -p "$upper" "$work/ovl" "$merged"
mount -t overlay overlay -o "lowerdir=/,upperdir=$upper,workdir=$work/ovl" "$merged"
for d in proc sys dev; do
    mount --rbind "/$d" "$merged/$d"
done
mkdir -p "$merged/run/boneage-test"
cp "$deb" "$merged/run/boneage-test/boneage-workstation.deb"

in_root() { chroot "$merged" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/run/boneage-test/home \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive OMP_WAIT_POLICY=PASSIVE "$@"; }

in_root sh -c 'echo "man-db man-db/auto-update boolean false" | debconf-set-selections'
# The dependencies are normally on this machine already (packaging/install-deps.sh); apt downloads what is
# not, and where it cannot reach the mirror the test is skipped (77), naming what was missing.
# (apt's --no-download refuses a local .deb: "Pathname to install is not absolute".)
missing=$(in_root apt-get install -s -q --no-install-recommends /run/boneage-test/boneage-workstation.deb |
    awk '$1 == "Inst" && $2 != "boneage-workstation" {print $2}' | tr '\n' ' ')
if ! in_root apt-get install -y -q --no-install-recommends /run/boneage-test/boneage-workstation.deb; then
    if [ -n "$missing" ]; then
        echo "SKIP: apt could not install the dependencies this machine lacks: $missing"
        exit 77
    fi
    echo "apt could not install the package"
    exit 1
fi
in_root dpkg -L boneage-workstation >"$work/installed"
[ "$(in_root readlink -f /usr/bin/boneage)" = /usr/bin/boneage ] || { echo "no /usr/bin/boneage"; exit 1; }

# The CLI from /usr/bin, on the model it ships, on a phantom film it writes itself.
in_root mkdir -p /run/boneage-test/home
in_root /usr/bin/boneage phantom --count 1 --seed 3 --format dicom --height 1000 --out /run/boneage-test/phantom
in_root /usr/bin/boneage predict /run/boneage-test/phantom/images/1.dcm --json >"$work/predict.json"
/usr/bin/python3 - "$work/predict.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["model"]["name"] == "rsna-compact", r["model"]
assert r["bone_age_months"] > 0 and r["verdict"] in ("delayed", "normal", "advanced"), r
print(f"boneage predict: {r['bone_age_months']:.1f} months, {r['verdict']}, model {r['model']['name']} {r['model']['version']}")
PY
man_out=$(in_root sh -c 'zcat /usr/share/man/man1/boneage.1.gz | head -1')
[[ $man_out == .TH* ]] || { echo "man page unreadable"; exit 1; }

# The workstation from /usr/bin, offscreen: it must stay up, run its event loop (on a first start it writes the
# demo films and imports them into its case database), and not crash.
in_root sh -c 'QT_QPA_PLATFORM=offscreen /usr/bin/boneage-workstation >/run/boneage-test/gui.log 2>&1 & echo $! >/run/boneage-test/gui.pid'
pid=$(cat "$merged/run/boneage-test/gui.pid")
deadline=$((SECONDS + 120))
until compgen -G "$merged/run/boneage-test/home/.local/share/*/*/demo/*.dcm" >/dev/null &&
      compgen -G "$merged/run/boneage-test/home/.local/share/*/*/*.sqlite*" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "the workstation exited:"; cat "$merged/run/boneage-test/gui.log"; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "the workstation did not start within 120 s"; cat "$merged/run/boneage-test/gui.log"; exit 1; }
    sleep 0.5
done
kill -0 "$pid" || { echo "the workstation exited"; exit 1; }
kill -TERM "$pid"
# Wait for it to be gone: it may still be writing the other demo films, and a purge and rm -rf racing a live
# program failed once ("rm: cannot remove .../demo: Directory not empty").
running() {  # a zombie (a container's PID 1 may never reap it) has stopped too
    [ -r "/proc/$pid/stat" ] && ! awk '{ exit $3 != "Z" }' "/proc/$pid/stat" 2>/dev/null
}
deadline=$((SECONDS + 30))
while running; do
    [ $SECONDS -lt $deadline ] || { echo "the workstation did not stop within 30 s of SIGTERM"; cat "$merged/run/boneage-test/gui.log"; exit 1; }
    sleep 0.2
done
echo "boneage-workstation: started offscreen, wrote its demo cases, stopped on SIGTERM"
ls "$merged"/run/boneage-test/home/.local/share/*/* | head -5

in_root apt-get purge -y -q boneage-workstation
in_root rm -rf /run/boneage-test

# What is left in the upper layer: only dpkg's, apt's and debconf's bookkeeping, caches rebuilt by triggers to
# what they were, and man-db's index (its trigger rewrites it on every install and removal), may differ from
# the machine underneath.
left=0
while IFS= read -r -d '' path; do
    rel=${path#"$upper"/}
    case $rel in
        var/lib/dpkg/* | var/lib/apt/* | var/cache/apt/* | var/cache/debconf/* | var/log/* | \
        var/cache/ldconfig/* | etc/ld.so.cache | var/cache/man/index.db) continue ;;
    esac
    if [ -f "/$rel" ] && [ -f "$path" ] && cmp -s "/$rel" "$path"; then
        continue  # rewritten to the same content (a trigger's cache)
    fi
    echo "left behind: /$rel"
    left=1
done < <(find "$upper" -mindepth 1 \( -type f -o -type l -o -type c \) -print0)
while read -r f; do
    if [ -n "$f" ] && [ "$f" != /. ] && [ ! -d "/$f" ] && [ -e "$merged$f" ]; then
        echo "still installed: $f"
        left=1
    fi
done <"$work/installed"
[ "$left" -eq 0 ] || exit 1
echo "purged: no file left behind ($(wc -l <"$work/installed") paths were installed)"
