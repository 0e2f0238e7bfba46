/**
 * A one-line progress bar on stderr with counts, rate and ETA. Drawn only on a terminal; when
 * output is piped the bar prints nothing, so scripts see exactly the command's result.
 */
export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;
  /** Length of the line last drawn. */
  private width = 0;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly enabled: boolean,
    private readonly label: string,
  ) {}

  update(done: number, total: number | undefined, note = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && done !== total) return;
    this.lastDraw = now;
    this.drawn = true;
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const width = 24;
    let line: string;
    if (total && total > 0) {
      const frac = Math.min(1, done / total);
      const filled = Math.round(frac * width);
      const eta = rate > 0 ? (total - done) / rate : undefined;
      line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s ETA ${formatDuration(eta)}`;
    } else {
      line = `${this.label} ${done} ${rate.toFixed(1)}/s`;
    }
    if (note) line += ` ${note}`;
    // A terminal that reports 0 (or no) columns does not know its width: the whole line is drawn,
    // padded over the previous one, rather than cut to nothing.
    const columns = (this.stream as NodeJS.WriteStream).columns;
    const text =
      columns !== undefined && columns > 1 ? line.slice(0, columns - 1).padEnd(columns - 1) : line.padEnd(this.width);
    this.width = text.length;
    this.stream.write(`\r${text}`);
  }

  finish(): void {
    if (this.enabled && this.drawn) this.stream.write('\r\x1b[2K');
  }
}

export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
