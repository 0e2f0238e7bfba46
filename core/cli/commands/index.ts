import type { Command } from '../command.js';
import { serveCommand } from './serve.js';
import { writeTagsCommand } from './write-tags.js';
import { undoCommand } from './undo.js';
import { scanCommand } from './scan.js';
import { lsCommand } from './ls.js';
import { statsCommand } from './stats.js';
import { errorsCommand } from './errors.js';
import { reviewCommand } from './review.js';
import { decideCommand } from './decide.js';
import { acceptCommand } from './accept.js';
import { playlistsCommand } from './playlists.js';
import { classifyCommand } from './classify.js';
import { featuresCommand } from './features.js';
import { analyzeCommand } from './analyze.js';
import { trainCommand } from './train.js';
import { evaluateCommand } from './evaluate.js';
import { learnCommand } from './learn.js';
import { similarCommand } from './similar.js';
import { settingsCommand } from './settings.js';

/**
 * Every CLI command, in the order `genrewise --help` lists them. Each lives in its own file in
 * this folder and only parses arguments and prints: the work is done by the library modules.
 */
export const COMMANDS: readonly Command[] = [
  scanCommand,
  lsCommand,
  statsCommand,
  errorsCommand,
  featuresCommand,
  analyzeCommand,
  classifyCommand,
  trainCommand,
  evaluateCommand,
  learnCommand,
  playlistsCommand,
  similarCommand,
  reviewCommand,
  decideCommand,
  acceptCommand,
  writeTagsCommand,
  undoCommand,
  settingsCommand,
  serveCommand,
];
