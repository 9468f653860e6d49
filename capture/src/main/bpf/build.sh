#!/usr/bin/env bash
# Builds the CO-RE object that io.sysql.capture.ebpf loads and ships it as a resource, so that a machine
# without clang still records.
#
#   build.sh           build, then copy the object to src/main/resources/io/sysql/capture/ebpf/
#   build.sh --check   build into a temporary directory; fail if the shipped object differs
#
# Needs clang and libbpf-dev (Debian 12: apt-get install clang libbpf-dev). The object does not depend on
# the build machine's kernel (see kernel_types.h); it is byte-for-byte reproducible: DWARF and the
# compiler's .comment are stripped, BTF (which CO-RE needs) is kept, and every path clang records is
# relative to this directory or a system include directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
shipped=$here/../resources/io/sysql/capture/ebpf/sysql.bpf.o

build() {
    local out=$1 work
    work=$(mktemp -d)
    (cd "$here" && clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I/usr/include/x86_64-linux-gnu \
        -fdebug-compilation-dir=. -fdebug-prefix-map="$here"=. \
        -Wall -Werror -c sysql.bpf.c -o "$work/full.o")
    llvm-strip --strip-debug --remove-section=.comment "$work/full.o" -o "$out"
    rm -rf "$work"
}

case "${1:-}" in
    --check)
        tmp=$(mktemp -d)
        trap 'rm -rf "$tmp"' EXIT
        build "$tmp/sysql.bpf.o"
        if ! cmp -s "$tmp/sysql.bpf.o" "$shipped"; then
            echo "build.sh --check: $shipped is not what sysql.bpf.c builds to; run capture/src/main/bpf/build.sh" >&2
            exit 1
        fi
        echo "build.sh --check: shipped object is current"
        ;;
    "")
        mkdir -p "$(dirname "$shipped")"
        build "$shipped"
        echo "built $shipped ($(wc -c <"$shipped") bytes)"
        ;;
    *)
        echo "usage: $0 [--check]" >&2
        exit 2
        ;;
esac
