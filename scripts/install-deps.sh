#!/usr/bin/env bash
# Installs the Debian 12 packages that building and testing gatewaydb needs.
# Needs root (or sudo) and access to Debian's package archive.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config
  liblmdb-dev lmdb-utils
  libflatbuffers-dev flatbuffers-compiler
  libabsl-dev nlohmann-json3-dev rapidjson-dev libcli11-dev
  libxxhash-dev uuid-dev liburiparser-dev
  libgtest-dev libgmock-dev libbenchmark-dev libsqlite3-dev
  libmsgpack-dev
  python3 python3-pytest python3-hypothesis python3-setuptools python3-msgpack
  python3-pip python3-venv python3-wheel
  clang libclang-rt-14-dev
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

# Skip the network when everything is already installed.
missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages are installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq \
  --no-install-recommends "${missing[@]}"
