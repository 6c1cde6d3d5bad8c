#!/usr/bin/env bash
# Builds a tiny container image from this machine's own bash and coreutils, without any registry:
#   build-test-image.sh TOOL IMAGE      e.g. build-test-image.sh podman localhost/wdlbatch-test:1
# TOOL is podman or docker. The image holds the programs below with their libraries, /etc/os-release saying
# ID=wdlbatch-test (the host's says something else, so a task can prove where it ran) and a marker file
# /wdlbatch-test-image. Nothing is downloaded, so CI can build it offline.
set -euo pipefail
tool=$1
image=$2
programs=(bash cat cp env head id ls mkdir mv rm sleep sort tail touch tr wc)

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

# Merged-/usr hosts have /bin -> usr/bin and so on; keep those links so both /bin/bash and /usr/bin/bash work.
for d in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$d" ]; then
    target=$(readlink "/$d")
    ln -s "$target" "$root/$d"
    mkdir -p "$root/${target#/}"
  fi
done

copy() {  # copies a host file to the same path in the image, following links
  mkdir -p "$root$(dirname "$1")"
  cp -L "$1" "$root$1"
}

for p in "${programs[@]}"; do
  path=$(type -P "$p") || { echo "build-test-image.sh: $p is not installed on this machine" >&2; exit 1; }
  copy "$path"
  # ldd lists the shared libraries and the dynamic loader with absolute paths (the vDSO has none).
  for lib in $(ldd "$path" | grep -o '/[^ ]*'); do
    [ -e "$root$lib" ] || copy "$lib"
  done
done

mkdir -p "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
echo 'ID=wdlbatch-test' > "$root/etc/os-release"
echo 'inside the wdlbatch test image' > "$root/wdlbatch-test-image"

tar -C "$root" -c . | "$tool" import - "$image" >/dev/null
echo "built $image with $tool from this machine's ${programs[*]}"
