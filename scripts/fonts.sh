#!/usr/bin/env bash
# Refresh cbook/static/fonts from Debian's fonts-noto-core (see cbook/static/fonts/README.md).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download fonts-noto-core >/dev/null && dpkg -x fonts-noto-core_*.deb root)
for face in NotoNaskhArabic-Regular NotoNaskhArabic-Bold NotoNastaliqUrdu-Regular NotoNastaliqUrdu-Bold; do
    cp "$work/root/usr/share/fonts/truetype/noto/$face.ttf" cbook/static/fonts/
done
echo "fonts refreshed from $(ls "$work"/fonts-noto-core_*.deb | xargs -n1 basename)"
