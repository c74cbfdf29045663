#!/usr/bin/env bash
# Start the real servers the delivery-transports live tests run against, all on loopback:
#   - OpenSSH sshd (SFTP, key auth for root)                 DDEX_TEST_SFTP_*
#   - pure-ftpd with a virtual user (plain + explicit FTPS)  DDEX_TEST_FTP_*
#   - Ceph radosgw (1 mon + 1 memstore OSD + rgw) for S3     DDEX_TEST_S3_*
#   - a full 1 MiB tmpfs (QUOTA tests)                        DDEX_TEST_FULL_DIR
# Idempotent: a server that already answers is left alone. Installs its Debian packages when missing.
# Writes "$DDEX_CI_DIR/env" (shell `export` lines); `.ci/run` sources it before the tests.
# Usage: .ci/servers/start.sh [sftp] [ftp] [s3] [full]     (no argument = all)
# Env: DDEX_CI_DIR (/tmp/ddex-ci), DDEX_CI_SFTP_PORT (2222), DDEX_CI_FTP_PORT (2121),
#      DDEX_CI_FTP_PASV (30000:30100), DDEX_CI_S3_PORT (7480).
set -euo pipefail

D="${DDEX_CI_DIR:-/tmp/ddex-ci}"
SFTP_PORT="${DDEX_CI_SFTP_PORT:-2222}"
FTP_PORT="${DDEX_CI_FTP_PORT:-2121}"
FTP_PASV="${DDEX_CI_FTP_PASV:-30000:30100}"
S3_PORT="${DDEX_CI_S3_PORT:-7480}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WANT=("$@")
[ ${#WANT[@]} -eq 0 ] && WANT=(sftp ftp s3 full)
mkdir -p "$D"

log() { printf '[ddex-ci] %s\n' "$*" >&2; }
want() { local w; for w in "${WANT[@]}"; do [ "$w" = "$1" ] && return 0; done; return 1; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { # port, seconds, name
  local i
  for ((i = 0; i < $2 * 10; i++)); do port_open "$1" && return 0; sleep 0.1; done
  log "$3 did not open port $1 within $2 s"; return 1
}

APT_UPDATED=0
need_pkgs() { # installs the packages whose binaries are missing
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq >&2; APT_UPDATED=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# --- SFTP: OpenSSH sshd ---
start_sftp() {
  need_pkgs openssh-server openssh-client
  local S="$D/sshd"
  mkdir -p "$S"
  [ -f "$S/hostkey" ] || ssh-keygen -q -t ed25519 -f "$S/hostkey" -N ''
  [ -f "$S/clientkey" ] || ssh-keygen -q -t ed25519 -f "$S/clientkey" -N '' -C ddex-ci
  cp "$S/clientkey.pub" "$S/authorized_keys"
  mkdir -p "$S/home"
  cat >"$S/sshd_config" <<EOF
Port $SFTP_PORT
ListenAddress 127.0.0.1
HostKey $S/hostkey
PidFile $S/sshd.pid
AuthorizedKeysFile $S/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
UsePAM no
MaxStartups 100:30:200
MaxSessions 50
Subsystem sftp internal-sftp
EOF
  if alive "$S/sshd.pid" && port_open "$SFTP_PORT"; then
    log "sshd already running on $SFTP_PORT"
  else
    mkdir -p /run/sshd
    /usr/sbin/sshd -f "$S/sshd_config" -E "$S/sshd.log"
    wait_port "$SFTP_PORT" 10 sshd
    log "sshd up on 127.0.0.1:$SFTP_PORT"
  fi
  local fp
  fp="$(ssh-keygen -l -E sha256 -f "$S/hostkey.pub" | awk '{print $2}')"
  cat >>"$D/env.new" <<EOF
export DDEX_TEST_SFTP_HOST=127.0.0.1
export DDEX_TEST_SFTP_PORT=$SFTP_PORT
export DDEX_TEST_SFTP_USER=root
export DDEX_TEST_SFTP_KEY=$S/clientkey
export DDEX_TEST_SFTP_HOST_FINGERPRINT=$fp
export DDEX_TEST_SFTP_DIR=$S/home
EOF
}

# --- FTP / explicit FTPS: pure-ftpd with a virtual user ---
start_ftp() {
  need_pkgs pure-ftpd openssl
  local F="$D/ftp"
  mkdir -p "$F/home"
  chown nobody:nogroup "$F/home"
  if [ ! -f "$F/tls.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$F/tls.key" -out "$F/tls.crt" -days 30 \
      -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
    cat "$F/tls.key" "$F/tls.crt" >"$F/tls.pem"
    chmod 600 "$F/tls.pem" "$F/tls.key"
  fi
  if [ ! -f "$F/pureftpd.pdb" ]; then
    local pw
    pw="$(openssl rand -hex 12)"
    echo "$pw" >"$F/password"
    rm -f "$F/pureftpd.passwd"
    printf '%s\n%s\n' "$pw" "$pw" | pure-pw useradd ftptest -u nobody -g nogroup -d "$F/home" -f "$F/pureftpd.passwd" >/dev/null
    # pure-pw hashes with argon2id, which makes every login take ~4 s here; SHA-512 crypt logs in instantly
    local hash
    hash="$(openssl passwd -6 "$pw")"
    awk -F: -v OFS=: -v h="$hash" '{ $2 = h; print }' "$F/pureftpd.passwd" >"$F/pureftpd.passwd.new"
    mv "$F/pureftpd.passwd.new" "$F/pureftpd.passwd"
    pure-pw mkdb "$F/pureftpd.pdb" -f "$F/pureftpd.passwd"
  fi
  if alive "$F/pid" && port_open "$FTP_PORT"; then
    log "pure-ftpd already running on $FTP_PORT"
  else
    # -Y 1: TLS allowed (plain and explicit FTPS on the same port); -E: no anonymous; -H: no DNS; -B: daemonize.
    pure-ftpd -S "127.0.0.1,$FTP_PORT" -p "$FTP_PASV" -P 127.0.0.1 -E -H -4 -l "puredb:$F/pureftpd.pdb" \
      -Y 1 -2 "$F/tls.pem" -g "$F/pid" -c 100 -C 50 -B
    wait_port "$FTP_PORT" 10 pure-ftpd
    log "pure-ftpd up on 127.0.0.1:$FTP_PORT"
  fi
  cat >>"$D/env.new" <<EOF
export DDEX_TEST_FTP_HOST=127.0.0.1
export DDEX_TEST_FTP_PORT=$FTP_PORT
export DDEX_TEST_FTP_USER=ftptest
export DDEX_TEST_FTP_PASSWORD=$(cat "$F/password")
export DDEX_TEST_FTP_CA=$F/tls.crt
export DDEX_TEST_FTP_DIR=$F/home
EOF
}

# --- S3: Ceph radosgw on memstore ---
start_s3() {
  need_pkgs ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl
  local C="$D/ceph"
  if alive "$C/run/client.rgw.a.pid" && port_open "$S3_PORT"; then
    log "radosgw already running on $S3_PORT"
  else
    # memstore keeps nothing across restarts: start from a clean tree.
    "$ROOT/.ci/servers/stop.sh" s3 >/dev/null 2>&1 || true
    rm -rf "$C"
    mkdir -p "$C"/{mon/ceph-a,osd/ceph-0,run,log,rgw}
    local FSID
    FSID="$(uuidgen)"
    cat >"$C/ceph.conf" <<EOF
[global]
fsid = $FSID
mon_host = v2:127.0.0.1:3300/0
mon_initial_members = a
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
osd_pool_default_size = 1
osd_pool_default_min_size = 1
osd_pool_default_pg_num = 8
osd_pool_default_pgp_num = 8
mon_allow_pool_size_one = true
mon_warn_on_pool_no_redundancy = false
mon_max_pg_per_osd = 1000
osd_crush_chooseleaf_type = 0
run_dir = $C/run
admin_socket = $C/run/\$cluster-\$name.asok
pid_file = $C/run/\$name.pid
log_file = $C/log/\$cluster-\$name.log
mon_data = $C/mon/\$cluster-\$id
osd_data = $C/osd/\$cluster-\$id
osd_objectstore = memstore
memstore_device_bytes = 2147483648
keyring = $C/keyring

[client.rgw.a]
ms_mon_client_mode = crc
rgw_frontends = beast endpoint=127.0.0.1:$S3_PORT
rgw_data = $C/rgw
EOF
    ceph-authtool --create-keyring "$C/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    monmaptool --create --clobber --addv a "[v2:127.0.0.1:3300]" --fsid "$FSID" "$C/monmap" >/dev/null
    ceph-mon -c "$C/ceph.conf" --mkfs -i a --monmap "$C/monmap" --keyring "$C/keyring"
    ceph-mon -c "$C/ceph.conf" -i a
    local U ID
    U="$(uuidgen)"
    ID="$(timeout 60 ceph -c "$C/ceph.conf" osd new "$U")"
    ceph-osd -c "$C/ceph.conf" -i "$ID" --mkfs --osd-uuid "$U" >/dev/null 2>&1
    ceph-osd -c "$C/ceph.conf" -i "$ID" 2>>"$C/log/ceph-osd-start.log"
    radosgw -c "$C/ceph.conf" -n client.rgw.a
    local i
    for ((i = 0; i < 240; i++)); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.5; done
    curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" || { log "radosgw did not answer"; return 1; }
    timeout 60 radosgw-admin -c "$C/ceph.conf" user create --uid=test --display-name=test \
      --access-key=DDEXTESTACCESSKEY --secret=DDEXTESTSECRETKEY0123456789 >/dev/null
    log "radosgw up on 127.0.0.1:$S3_PORT"
  fi
  cat >>"$D/env.new" <<EOF
export DDEX_TEST_S3_ENDPOINT=http://127.0.0.1:$S3_PORT
export DDEX_TEST_S3_REGION=us-east-1
export DDEX_TEST_S3_ACCESS=DDEXTESTACCESSKEY
export DDEX_TEST_S3_SECRET=DDEXTESTSECRETKEY0123456789
export DDEX_TEST_S3_BUCKET=ddex-test
EOF
  # warm-up: the first write creates the data pools (~4 s); pay it here, not in the first test.
  (cd "$ROOT" && DDEX_S3_ENDPOINT="http://127.0.0.1:$S3_PORT" NODE_NO_WARNINGS=1 node .ci/servers/s3-warmup.mjs)
}

# --- a full disk: a 1 MiB tmpfs, for QUOTA (ENOSPC) tests ---
start_full() {
  local M="$D/full"
  mkdir -p "$M"
  if ! mountpoint -q "$M"; then
    mount -t tmpfs -o size=1m,mode=0777 ddex-ci-full "$M" || { log "cannot mount a tmpfs at $M: no full-disk tests"; return 0; }
  fi
  find "$M" -mindepth 1 -delete
  # fill it, so the first write fails
  dd if=/dev/zero of="$M/.filler" bs=64k 2>/dev/null || true
  log "full tmpfs at $M"
  echo "export DDEX_TEST_FULL_DIR=$M" >>"$D/env.new"
}

rm -f "$D/env.new"
# keep the entries of servers not started in this call
if [ -f "$D/env" ]; then
  for s in sftp ftp s3 full; do
    want "$s" || grep -i "DDEX_TEST_${s}_" "$D/env" >>"$D/env.new" || true
  done
fi
want sftp && start_sftp
want ftp && start_ftp
want s3 && start_s3
want full && start_full
mv "$D/env.new" "$D/env"
log "env written to $D/env"
