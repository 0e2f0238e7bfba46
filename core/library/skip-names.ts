/**
 * What the scanner passes over without a word: hidden files and folders (a leading dot: macOS
 * `._*` AppleDouble companions, `.Trashes`, `.Spotlight-V100`, `.DS_Store`, the tag writer's own
 * temporary copies) and the system litter Windows and macOS leave in music folders. None of them
 * is music, so none is an error: a library copied from a Mac scans with exit status 0.
 */
const SYSTEM_NAMES = new Set(['thumbs.db', 'desktop.ini', 'ehthumbs.db', 'icon\r']);

export function isSkippedName(name: string): boolean {
  return name.startsWith('.') || SYSTEM_NAMES.has(name.toLowerCase());
}
