import type { CommandEntry } from '../command.js';

/**
 * Every CLI command, in the order `genrewise --help` lists them, with the line that list shows.
 * Each lives in its own file in this folder and only parses arguments and prints: the work is
 * done by the library modules. A command's module (and what it imports: onnxruntime, the
 * analysis pool, the HTTP server) is loaded only when that command runs, so `genrewise stats`
 * does not pay for `genrewise serve`.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'scan',
    summary: 'scan music folders into the library (incremental)',
    load: async () => (await import('./scan.js')).scanCommand,
  },
  { name: 'ls', summary: 'list the tracks in the library', load: async () => (await import('./ls.js')).lsCommand },
  {
    name: 'stats',
    summary: 'summarise the library: tracks by format and genre, errors',
    load: async () => (await import('./stats.js')).statsCommand,
  },
  {
    name: 'errors',
    summary: 'list files the scan or the analysis could not handle, with reasons',
    load: async () => (await import('./errors.js')).errorsCommand,
  },
  {
    name: 'features',
    summary: 'compute the 57 GTZAN features of audio files (no library needed)',
    load: async () => (await import('./features.js')).featuresCommand,
  },
  {
    name: 'analyze',
    summary: 'analyse the audio of every track that needs it and predict its genre',
    load: async () => (await import('./analyze.js')).analyzeCommand,
  },
  {
    name: 'classify',
    summary: 'predict the genre of audio files (no library needed)',
    load: async () => (await import('./classify.js')).classifyCommand,
  },
  {
    name: 'train',
    summary: 'train and evaluate the genre models (SVC, KNN) and write them as ONNX with model cards',
    load: async () => (await import('./train.js')).trainCommand,
  },
  {
    name: 'evaluate',
    summary: 'measure a genre model on labelled recordings (accuracy, recall, confusion, confident mistakes)',
    load: async () => (await import('./evaluate.js')).evaluateCommand,
  },
  {
    name: 'learn',
    summary: 'train a personal genre model from your own decisions and tags',
    load: async () => (await import('./learn.js')).learnCommand,
  },
  {
    name: 'playlists',
    summary: 'export one playlist per genre (M3U8, PLS or XSPF)',
    load: async () => (await import('./playlists.js')).playlistsCommand,
  },
  {
    name: 'similar',
    summary: 'List the tracks that sound most like one track',
    load: async () => (await import('./similar.js')).similarCommand,
  },
  {
    name: 'review',
    summary: 'list the tracks whose genre needs a human look',
    load: async () => (await import('./review.js')).reviewCommand,
  },
  {
    name: 'decide',
    summary: "settle one track's genre (accept, keep, skip or name one), or a whole album's",
    load: async () => (await import('./decide.js')).decideCommand,
  },
  {
    name: 'accept',
    summary: 'bulk-accept every prediction at or above a confidence',
    load: async () => (await import('./accept.js')).acceptCommand,
  },
  {
    name: 'write-tags',
    summary: 'write decided (and confident predicted) genres into the files, safely',
    load: async () => (await import('./write-tags.js')).writeTagsCommand,
  },
  {
    name: 'undo',
    summary: 'restore the genres a tag-write batch replaced',
    load: async () => (await import('./undo.js')).undoCommand,
  },
  {
    name: 'settings',
    summary: 'read or change the library settings (thresholds, models, genre names)',
    load: async () => (await import('./settings.js')).settingsCommand,
  },
  {
    name: 'serve',
    summary: 'serve the Genrewise UI and API to a browser on this machine',
    load: async () => (await import('./serve.js')).serveCommand,
  },
];
