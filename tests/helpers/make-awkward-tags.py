#!/usr/bin/env python3
"""Audio files with awkward tags for tests/library/fast-tags.test.ts, written with ffmpeg (audio)
and mutagen (tags): every tag layout the fast tag readers must read exactly as music-metadata
does, and layouts they must leave to it.
    /usr/bin/python3 tests/helpers/make-awkward-tags.py OUT_DIR FFMPEG
"""
import os
import shutil
import subprocess
import sys

import struct

from mutagen import id3
from mutagen.aiff import AIFF
from mutagen.wave import WAVE
from mutagen.wavpack import WavPack
from mutagen.apev2 import APEv2, APEBinaryValue
from mutagen.flac import FLAC, Picture
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

OUT, FFMPEG = sys.argv[1], sys.argv[2]
NOISE = bytes((i * 7919 + 13) % 251 for i in range(300_000))  # a "picture" bigger than the head buffer


def encode(name, seconds, args):
    path = os.path.join(OUT, name)
    subprocess.run([FFMPEG, '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
                    f'sine=frequency=330:sample_rate=44100:duration={seconds}', *args, path], check=True)
    return path


def copy(src, name):
    path = os.path.join(OUT, name)
    shutil.copyfile(src, path)
    return path


def id3_tag(path, frames, version=4, v1=0):
    tag = id3.ID3()
    for frame in frames:
        tag.add(frame)
    tag.save(path, v2_version=version, v1=v1)


