#!/usr/bin/env bash
# Stop the servers started by .ci/servers/start.sh (by their pid files only). Usage: stop.sh [sftp] [ftp] [s3] [full]
set -uo pipefail
D="${DDEX_CI_DIR:-/tmp/ddex-ci}"
WANT=("$@")
[ ${#WANT[@]} -eq 0 ] && WANT=(sftp ftp s3 full)

stop_pid() { # pidfile
  [ -f "$1" ] || return 0
  local pid i
  pid="$(cat "$1")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
  fi
  rm -f "$1"
}

for s in "${WANT[@]}"; do
  case "$s" in
    sftp) stop_pid "$D/sshd/sshd.pid" ;;
    ftp) stop_pid "$D/ftp/pid" ;;
    s3)
      stop_pid "$D/ceph/run/client.rgw.a.pid"
      stop_pid "$D/ceph/run/osd.0.pid"
      stop_pid "$D/ceph/run/mon.a.pid"
      ;;
    full) mountpoint -q "$D/full" && umount "$D/full" ;;
    *) echo "unknown server: $s" >&2; exit 2 ;;
  esac
  if [ -f "$D/env" ]; then grep -vi "DDEX_TEST_${s}_" "$D/env" >"$D/env.tmp" || true; mv "$D/env.tmp" "$D/env"; fi
done
echo "[ddex-ci] stopped: ${WANT[*]}" >&2
