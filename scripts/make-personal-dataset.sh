#!/usr/bin/env bash
# Builds a small "user's library" of real, openly licensed recordings in three clearly different
# styles, for the personal-model test with real audio (tests/learning/real-collections.test.ts):
#
#   Orchestral  the Battle for Wesnoth score (wesnoth-<branch>-music, GPL-2+)
#   Electronic  the Nexuiz soundtrack (nexuiz-music, GPL-2+) and Endgame: Singularity's
#               tracker music by Max McCracken (singularity-music, CC BY-SA 3.0)
#   Metal       the Frets on Fire songs by Muldjord (CC BY-SA 3.0) and Sectoid (GPL),
#               backing and guitar stems mixed back together
#
# Each piece of at least 60 s (shorter ones are game stingers) becomes one 45 s MP3 clip (VBR
# ~190 kbit/s) from its middle: <out>/<Genre>/<collection>--<piece>.mp3, with title and artist
# tags but no genre tag (the folder is the genre; the test decides which half the "user" has
# tagged).
# <out>/labels.tsv lists path<TAB>genre (the format `genrewise evaluate` reads) and
# <out>/licences/ keeps each package's copyright file: the licences require attribution.
#
# Output: $GENREWISE_PERSONAL_DATA, else ~/.cache/genrewise-test-data/personal. Nothing here is
# committed. Needs Debian/Ubuntu apt (downloads ~330 MB of .deb files), dpkg-deb, unzip, ffmpeg.
#   scripts/make-personal-dataset.sh [--force]
set -euo pipefail

CLIP_SEC=45
MIN_SEC=60
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/genrewise-test-data"
OUT="${GENREWISE_PERSONAL_DATA:-$CACHE/personal}"
DEBS="$CACHE/debs"

for tool in apt-get apt-cache dpkg-deb unzip ffmpeg ffprobe; do
  command -v "$tool" >/dev/null || { echo "make-personal-dataset: $tool not found" >&2; exit 2; }
done
if [[ -f "$OUT/labels.tsv" && "${1:-}" != "--force" ]]; then
  echo "make-personal-dataset: $OUT already built (--force rebuilds it)"
  exit 0
fi

# The Wesnoth music package carries the release branch in its name; ask the metapackage which.
wesnoth=$(apt-cache depends wesnoth-music 2>/dev/null | grep -o 'wesnoth-[0-9.]*-music' | head -n 1)
[[ -n "$wesnoth" ]] || { echo "make-personal-dataset: no wesnoth-music package in the apt sources" >&2; exit 2; }
packages=("$wesnoth" nexuiz-music singularity-music fretsonfire-songs-muldjord fretsonfire-songs-sectoid)

mkdir -p "$DEBS"
(cd "$DEBS" && apt-get download "${packages[@]}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pkg in "${packages[@]}"; do
  deb=$(ls -t "$DEBS/${pkg}"_*.deb | head -n 1)
  mkdir -p "$work/$pkg"
  dpkg-deb -x "$deb" "$work/$pkg"
done

rm -rf "$OUT.tmp"
mkdir -p "$OUT.tmp/licences"
for pkg in "${packages[@]}"; do cp "$work/$pkg/usr/share/doc/$pkg/copyright" "$OUT.tmp/licences/$pkg.copyright"; done

duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

# clip <genre> <collection> <name> <input…>: the middle CLIP_SEC seconds of the input (several
# inputs are stems of one piece and are mixed), when the piece lasts at least MIN_SEC.
clip() {
  local genre=$1 collection=$2 name=$3
  shift 3
  local total
  total=$(duration "$1")
  if awk -v d="$total" -v m="$MIN_SEC" 'BEGIN { exit !(d < m) }'; then
    echo "  skip $collection/$name (${total%.*} s)"
    return
  fi
  local start
  start=$(awk -v d="$total" -v c="$CLIP_SEC" 'BEGIN { printf "%.1f", (d - c) / 2 }')
  local inputs=() graph=""
  for f in "$@"; do inputs+=(-i "$f"); done
  if (($# > 1)); then graph="amix=inputs=$#:normalize=0,"; fi
  # MP3, not Ogg Vorbis: adding a tag to an Ogg clip with `ffmpeg -c copy` (what the test does
  # to the tagged half) rewrites its first granule position so that it claims a 27-hour length.
  graph+="atrim=start=$start:duration=$CLIP_SEC,asetpts=PTS-STARTPTS"
  mkdir -p "$OUT.tmp/$genre"
  local out="$OUT.tmp/$genre/$collection--$name.mp3"
  ffmpeg -nostdin -v error -y "${inputs[@]}" -filter_complex "$graph" -map_metadata -1 \
    -metadata title="$name" -metadata artist="$collection" -c:a libmp3lame -q:a 2 "$out"
  printf '%s\t%s\n' "$genre/$(basename "$out")" "$genre" >>"$OUT.tmp/labels.tsv"
}

echo "Orchestral: $wesnoth"
for f in "$work/$wesnoth"/usr/share/games/wesnoth/*/data/core/music/*.ogg; do
  clip Orchestral wesnoth "$(basename "$f" .ogg)" "$f"
done

echo "Electronic: nexuiz-music, singularity-music"
unzip -q -o "$work/nexuiz-music/usr/share/games/nexuiz/data/music.pk3" 'sound/cdtracks/*.ogg' -d "$work/nexuiz"
for f in "$work"/nexuiz/sound/cdtracks/*.ogg; do
  clip Electronic nexuiz "$(basename "$f" .ogg)" "$f"
done
while IFS= read -r -d '' f; do
  name=$(basename "$f" .ogg)
  clip Electronic singularity "${name// /-}" "$f"
done < <(find "$work/singularity-music/usr/share/games/singularity/music" -name '*.ogg' -print0 | sort -z)

echo "Metal: fretsonfire-songs-muldjord, fretsonfire-songs-sectoid"
for collection in muldjord sectoid; do
  for dir in "$work/fretsonfire-songs-$collection"/usr/share/games/fretsonfire/data/songs/"$collection"/*/; do
    name=$(basename "$dir")
    clip Metal "$collection" "${name// /-}" "$dir/song.ogg" "$dir/guitar.ogg"
  done
done

rm -rf "$OUT"
mv "$OUT.tmp" "$OUT"
echo "make-personal-dataset: $(wc -l <"$OUT/labels.tsv") clips in $OUT"
cut -f2 "$OUT/labels.tsv" | sort | uniq -c
