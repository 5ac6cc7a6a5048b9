#!/usr/bin/env bash
# Installs the Debian packages radstudy builds and tests with (Clang, its sanitizer and libFuzzer
# runtimes and llvm-symbolizer for the ASan/UBSan build and the fuzzers).
set -euo pipefail
packages=(
  build-essential cmake pkg-config
  libinsighttoolkit5-dev libgdcm-dev libdcmtk-dev
  libeigen3-dev libqhull-dev libsvm-dev libyaml-cpp-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libboost-math-dev libtbb-dev zlib1g-dev libdeflate-dev libfftw3-dev libcairo2-dev libpango1.0-dev fonts-dejavu-core libgtest-dev libbenchmark-dev bc time ccache
  chromium
  slurm-wlm munge
  clang libclang-rt-14-dev llvm-14
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_command=""
  [ "$(id -u)" -eq 0 ] || sudo_command="sudo"
  $sudo_command apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_command apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
