#!/usr/bin/env bash
# Builds a Jib base image tarball (docker-save format) from this machine's JDK, without any registry: a jlink'd
# Java 17 runtime (every module but the incubating ones, as in a JRE image) at /opt/java plus the shared libraries it
# links against, a nonroot user (65532) and /tmp.
#
# Production images use eclipse-temurin (pulled from a registry by `mvn ... jib:build`, see docs/OPERATIONS.md);
# this only exists to prove the image builds where no registry is reachable:
#
#   images/offline-base-image.sh target/offline-base.tar
#   mvn -B -pl control-plane,rollout-operator -am -DskipTests package jib:buildTar \
#       -Djib.from.image=tar://$PWD/target/offline-base.tar
#
# The result is target/jib-image.tar in each module (load it with `docker load -i` or `podman load -i`).
set -euo pipefail
OUT="$(realpath -m "${1:-target/offline-base.tar}")"
JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/rootfs"
mkdir -p "$ROOT/etc" "$ROOT/tmp" "$(dirname "$OUT")"
chmod 1777 "$ROOT/tmp"

"$JAVA_HOME/bin/jlink" --module-path "$JAVA_HOME/jmods" \
  --add-modules "$(ls "$JAVA_HOME/jmods" | sed 's/\.jmod$//' | grep -v '^jdk\.incubator' | paste -sd, -)" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --output "$ROOT/opt/java"

# the C libraries the runtime links against, at their usual paths (a distroless-like root)
for f in $(find "$ROOT/opt/java" -name '*.so' -o -path '*/bin/*' -type f); do
  ldd "$f" 2>/dev/null | grep -o '/[^ ]*' || true
done | sort -u | while read -r lib; do
  mkdir -p "$ROOT$(dirname "$lib")"
  cp -L "$lib" "$ROOT$lib"
done
# the dynamic loader is found through /lib64 on x86-64
[ -e "$ROOT/lib64" ] || { mkdir -p "$ROOT/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$ROOT/lib64/" 2>/dev/null || true; }

printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$ROOT/etc/group"

tar -C "$ROOT" --sort=name --mtime='1970-01-01' --numeric-owner --owner=0 --group=0 -cf "$WORK/layer.tar" .
DIFF_ID="sha256:$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)"
cat > "$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"65532"},
 "rootfs":{"type":"layers","diff_ids":["$DIFF_ID"]},
 "history":[{"created_by":"images/offline-base-image.sh: jlink of $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | tr -d '"')"}]}
JSON
printf '[{"Config":"config.json","RepoTags":["mlctl/offline-base:17"],"Layers":["layer.tar"]}]\n' > "$WORK/manifest.json"
tar -C "$WORK" -cf "$OUT" manifest.json config.json layer.tar
echo "$OUT: $(du -h "$OUT" | cut -f1), layer $DIFF_ID"
