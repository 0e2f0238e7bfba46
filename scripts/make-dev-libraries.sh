#!/usr/bin/env bash
# Builds realistic development libraries for the learning-curve bench (issue 11): whole tracks of
# openly licensed music that Debian ships, laid out as a user's library is (one folder per album
# artist and album, artist/album/title/track/disc tags), with NO genre tag (the bench decides
# which tracks get one), a labels.tsv and the packages' licences. Nothing here is committed.
#
#   scripts/make-dev-libraries.sh [--force] [trio|varied ...]     (default: every library)
#
# Output: $GENREWISE_DEV_LIBRARIES, else ${XDG_CACHE_HOME:-~/.cache}/genrewise-test-data/libraries,
# one folder per library: <name>/labels.tsv, <name>/music/<album artist>/<album>/<disc>-<nn> <title>.<ext>,
# <name>/licences/<package>.copyright (the licences require attribution), <name>/packages.tsv.
# labels.tsv: a header, then path<TAB>genre<TAB>album<TAB>artist<TAB>album_artist (paths relative to
# the TSV, as `genrewise evaluate` reads them; its first two columns are what evaluate needs).
# A library already built is left alone; --force rebuilds it. Needs apt-get (run `apt-get update`
# once), dpkg-deb, unzip, ffmpeg (with libvorbis and libopenmpt), ffprobe. About 400 MB of .deb
# files are kept in <cache>/debs; each library takes well under a minute to build.
#
# Packages (ONLY these: other music packages are kept for held-out checks), and honest genres:
#   fretsonfire-songs-muldjord (CC BY-SA 3.0)  Muldjord, "a Danish metal band" (its readme): Metal.
#       4 songs; the band and guitar stems are mixed back together (amix, no normalising).
#   fretsonfire-songs-sectoid (MIT-style)      Sectoid: guitar-led instrumental band songs (one is
#       called "Metal madness"). trio: Metal (that user files it with metal); varied, loose: Rock.
#   nexuiz-music (GPL-2+)                      the Nexuiz soundtrack, a compilation (elysis, blkrbt,
#       Parapraxis, Braden Walters, two uncredited): Electronic (one file tags itself Electronic;
#       FL Studio/REAPER productions).
#   singularity-music (CC BY-SA 3.0)           Maxstack (Max McCracken), two albums made in the
#       trackers Psycle and Renoise: Electronic.
#   fb-music-high (GPL-2+)                     Frozen Bubble's XM tracker theme (Matthias Le Bidan),
#       rendered by libopenmpt: Electronic (not in trio).
#   wesnoth-<branch>-music (GPL-2+)            The Battle for Wesnoth OST, two discs, ten composers;
#       every file tags itself "Romantic Classical". trio: Soundtrack (the issue's user typed
#       that); varied, loose: Orchestral.
#   asc-music (GPL-2+)                         Michael Kievernagel's three pieces for Advanced
#       Strategic Command: Soundtrack (not in trio).
#   extremetuxracer-data (GPL-2+)              the Extreme Tux Racer music (Toscano, Picon, O'Connell,
#       Schroeder; credits in the package's music/readme): Soundtrack (not in trio).
#
# Libraries (whole tracks; pieces shorter than the minimum are game stingers and left out):
#   trio    the issue's Metal / Electronic / Soundtrack example rebuilt from the same five packages,
#           pieces >= 60 s: 71 tracks in 6 albums. Metal 8 (Muldjord 4, Sectoid 4: two artists, one
#           album each); Electronic 31 (Nexuiz Soundtrack 17, a compilation of 4 credited artists;
#           Maxstack's two Endgame: Singularity albums, 8 + 6); Soundtrack 32 (one two-disc album
#           by 10 composers).
#   varied  all eight packages, pieces >= 20 s: 89 tracks in 9 albums. Metal 4 (Muldjord), Rock 4
#           (Sectoid), Electronic 35 (Nexuiz 18, Maxstack 10 + 6, Frozen Bubble 1), Orchestral 37
#           (Wesnoth), Soundtrack 9 (Extreme Tux Racer 6 by 4 composers, Advanced Strategic
#           Command 3): more genres, a close Metal/Rock pair, a mixed-style Soundtrack genre,
#           one-track and huge albums.
#   loose   varied's tracks and genres as one folder of loose files ("Artist - Title.ext") with
#           title and artist tags only: no album, track or folder structure to lean on, so what
#           is learned must come from the sound and the artist.
# The packages hold few albums per artist (only Maxstack has two): artists are as credited, no
# album is invented.
set -euo pipefail

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/genrewise-test-data"
OUT="${GENREWISE_DEV_LIBRARIES:-$CACHE/libraries}"
DEBS="$CACHE/debs"
ALL_LIBRARIES=(trio varied loose)

