/** Number and time formatting shared by every view, so the same quantity always reads the same. */

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** 0.734 → "73%"; null → "—". */
const compact = new Intl.NumberFormat(undefined, { notation: 'compact' });

/** A count in two significant digits, for a badge with little room: 999, 1.2K, 54K, 1.2M. */
export function formatCompactCount(n: number): string {
  return compact.format(n);
}

export function formatPercent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

/** Track length: 225 → "3:45", 4000 → "1:06:40". */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '—';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** A library's total length in words: "36 h 12 min". */
export function formatLongDuration(sec: number): string {
  const minutes = Math.round(sec / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h >= 48) return `${formatCount(Math.round(h / 24))} days`;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** Remaining time of a job, deliberately vague: precise seconds would flicker. */
export function formatEta(sec: number | null | undefined): string | null {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return null;
  if (sec < 10) return 'a few seconds left';
  if (sec < 60) return 'less than a minute left';
  const minutes = Math.round(sec / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `about ${h} h ${m} min left` : `about ${h} h left`;
}

export function formatRate(rate: number, unit: string): string {
  if (!Number.isFinite(rate) || rate <= 0) return `— ${unit}/s`;
  return `${rate >= 10 ? integer.format(rate) : oneDecimal.format(rate)} ${unit}/s`;
}

/** "just now", "5 min ago", "3 h ago", or a date for anything older than a day. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return iso;
  const sec = (now.getTime() - then.getTime()) / 1000;
  if (sec < 45) return 'just now';
  if (sec < 3600) return `${Math.round(sec / 60)} min ago`;
  if (sec < 86_400) return `${Math.round(sec / 3600)} h ago`;
  return then.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Last path segment, for places where the full path does not fit. */
export function fileName(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i >= 0 ? path.slice(i + 1) : path;
}

export function folderOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i > 0 ? path.slice(0, i) : '';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * Shown beside counts while the server says the library's rows are still being brought up to
 * date after a re-learn or a new threshold (`updating` in the answer): the counts are as they
 * stood, and the view re-reads when the update is done.
 */
export const UPDATING = 'Updating…';
