#!/bin/bash
# wdlbatch task instance: put Docker's storage (/var/lib/docker: images and container layers) on NVMe instance
# storage when the instance type has it, else on the gp3 data volume of the launch template (/dev/xvdb), so big
# bioinformatics images and scratch files never fill the small root volume. Runs once, at first boot.
set -uo pipefail
exec >>/var/log/wdlbatch-docker-storage.log 2>&1
echo "$(date -u +%FT%TZ) wdlbatch docker storage setup"

disks=()
for dev in /dev/nvme*n1; do
  [ -b "$dev" ] || continue
  model=$(cat "/sys/block/$(basename "$dev")/device/model" 2>/dev/null || true)
  case "$model" in *"Instance Storage"*) disks+=("$dev") ;; esac
done
if [ ${#disks[@]} -eq 0 ]; then
  # the EBS data volume: /dev/xvdb, which Nitro instances expose as an NVMe device with a /dev/xvdb or /dev/sdb alias
  for alias in /dev/xvdb /dev/sdb; do
    if [ -b "$alias" ]; then disks=("$(readlink -f "$alias")"); break; fi
  done
fi
if [ ${#disks[@]} -eq 0 ]; then
  echo "no instance storage and no data volume: Docker stays on the root volume"
  exit 0
fi

target=${disks[0]}
if [ ${#disks[@]} -gt 1 ]; then
  # several instance-store disks: stripe them (RAID 0) for one fast volume; fall back to the first disk
  if command -v mdadm >/dev/null || dnf install -y -q mdadm || yum install -y -q mdadm; then
    mdadm --create /dev/md/wdlbatch --level=0 --raid-devices=${#disks[@]} --run --force "${disks[@]}" \
      && target=/dev/md/wdlbatch
  fi
fi
echo "Docker storage on $target (${disks[*]})"

mkfs.xfs -f "$target" || exit 1
systemctl stop docker.socket docker 2>/dev/null || true
rm -rf /var/lib/docker
mkdir -p /var/lib/docker
mount -o defaults,noatime "$target" /var/lib/docker || exit 1
systemctl start docker || true
echo "done"