force=0
libraries=()
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    trio | varied | loose) libraries+=("$arg") ;;
    *)
      echo "usage: scripts/make-dev-libraries.sh [--force] [${ALL_LIBRARIES[*]// /|}...]" >&2
      exit 2
      ;;
  esac
done
((${#libraries[@]})) || libraries=("${ALL_LIBRARIES[@]}")

todo=()
for lib in "${libraries[@]}"; do
  if [[ -f "$OUT/$lib/labels.tsv" && $force == 0 ]]; then
    echo "make-dev-libraries: $OUT/$lib already built (--force rebuilds it)"
  else
    todo+=("$lib")
  fi
done
((${#todo[@]})) || exit 0

for tool in apt-get apt-cache dpkg-deb unzip ffmpeg ffprobe; do
  command -v "$tool" >/dev/null || { echo "make-dev-libraries: $tool not found" >&2; exit 2; }
done

# The Wesnoth music package carries the release branch in its name; ask the metapackage which.
wesnoth=$(apt-cache depends wesnoth-music 2>/dev/null | grep -o 'wesnoth-[0-9.]*-music' | head -n 1)
[[ -n "$wesnoth" ]] || { echo "make-dev-libraries: no wesnoth-music package in the apt sources" >&2; exit 2; }
packages=("$wesnoth" nexuiz-music singularity-music fretsonfire-songs-muldjord fretsonfire-songs-sectoid
  asc-music extremetuxracer-data fb-music-high)

mkdir -p "$DEBS"
missing=()
for pkg in "${packages[@]}"; do compgen -G "$DEBS/${pkg}_*.deb" >/dev/null || missing+=("$pkg"); done
if ((${#missing[@]})); then
  (cd "$DEBS" && apt-get download "${missing[@]}") || {
    echo "make-dev-libraries: cannot download ${missing[*]} (run apt-get update?)" >&2
    exit 1
  }
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pkg in "${packages[@]}"; do
  deb=$(ls -t "$DEBS/${pkg}"_*.deb | head -n 1)
  mkdir -p "$work/$pkg"
  dpkg-deb -x "$deb" "$work/$pkg"
  printf '%s\t%s\n' "$pkg" "$(dpkg-deb -f "$deb" Version)" >>"$work/versions.tsv"
done
unzip -q -o "$work/nexuiz-music/usr/share/games/nexuiz/data/music.pk3" 'sound/cdtracks/*.ogg' -d "$work/nexuiz"

duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }
# A tag of the original file (Ogg keeps them on the stream, MP3 on the format), any key case.
tag() {
  ffprobe -v error -show_entries format_tags:stream_tags -of default=nw=1 "$1" |
    awk -v k="$2" 'BEGIN { IGNORECASE = 1 } index(toupper($0), "TAG:" toupper(k) "=") == 1 { sub(/^[^=]*=/, ""); print; exit }'
}
# Folder and file names: no slashes or characters some file systems refuse.
safe() { printf '%s' "$1" | tr '/\\:*?"<>|' '_________'; }

# genre <library> <collection>: the genre that library's user gives the collection ("" = not in it).
genre() {
  case "$1:$2" in
    *:muldjord) echo Metal ;;
    trio:sectoid) echo Metal ;;
    *:nexuiz | *:singularity) echo Electronic ;;
    trio:wesnoth) echo Soundtrack ;;
    trio:*) echo "" ;;
    *:sectoid) echo Rock ;;
    *:frozen-bubble) echo Electronic ;;
    *:wesnoth) echo Orchestral ;;
    *:asc | *:etr) echo Soundtrack ;;
    *) echo "" ;;
  esac
}
min_seconds() { case "$1" in trio) echo 60 ;; *) echo 20 ;; esac }