def mp3s():
    cbr = encode('base-cbr.mp3', 3, ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0'])
    vbr = encode('base-vbr.mp3', 3, ['-c:a', 'libmp3lame', '-q:a', '4', '-id3v2_version', '0'])
    mono = encode('base-mono.mp3', 3, ['-ac', '1', '-ar', '22050', '-c:a', 'libmp3lame', '-b:a', '32k',
                                        '-id3v2_version', '0'])
    noxing = encode('base-noxing.mp3', 3, ['-c:a', 'libmp3lame', '-b:a', '96k', '-write_xing', '0',
                                            '-id3v2_version', '0'])
    long = encode('long-cbr.mp3', 25, ['-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0'])
    utf16 = id3.Encoding.UTF16
    id3_tag(copy(cbr, 'v23-utf16-slash.mp3'), [
        id3.TIT2(encoding=utf16, text='Ünïcode Tïtle'), id3.TPE1(encoding=utf16, text='Artist A/Artist B'),
        id3.TPE2(encoding=utf16, text='Album Artist'), id3.TALB(encoding=utf16, text='Album'),
        id3.TCON(encoding=utf16, text='Rock/Pop'), id3.TRCK(encoding=utf16, text='3/12'),
        id3.TPOS(encoding=utf16, text='1/2'), id3.TYER(encoding=utf16, text='1999'),
        id3.COMM(encoding=utf16, lang='eng', desc='', text='x' * 3000),
        id3.TXXX(encoding=utf16, desc='ARTISTS', text='Artist A/Artist B'),
        id3.TXXX(encoding=utf16, desc='STYLE', text='Shoegaze')], version=3)
    id3_tag(copy(vbr, 'v24-multi-genre.mp3'), [
        id3.TIT2(encoding=3, text='Multi'), id3.TPE1(encoding=3, text=['One', 'Two', 'Three']),
        id3.TCON(encoding=3, text=['(17)', '17', 'Electronic', 'Ambient', 'electronic', '(4)Eurodisco', '((Paren)',
                                   '(RX)(CR)', '(255)']),
        id3.TDRC(encoding=3, text='2004-05-06'), id3.TRCK(encoding=3, text='7'),
        id3.TXXX(encoding=3, desc='DISCOGS_RELEASED', text='2003')])
    id3_tag(copy(mono, 'v24-latin1-accents.mp3'), [
        id3.TIT2(encoding=0, text='Café Noël'), id3.TPE1(encoding=0, text='Émile'),
        id3.TALB(encoding=0, text='Àlbum'), id3.TCON(encoding=0, text='Chanson;Variété'),
        id3.TRCK(encoding=0, text='  04 '), id3.TDRC(encoding=0, text='198')])
    id3_tag(copy(noxing, 'v23-empty-frames.mp3'), [
        id3.TIT2(encoding=1, text=''), id3.TPE1(encoding=0, text=''), id3.TPE2(encoding=3, text='Only Album Artist'),
        id3.TCON(encoding=0, text=''), id3.TRCK(encoding=0, text='x/y'),
        id3.TXXX(encoding=0, desc='DISCOGS_ALBUM_ARTISTS', text='Other AA')], version=3)
    id3_tag(copy(cbr, 'v23-with-v1.mp3'), [
        id3.TIT2(encoding=0, text='Two Tags'), id3.TCON(encoding=0, text='(13)'),
        id3.TRCK(encoding=0, text='5')], version=3, v1=2)
    id3_tag(copy(long, 'long-v24-with-v1.mp3'), [
        id3.TIT2(encoding=3, text='Long'), id3.TPE1(encoding=3, text='Long Artist'),
        id3.TCON(encoding=3, text='Jazz')], version=4, v1=2)
    id3_tag(copy(cbr, 'big-cover.mp3'), [
        id3.TIT2(encoding=3, text='Cover'),
        id3.APIC(encoding=0, mime='image/jpeg', type=3, desc='front', data=NOISE)])
    only_v1 = copy(vbr, 'v1-only.mp3')
    id3_tag(only_v1, [id3.TIT2(encoding=0, text='Version One'), id3.TPE1(encoding=0, text='V1 Artist'),
                      id3.TCON(encoding=0, text='Blues'), id3.TRCK(encoding=0, text='9'),
                      id3.TDRC(encoding=0, text='1987')], version=3, v1=2)
    id3.ID3(only_v1).delete(only_v1, delete_v1=False, delete_v2=True)
    ape = copy(cbr, 'ape-tagged.mp3')
    tag = APEv2()
    tag['Title'] = 'APE Title'
    tag.save(ape)


def vorbis_comments(tags, picture=False):
    tags['TITLE'] = ['Vörbis', 'Second Title']
    tags['ARTIST'] = ['First', 'Second']
    tags['ARTISTS'] = ['Plural One', 'Plural Two']
    tags['ALBUM ARTIST'] = ['Spaced Album Artist']
    tags['ALBUM'] = ['Album']
    tags['DATE'] = ['2001-02-03']
    tags['TRACKNUMBER'] = ['3/12']
    tags['DISCNUMBER'] = ['2']
    tags['GENRE'] = ['Rock', 'rock', 'Indie;Dream Pop', 'Art/Rock']
    tags['STYLE'] = ['Shoegaze']
    tags['COMMENT'] = ['y' * 70000]
    if picture:
        pic = Picture()
        pic.type, pic.mime, pic.data = 3, 'image/jpeg', NOISE
        import base64
        tags['METADATA_BLOCK_PICTURE'] = [base64.b64encode(pic.write()).decode('ascii')]


def flacs():
    base = encode('base.flac', 3, ['-c:a', 'flac'])
    tagged = copy(base, 'comments.flac')
    f = FLAC(tagged)
    vorbis_comments(f)
    f.save()
    covered = copy(base, 'big-cover.flac')
    f = FLAC(covered)
    f['TITLE'] = 'Covered'
    pic = Picture()
    pic.type, pic.mime, pic.data = 3, 'image/jpeg', NOISE
    f.add_picture(pic)
    f.save()
    v1 = copy(base, 'id3v1-tail.flac')
    with open(v1, 'ab') as out:
        out.write(b'TAG' + b'FLAC with ID3v1'.ljust(30, b'\0') + b'\0' * 94 + b'\x11')


def oggs():
    vorbis = encode('base.ogg', 3, ['-c:a', 'libvorbis', '-q:a', '2'])
    f = OggVorbis(copy(vorbis, 'comments.ogg'))
    vorbis_comments(f)
    f.save()
    f = OggVorbis(copy(vorbis, 'picture.ogg'))
    vorbis_comments(f, picture=True)
    f.save()
    long = encode('long.ogg', 30, ['-c:a', 'libvorbis', '-q:a', '0'])
    f = OggVorbis(long)
    f['GENRE'] = 'Ambient'
    f.save()
    opus = encode('base.opus', 3, ['-c:a', 'libopus', '-b:a', '48k'])
    f = OggOpus(copy(opus, 'comments.opus'))
    vorbis_comments(f)
    f.save()
    f = OggOpus(opus)
    f['ARTISTS'] = ['Only Plural']
    f['DISCOGS_ARTIST_NAME'] = ['Discogs Name']
    f.save()


def with_text_chunks(src, name, chunks):
    """The AIFF file with extra chunks (id, bytes) appended inside its FORM, odd sizes padded."""
    data = bytearray(open(src, 'rb').read())
    for cid, payload in chunks:
        data += cid + struct.pack('>I', len(payload)) + payload + (b'\0' if len(payload) % 2 else b'')
    data[4:8] = struct.pack('>I', len(data) - 8)
    path = os.path.join(OUT, name)
    open(path, 'wb').write(bytes(data))
    return path


def aiffs():
    base = encode('base.aiff', 2, ['-c:a', 'pcm_s16be'])
    encode('aifc-sowt.aiff', 2, ['-c:a', 'pcm_s16le'])
    f = AIFF(copy(base, 'id3-v24.aiff'))
    f.add_tags()
    for frame in [id3.TIT2(encoding=3, text='Äiff Title'), id3.TPE1(encoding=3, text=['One', 'Two']),
                  id3.TCON(encoding=3, text=['(17)', 'Ambient']), id3.TRCK(encoding=3, text='2/9'),
                  id3.TDRC(encoding=3, text='2011')]:
        f.tags.add(frame)
    f.save(v2_version=4)
    f = AIFF(copy(base, 'id3-v23.aiff'))
    f.add_tags()
    for frame in [id3.TIT2(encoding=1, text='UTF-16 Title'), id3.TCON(encoding=1, text='Rock/Pop'),
                  id3.TYER(encoding=1, text='1995')]:
        f.tags.add(frame)
    f.save(v2_version=3)
    with_text_chunks(base, 'text-chunks.aiff', [(b'NAME', b'Chunk Title'), (b'AUTH', b'Odd Author'),
                                               (b'ANNO', b'a note\0another')])
    with_text_chunks(os.path.join(OUT, 'id3-v23.aiff'), 'id3-and-text.aiff', [(b'NAME', b'Loses To ID3')])


def wavs():
    info = ['-metadata', 'title=Wäv Title', '-metadata', 'artist=Info Artist', '-metadata', 'album=Odd',
            '-metadata', 'genre=Rock;Pop', '-metadata', 'date=2007', '-metadata', 'track=4']
    base = encode('info.wav', 2, ['-c:a', 'pcm_s16le', *info])
    encode('float-fact.wav', 2, ['-c:a', 'pcm_f32le', *info])
    encode('rf64.wav', 1, ['-c:a', 'pcm_s16le', '-rf64', 'always'])
    encode('bext.wav', 1, ['-c:a', 'pcm_s16le', '-write_bext', '1'])
    f = WAVE(copy(base, 'info-and-id3.wav'))
    f.add_tags()
    for frame in [id3.TIT2(encoding=1, text='ID3 Title'), id3.TCON(encoding=1, text='(8)'),
                  id3.TRCK(encoding=1, text='11/12'), id3.TPE1(encoding=1, text='ID3 Artist')]:
        f.tags.add(frame)
    f.save(v2_version=3)
    plain = encode('plain.wav', 1, ['-c:a', 'pcm_u8', '-ac', '1', '-ar', '8000'])
    f = WAVE(copy(plain, 'id3-only.wav'))
    f.add_tags()
    f.tags.add(id3.TIT2(encoding=3, text='Only ID3'))
    f.tags.add(id3.TCON(encoding=3, text='Jazz'))
    f.save(v2_version=4)


def mp4s():
    aac = encode('base-aac.m4a', 3, ['-c:a', 'aac', '-b:a', '96k'])
    fast = encode('faststart.m4a', 3, ['-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart',
                                        '-metadata', 'title=Fast Start', '-metadata', 'genre=Ambient'])
    alac = encode('alac.m4a', 2, ['-c:a', 'alac'])
    long = encode('long-moov-at-end.m4a', 25, ['-c:a', 'aac', '-b:a', '128k', '-metadata', 'artist=Long'])
    for src, name in [(aac, 'itunes-tags.m4a'), (alac, 'alac-tags.m4a')]:
        f = MP4(copy(src, name))
        f['\xa9nam'] = ['M4A Tïtle', 'Second']
        f['\xa9ART'] = ['First Artist', 'Second Artist']
        f['aART'] = ['Album Artist']
        f['\xa9alb'] = ['Album']
        f['\xa9day'] = ['2001-02-03']
        f['trkn'] = [(3, 12)]
        f['disk'] = [(1, 2)]
        f['\xa9gen'] = ['Rock;Pop', 'Jazz']
        f['----:com.apple.iTunes:ARTISTS'] = [MP4FreeForm(b'Plural A'), MP4FreeForm(b'Plural B')]
        f['----:com.apple.iTunes:Band'] = [MP4FreeForm(b'The Band')]
        f['\xa9cmt'] = ['z' * 5000]
        f.save()
    f = MP4(copy(aac, 'big-cover.m4a'))
    f['\xa9nam'] = ['Covered']
    f['covr'] = [MP4Cover(NOISE, imageformat=MP4Cover.FORMAT_JPEG)]
    f.save()
    f = MP4(long)
    f['\xa9gen'] = ['Jazz']
    f.save()
    f = MP4(fast)
    f['trkn'] = [(7, 0)]
    f.save()


def wavpacks():
    base = encode('base.wv', 2, ['-c:a', 'wavpack', '-metadata', 'title=FFmpeg Title', '-metadata', 'genre=Rock'])
    encode('stereo.wv', 2, ['-ac', '2', '-c:a', 'wavpack'])
    f = WavPack(copy(base, 'ape-items.wv'))
    f['Title'] = ['Wäve Title']
    f['ARTIST'] = ['One', 'Two']
    f['Album Artist'] = 'Spaced AA'
    f['Year'] = '1999-12-31'
    f['Track'] = '5/7'
    f['Disc'] = '2'
    f['Genre'] = ['Metal', 'metal', '(17)']
    f['Cover Art (Front)'] = APEBinaryValue(b'cover.jpg\0' + bytes(2000))
    f.save()
    v1 = copy(base, 'id3v1-tail.wv')
    with open(v1, 'ab') as out:
        out.write(b'TAG' + b'WavPack with ID3v1'.ljust(30, b'\0') + b'\0' * 94 + b'\x11')


os.makedirs(OUT, exist_ok=True)
wavpacks()
mp4s()
wavs()
aiffs()
mp3s()
flacs()
oggs()
