#!/usr/bin/env bash
# Builds the real-recording development set for `genrewise evaluate` (issue 5) from openly
# licensed, genre-labelled music that Debian ships, plus the clips in ../shared/data/realworld.
# Nothing here is committed: the set goes to $GENREWISE_REALWORLD, else
# ${XDG_CACHE_HOME:-~/.cache}/genrewise-test-data/realworld. Run it again to rebuild it.
#
# Labels are GTZAN genre ids given only where defensible, each with a confidence and a reason:
#   - Wesnoth's orchestral score: every file carries its composers' own tag GENRE=Romantic Classical.
#   - Muldjord's songs (Frets on Fire pack): composed and played by a Danish metal band.
#   - Sectoid's songs (Frets on Fire pack): guitar-led instrumental rock by a guitarist;
#     "Metal madness" is metal by its own title, the others are labelled rock with low confidence.
#   - ../shared/data/realworld/librosa_cc: its own labels.tsv (label_gtzan, confidence).
# Frets on Fire keeps the guitar part apart from the rest of the band (guitar.ogg + song.ogg);
# they are mixed back into one recording at their original levels (amix without normalising).
# Only a fixed subset of Wesnoth's 41 pieces is used, so one classical score does not outweigh
# every other genre of the set.
#
# Needs apt-get (with package lists: run `apt-get update` once), dpkg-deb and ffmpeg.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="${GENREWISE_REALWORLD:-${XDG_CACHE_HOME:-$HOME/.cache}/genrewise-test-data/realworld}"
data="${GENREWISE_DATA:-$here/../../shared/data}"
ffmpeg="${GENREWISE_FFMPEG:-ffmpeg}"

for tool in apt-get dpkg-deb "$ffmpeg"; do
  command -v "$tool" >/dev/null || { echo "make-realworld-devset: $tool is required" >&2; exit 2; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -rf "$out/wesnoth" "$out/muldjord" "$out/sectoid" "$out/licences" "$out/librosa_cc"
mkdir -p "$out/wesnoth" "$out/muldjord" "$out/sectoid" "$out/licences"

# Downloads a package (any version the mirror serves: the version is recorded) and unpacks it.
unpack() {
  local pkg="$1"
  (cd "$work" && apt-get download "$pkg" >/dev/null 2>"$work/$pkg.err") || {
    cat "$work/$pkg.err" >&2
    echo "make-realworld-devset: cannot download $pkg (run apt-get update?)" >&2
    exit 1
  }
  local deb
  deb="$(ls "$work"/"${pkg}"_*.deb)"
  dpkg-deb -x "$deb" "$work/$pkg"
  cp "$work/$pkg/usr/share/doc/$pkg/copyright" "$out/licences/$pkg.copyright"
  printf '%s\t%s\n' "$pkg" "$(dpkg-deb -f "$deb" Version)" >>"$work/versions.tsv"
}

labels="$work/labels.tsv"
printf 'file\tlabel_gtzan\tconfidence\tsource\tlicense\treason\n' >"$labels"
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$labels"; }

# --- Wesnoth: orchestral score, tagged Romantic Classical by its composers (GPL-2+) -----------
unpack wesnoth-1.16-music
wesnoth_music="$work/wesnoth-1.16-music/usr/share/games/wesnoth/1.16/data/core/music"
for name in battle casualties_of_war elvish-theme heroes_rite journeys_end knolls loyalists \
  northerners nunc_dimittis silvan_sanctuary the_city_falls wanderer; do
  cp "$wesnoth_music/$name.ogg" "$out/wesnoth/$name.ogg"
  row "wesnoth/$name.ogg" classical high "Debian wesnoth-1.16-music" "GPL-2+" \
    "orchestral score; the file's own GENRE tag is 'Romantic Classical'"
done

# --- Frets on Fire song packs: band + guitar parts mixed back together -----------------------
mix() {
  local dir="$1" dest="$2"
  "$ffmpeg" -nostdin -v error -y -i "$dir/song.ogg" -i "$dir/guitar.ogg" \
    -filter_complex 'amix=inputs=2:duration=longest:normalize=0' -c:a flac "$dest"
}

unpack fretsonfire-songs-muldjord
muldjord="$work/fretsonfire-songs-muldjord/usr/share/games/fretsonfire/data/songs/muldjord"
for name in armygeddon chaos_god internal_degeneration mutilated_mime; do
  mix "$muldjord/$name" "$out/muldjord/$name.flac"
  row "muldjord/$name.flac" metal high "Debian fretsonfire-songs-muldjord" "CC BY-SA 3.0" \
    "composed and played by El Senator of the Danish metal band Muldjord (package readme)"
done

unpack fretsonfire-songs-sectoid
sectoid="$work/fretsonfire-songs-sectoid/usr/share/games/fretsonfire/data/songs/sectoid"
for name in "Escape from chaosland" "Feelings" "Metal madness" "War of freedom"; do
  file="$(echo "$name" | tr 'A-Z ' 'a-z_').flac"
  mix "$sectoid/$name" "$out/sectoid/$file"
  if [ "$name" = "Metal madness" ]; then
    row "sectoid/$file" metal medium "Debian fretsonfire-songs-sectoid" "MIT-style" \
      "guitar-game song by the guitarist Sectoid; metal by its own title"
  else
    row "sectoid/$file" rock low "Debian fretsonfire-songs-sectoid" "MIT-style" \
      "guitar-game song (lead electric guitar over a band) by the guitarist Sectoid; rock is a mapping"
  fi
done

# --- The clips beside the checkout: linked, not copied; their own labels ---------------------
if [ -f "$data/realworld/librosa_cc/labels.tsv" ]; then
  ln -s "$(cd "$data/realworld/librosa_cc" && pwd)" "$out/librosa_cc"
  tail -n +2 "$data/realworld/librosa_cc/labels.tsv" | while IFS=$'\t' read -r file label source confidence license original; do
    row "librosa_cc/$file" "$label" "$confidence" "$original" "$license" "$source"
  done
else
  echo "make-realworld-devset: $data/realworld/librosa_cc not found; the set lacks those clips" >&2
fi

mv "$labels" "$out/labels.tsv"
mv "$work/versions.tsv" "$out/packages.tsv"
count=$(($(wc -l <"$out/labels.tsv") - 1))
echo "real-recording set: $count clips in $out"
tail -n +2 "$out/labels.tsv" | cut -f2 | sort | uniq -c | sed 's/^/  /'