# add <collection> <artist> <album artist> <album> <disc> <track> <title> <input…>: one track of
# the library being built, when its genre includes the collection and the piece is long enough.
# A single Ogg/MP3 input is copied as it is (stream copy, every original tag dropped); several
# inputs (band + guitar stems) or a tracker module are rendered to Ogg Vorbis.
add() {
  local collection=$1 artist=$2 album_artist=$3 album=$4 disc=$5 track=$6 title=$7
  shift 7
  local g
  g=$(genre "$lib" "$collection")
  [[ -n "$g" ]] || return 0
  local total
  total=$(duration "$1")
  if awk -v d="$total" -v m="$(min_seconds "$lib")" 'BEGIN { exit !(d < m) }'; then
    return 0
  fi
  local ext=ogg codec=(-c:a copy)
  if (($# == 1)) && [[ "$1" == *.mp3 ]]; then
    ext=mp3
    codec=(-c:a copy -id3v2_version 3 -write_id3v1 0)
  elif (($# > 1)) || [[ "$1" != *.ogg ]]; then
    codec=(-c:a libvorbis -q:a 5)
  fi
  local inputs=() filter=()
  for f in "$@"; do inputs+=(-i "$f"); done
  (($# > 1)) && filter=(-filter_complex "amix=inputs=$#:duration=longest:normalize=0")
  local rel meta=(-metadata title="$title")
  [[ -n "$artist" ]] && meta+=(-metadata artist="$artist")
  if [[ $lib == loose ]]; then
    # One folder of loose files, "Artist - Title", no album tags: nothing groups the tracks.
    rel="music/$(safe "${artist:-Unknown Artist}") - $(safe "$title")"
    [[ -e "$dest/$rel.$ext" ]] && rel+=" ($track)"
    rel+=".$ext"
    album="" album_artist=""
  else
    rel="music/$(safe "$album_artist")/$(safe "$album")/$(printf '%d-%02d' "$disc" "$track") $(safe "$title").$ext"
    meta+=(-metadata album="$album" -metadata album_artist="$album_artist" -metadata track="$track"
      -metadata disc="$disc")
  fi
  mkdir -p "$(dirname "$dest/$rel")"
  ffmpeg -nostdin -v error -y "${inputs[@]}" "${filter[@]}" -map_metadata -1 -map_chapters -1 -vn \
    "${meta[@]}" "${codec[@]}" "$dest/$rel"
  printf '%s\t%s\t%s\t%s\t%s\n' "$rel" "$g" "$album" "$artist" "$album_artist" >>"$dest/labels.tsv"
  used[$(package_of "$collection")]=1
}

package_of() {
  case "$1" in
    muldjord | sectoid) echo "fretsonfire-songs-$1" ;;
    nexuiz) echo nexuiz-music ;;
    singularity) echo singularity-music ;;
    frozen-bubble) echo fb-music-high ;;
    wesnoth) echo "$wesnoth" ;;
    asc) echo asc-music ;;
    etr) echo extremetuxracer-data ;;
  esac
}

# title_of <file name without extension>: "chaos-fog" → "Chaos Fog".
title_of() { printf '%s' "$1" | tr '_-' '  ' | sed -E 's/ +$//; s/(^| )([a-z])/\1\u\2/g'; }

