#!/usr/bin/env bash
# build.sh — build the saas-odoo-standin image: a small stand-in for the official `odoo`
# image, made offline from this machine's Debian binaries (no image can be pulled here).
#
# Usage: ops/odoo-standin/build.sh [IMAGE] [VERSION...]
#        defaults: saas-odoo-standin 16.0 17.0 18.0  ->  saas-odoo-standin:16.0 ...
#
# The rootfs: busybox-static (shell, sed/awk, httpd) + the real psql and socat and every
# library ldd lists for them + entrypoint.sh, odoo, http-conn, odoo.conf from this directory + an `odoo` user
# (uid/gid 101, like the official image). It is imported with `docker import`. The images
# carry the label saas.standin.hash (a hash of every input); when all tags already carry the
# current hash the build is skipped, so re-runs take well under a second.
# Needs: busybox-static, postgresql-client, socat, a Docker Engine (ops/services/ensure-services.sh).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IMAGE=saas-odoo-standin
# The image name is optional: a first argument like "17.0" is already a version.
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+\.[0-9]+$ ]]; then IMAGE=$1; shift; fi
VERSIONS=("$@")
((${#VERSIONS[@]})) || VERSIONS=(16.0 17.0 18.0)
T0=$(date +%s%N)

die() { echo "✗ odoo-standin: $*" >&2; exit 1; }
elapsed() { local ms=$((($(date +%s%N) - T0) / 1000000)); printf '%d.%02ds' $((ms / 1000)) $((ms % 1000 / 10)); }

# Debian's client first: a different `docker` may come first in PATH.
if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker) || die "no docker client"; fi

# ---------------------------------------------------------------------------------------------
# inputs and their hash
# ---------------------------------------------------------------------------------------------

BUSYBOX=/bin/busybox
if [[ ! -x $BUSYBOX ]] || ldd "$BUSYBOX" >/dev/null 2>&1; then
  die "$BUSYBOX is missing or not static: apt-get install busybox-static"
fi
PSQL=$(ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -1)
[[ -n $PSQL ]] || die "no /usr/lib/postgresql/*/bin/psql: apt-get install postgresql-client"
# socat accepts the HTTP connections (busybox nc listens with a backlog of 2: a burst stalls).
SOCAT=/usr/bin/socat
[[ -x $SOCAT ]] || die "no $SOCAT: apt-get install socat"
# Every shared object psql and socat load, the dynamic loader included, at the path ldd reports.
mapfile -t LIBS < <(ldd "$PSQL" "$SOCAT" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u)
((${#LIBS[@]})) || die "ldd found no libraries for $PSQL and $SOCAT"
FILES=(build.sh entrypoint.sh odoo http-conn odoo.conf)

# Content only (no checkout path), so every clone of the repo gets the same hash.
HASH=$(
  for f in "${FILES[@]}"; do echo "$f $(sha256sum <"$HERE/$f")"; done
  for f in "$BUSYBOX" "$PSQL" "$SOCAT" "${LIBS[@]}"; do echo "$f $(sha256sum <"$f")"; done
) && HASH=$(sha256sum <<<"$HASH" | cut -c1-32)

"$DOCKER" version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
  die "Docker Engine does not answer (DOCKER_HOST=${DOCKER_HOST:-unset}); run ops/services/ensure-services.sh"

# Tags that already carry this hash.
mapfile -t CURRENT < <("$DOCKER" images --filter "label=saas.standin.hash=$HASH" --format '{{.Tag}}' "$IMAGE")
TODO=()
for v in "${VERSIONS[@]}"; do
  [[ " ${CURRENT[*]} " == *" $v "* ]] || TODO+=("$v")
done
if ((${#TODO[@]} == 0)); then
  echo "✓ $IMAGE:{$(IFS=,; echo "${VERSIONS[*]}")} up to date (hash $HASH, $(elapsed))"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# rootfs
# ---------------------------------------------------------------------------------------------

WORK=$(mktemp -d "${TMPDIR:-/tmp}/odoo-standin.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/rootfs
mkdir -p "$ROOT"/{bin,etc/odoo,mnt/extra-addons,var/lib/odoo,root,tmp,usr/bin}

# busybox with a symlink per applet (a usable shell for `docker exec ... sh` too).
cp "$BUSYBOX" "$ROOT/bin/busybox"
for applet in $("$BUSYBOX" --list); do
  [[ -e $ROOT/bin/$applet ]] || ln -s busybox "$ROOT/bin/$applet"
done

# psql, socat and their libraries, at their host paths.
for f in "$PSQL" "$SOCAT" "${LIBS[@]}"; do
  mkdir -p "$ROOT$(dirname "$f")"
  cp -L "$f" "$ROOT$f"
done
ln -s "$PSQL" "$ROOT/usr/bin/psql"

# Debian's /lib64 and /lib are symlinks into /usr (merged /usr): keep the loader reachable
# under both spellings in case ldd reported one and the ELF interpreter names the other.
if [[ ! -e $ROOT/lib64/ld-linux-x86-64.so.2 && -e $ROOT/usr/lib64/ld-linux-x86-64.so.2 ]]; then
  mkdir -p "$ROOT/lib64" && ln -s /usr/lib64/ld-linux-x86-64.so.2 "$ROOT/lib64/"
fi

cat >"$ROOT/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
odoo:x:101:101:Odoo:/var/lib/odoo:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$ROOT/etc/group" <<'EOF'
root:x:0:
odoo:x:101:
nogroup:x:65534:
EOF
# glibc (psql) resolves host.docker.internal from /etc/hosts, which Docker writes.
cat >"$ROOT/etc/nsswitch.conf" <<'EOF'
passwd: files
group: files
hosts: files dns
EOF

install -m 0755 "$HERE/entrypoint.sh" "$ROOT/entrypoint.sh"
install -m 0755 "$HERE/odoo" "$ROOT/usr/bin/odoo"
install -D -m 0755 "$HERE/http-conn" "$ROOT/usr/lib/odoo-standin/http-conn"
install -m 0644 "$HERE/odoo.conf" "$ROOT/etc/odoo/odoo.conf"
chmod 1777 "$ROOT/tmp"
chmod 0700 "$ROOT/root"
# Owned by odoo like in the official image; Docker copies this ownership into a new volume.
chown -R 101:101 "$ROOT/var/lib/odoo" "$ROOT/mnt/extra-addons" "$ROOT/etc/odoo"

# One reproducible tar (sorted, numeric owners, fixed mtime): every tag gets the same layer.
tar -C "$ROOT" --sort=name --numeric-owner --mtime=@946684800 -cf "$WORK/rootfs.tar" .

# ---------------------------------------------------------------------------------------------
# import, one image per version (same layer; ODOO_VERSION differs like in the real images)
# ---------------------------------------------------------------------------------------------

for v in "${TODO[@]}"; do
  old=$("$DOCKER" image inspect --format '{{.Id}}' "$IMAGE:$v" 2>/dev/null || true)
  "$DOCKER" import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV ODOO_RC=/etc/odoo/odoo.conf' \
    --change "ENV ODOO_VERSION=$v" \
    --change 'EXPOSE 8069 8071 8072' \
    --change 'VOLUME ["/var/lib/odoo", "/mnt/extra-addons"]' \
    --change 'USER odoo' \
    --change 'ENTRYPOINT ["/entrypoint.sh"]' \
    --change 'CMD ["odoo"]' \
    --change "LABEL saas.standin=1 saas.standin.hash=$HASH saas.standin.odoo_version=$v" \
    --message "saas-odoo-standin $v" \
    "$WORK/rootfs.tar" "$IMAGE:$v" >/dev/null
  # Drop the image this tag replaced, unless something still uses it.
  if [[ -n $old && $old != "$("$DOCKER" image inspect --format '{{.Id}}' "$IMAGE:$v")" ]]; then
    "$DOCKER" rmi "$old" >/dev/null 2>&1 || true
  fi
done

size=$("$DOCKER" image inspect --format '{{.Size}}' "$IMAGE:${TODO[0]}")
echo "✓ built $IMAGE:{$(IFS=,; echo "${TODO[*]}")} ($((size / 1024 / 1024)) MiB, hash $HASH, $(elapsed))"
