#!/usr/bin/env python3
"""The anchor for `npm run bench -- scan`: Python's mutagen reading every audio file's tags and
length under a folder, on one core, the way a tagger's scan does (mutagen.File, easy tags, the
genre and the length). Prints one JSON object: files read, failures, wall and CPU seconds.
    python3 scripts/bench/mutagen-scan.py FOLDER
"""
import json
import os
import sys
import time

import mutagen

EXTENSIONS = {'.mp3', '.flac', '.ogg', '.oga', '.opus', '.m4a', '.mp4', '.aac', '.wav', '.aif', '.aiff',
              '.wma', '.ape', '.wv', '.mpc'}


def main(folder):
    started, cpu = time.perf_counter(), time.process_time()
    files = failed = 0
    for root, _dirs, names in os.walk(folder):
        for name in names:
            if os.path.splitext(name)[1].lower() not in EXTENSIONS:
                continue
            files += 1
            try:
                audio = mutagen.File(os.path.join(root, name), easy=True)
                if audio is None:
                    failed += 1
                    continue
                _ = (audio.get('genre'), audio.get('title'), audio.get('artist'), audio.info.length)
            except Exception:  # a broken file counts as a failure, as in the scanner
                failed += 1
    print(json.dumps({'files': files, 'failed': failed, 'seconds': time.perf_counter() - started,
                      'cpuSeconds': time.process_time() - cpu}))


if __name__ == '__main__':
    main(sys.argv[1])
