#!/usr/bin/env bash
# Remakes docs/report.png: `catalog report` of eight seeds with --flops, in headless Chromium
# (Debian: apt-get install chromium), 1200x1400, on a fresh temporary database.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product catalog >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
.build/debug/catalog report lenet5 alexnet vgg16 resnet18 resnet50 keras_resnet50 mobilenet_v1 article_cnn \
    --flops --db "$work/catalog.sqlite" --output "$work/catalog.html" >&2
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
    --window-size=1200,1400 --screenshot="$PWD/docs/report.png" "file://$work/catalog.html"
