#!/usr/bin/env bash
# Regenerates the committed audio fixtures under tests/fixtures/ (library/, broken/, manifest.json).
# Needs Debian's ffmpeg (libmp3lame, libvorbis, libopus, aac, wmav2, wavpack) and Node; the test
# suite itself never runs this. Output is deterministic for a given ffmpeg build (bitexact flags,
# fixed noise seeds), so rerunning it on the same machine produces byte-identical files.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v ffmpeg >/dev/null || { echo "make-fixtures: ffmpeg not found (apt-get install ffmpeg)" >&2; exit 2; }
exec node scripts/fixtures/generate.js "$@"