build() {
  # Frets on Fire song packs: one album per band, songs in the pack's order.
  local n=0 dir
  for dir in "$work/fretsonfire-songs-muldjord"/usr/share/games/fretsonfire/data/songs/muldjord/*/; do
    n=$((n + 1))
    add muldjord Muldjord Muldjord "Muldjord for Frets on Fire" 1 "$n" "$(title_of "$(basename "$dir")")" \
      "$dir/song.ogg" "$dir/guitar.ogg"
  done
  n=0
  for dir in "$work/fretsonfire-songs-sectoid"/usr/share/games/fretsonfire/data/songs/sectoid/*/; do
    n=$((n + 1))
    add sectoid Sectoid Sectoid "Sectoid for Frets on Fire" 1 "$n" "$(basename "$dir")" \
      "$dir/song.ogg" "$dir/guitar.ogg"
  done

  # Nexuiz: a various-artists soundtrack; artists as the files credit them.
  n=0
  local f name artist
  for f in "$work"/nexuiz/sound/cdtracks/*.ogg; do
    name=$(basename "$f" .ogg)
    case "$name" in
      brainsukker | breakdown-easy | calling-bogus | chaos-fog | infight | neuronal-diving | subcities | thru-the-mirror)
        artist=elysis ;;
      brokenlight | desert3 | ninesix | sixtyfour_ | sixtyfour_revisited | stairs) artist=blkrbt ;;
      beast-of-insanity) artist="Braden Walters" ;;
      digital-pursuit) artist=Parapraxis ;;
      *) artist="" ;;
    esac
    n=$((n + 1))
    add nexuiz "$artist" "Various Artists" "Nexuiz Soundtrack" 1 "$n" "$(title_of "$name")" "$f"
  done

  # Endgame: Singularity: Maxstack's two albums, as the files' ALBUM tags say.
  local album
  declare -A numbers=()
  while IFS= read -r -d '' f; do
    album=$(tag "$f" album)
    numbers[$album]=$((${numbers[$album]:-0} + 1))
    add singularity Maxstack Maxstack "$album" 1 "${numbers[$album]}" "$(tag "$f" title)" "$f"
  done < <(find "$work/singularity-music/usr/share/games/singularity/music" -name '*.ogg' -print0 | sort -z)

  # Frozen Bubble: the main theme, an XM module.
  add frozen-bubble "Matthias Le Bidan" "Matthias Le Bidan" "Frozen Bubble" 1 1 "Frozen Mainzik" \
    "$work/fb-music-high/usr/share/games/frozen-bubble/snd/frozen-mainzik-2p.xm"

  # The Battle for Wesnoth OST: the files' own artist, title, disc and track tags.
  local disc track
  for f in "$work/$wesnoth"/usr/share/games/wesnoth/*/data/core/music/*.ogg; do
    name=$(basename "$f" .ogg)
    disc=$(tag "$f" disc)
    track=$(tag "$f" track)
    add wesnoth "$(tag "$f" artist)" "Wesnoth Project" "The Battle for Wesnoth OST" "${disc:-1}" "${track:-0}" \
      "$(tag "$f" title || true)" "$f"
  done

  # Advanced Strategic Command: three pieces by Michael Kievernagel.
  n=0
  for name in frontiers machine_wars time_to_strike; do
    n=$((n + 1))
    add asc "Michael Kievernagel" "Michael Kievernagel" "Advanced Strategic Command" 1 "$n" "$(title_of "$name")" \
      "$work/asc-music/usr/share/games/asc/music/$name.mp3"
  done

  # Extreme Tux Racer: composers from the package's music/readme.
  n=0
  for f in "$work/extremetuxracer-data"/usr/share/games/etr/music/*.ogg; do
    name=$(basename "$f" .ogg)
    case "$name" in
      *-jt) artist="Joseph Toscano" ;;
      *-cp) artist="Christian Picon" ;;
      *-ks) artist="K. Schroeder" ;;
      freezingpoint) artist="Grady O'Connell" ;;
      *) artist="" ;;
    esac
    n=$((n + 1))
    add etr "$artist" "Various Artists" "Extreme Tux Racer" 1 "$n" "$(title_of "${name%-??}")" "$f"
  done
}

for lib in "${todo[@]}"; do
  dest="$OUT/$lib.tmp"
  rm -rf "$dest"
  mkdir -p "$dest/licences"
  printf 'path\tgenre\talbum\tartist\talbum_artist\n' >"$dest/labels.tsv"
  echo "make-dev-libraries: building $lib"
  declare -A used=()
  build
  # Licences (and versions) of the packages this library draws on.
  for pkg in "${!used[@]}"; do
    cp "$work/$pkg/usr/share/doc/$pkg/copyright" "$dest/licences/$pkg.copyright"
    awk -F'\t' -v p="$pkg" '$1 == p' "$work/versions.tsv" >>"$dest/packages.tsv"
  done
  if [[ -n "${used[extremetuxracer-data]:-}" ]]; then
    cp "$work/extremetuxracer-data/usr/share/games/etr/music/readme" "$dest/licences/extremetuxracer-data.music-readme"
  fi
  rm -rf "${OUT:?}/$lib"
  mv "$dest" "$OUT/$lib"
  echo "make-dev-libraries: $lib: $(($(wc -l <"$OUT/$lib/labels.tsv") - 1)) tracks in $OUT/$lib"
  tail -n +2 "$OUT/$lib/labels.tsv" | awk -F'\t' '{ n[$2]++; if ($3 != "") a[$2 FS $3]++ } END {
    for (g in n) { albums = 0; for (k in a) if (index(k, g FS) == 1) albums++; printf "  %-11s %3d tracks, %d albums\n", g, n[g], albums } }'
done
