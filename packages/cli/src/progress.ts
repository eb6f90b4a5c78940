/**
 * A one-line progress display on stderr, shown only when stderr is a terminal and the run is large enough
 * to wait for: pipes and CI logs get nothing, so that output stays byte-for-byte the same.
 */
export class Progress {
  private shown = false;

  constructor(
    readonly enabled: boolean,
    /** Runs with fewer files finish before a progress line would help. */
    private readonly minFiles: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  /** On a TTY for runs of at least 30 files, unless `--progress` / `--no-progress` decide. */
  static forRun(force: boolean | undefined, stream: NodeJS.WriteStream = process.stderr): Progress {
    return new Progress(force ?? Boolean(stream.isTTY), force ? 0 : 30, stream);
  }

  /** Whether a run over `files` files shows progress. */
  wanted(files: number): boolean {
    return this.enabled && files >= this.minFiles;
  }

  update(done: number, total: number): void {
    if (!this.enabled) return;
    this.write(`loopguard: ${done}/${total} files linted`);
  }

  phase(text: string): void {
    if (!this.enabled) return;
    this.write(`loopguard: ${text}…`);
  }

  done(): void {
    if (!this.enabled || !this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }

  private write(text: string): void {
    this.stream.write(`\r\x1b[2K${text}`);
    this.shown = true;
  }
}
