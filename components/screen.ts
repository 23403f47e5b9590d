// Our own frame writer for the alternate screen. Ink 6.8.0's incremental renderer is off by one line
// when the frame is shorter than the terminal (each update lands one row low and the screen scrolls;
// reproduced in tmux), and its standard renderer rewrites every line on every key. So Ink runs in debug
// mode (it then hands us each whole frame, unthrottled) and this writer sends only the lines that
// changed, placed by absolute cursor positions, inside one synchronized-output block.
import { EventEmitter } from 'node:events';
import { stripAnsi } from '../src/core/formats/shared/text.js';

const BSU = '\x1b[?2026h';
const ESU = '\x1b[?2026l';
const CLEAR = '\x1b[2J';
const HIDE_CURSOR = '\x1b[?25l';

const at = (row: number) => `\x1b[${row + 1};1H`;
// Erase the whole line before writing it: erasing after would eat the last column once the cursor
// sits there (autowrap is off).
const ERASE_LINE = '\x1b[2K';

type Target = Pick<NodeJS.WriteStream, 'write' | 'columns' | 'rows' | 'isTTY' | 'on' | 'off'>;

/** A stdout stand-in for Ink: size and resize events come from the real terminal, frames are diffed. */
export class ScreenWriter extends EventEmitter {
  private prev: string[] = [];
  private prevColumns = 0;
  /** Bytes written so far (tests, bench). */
  bytes = 0;
  frames = 0;

  constructor(private readonly out: Target) {
    super();
    out.on('resize', this.onResize);
  }

  get isTTY(): boolean {
    return true;
  }
  get columns(): number {
    return this.out.columns;
  }
  get rows(): number {
    return this.out.rows;
  }

  private onResize = () => {
    // Every line may have moved or been cut by the terminal: repaint the next frame in full.
    this.prev = [];
    this.emit('resize');
  };

  /** Forget what is on screen (after something else drew on it). */
  invalidate(): void {
    this.prev = [];
  }

  write = (chunk: string | Uint8Array): boolean => {
    const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    // Ink in debug mode writes whole frames; anything without text (a stray erase) only invalidates.
    if (!s.includes('\n') && stripAnsi(s) === '') {
      this.invalidate();
      return true;
    }
    this.frame(s);
    return true;
  };

  private frame(s: string): void {
    const lines = s.split('\n');
    if (lines[lines.length - 1] === '' && lines.length > 1) lines.pop();
    const full = this.prev.length === 0 || this.columns !== this.prevColumns;
    let buf = BSU + HIDE_CURSOR + (full ? CLEAR : '');
    const n = Math.max(lines.length, full ? 0 : this.prev.length);
    for (let i = 0; i < n; i++) {
      const line = lines[i];
      if (!full && line === this.prev[i]) continue;
      buf += at(i) + ERASE_LINE + (line ?? '');
    }
    buf += ESU;
    this.prev = lines;
    this.prevColumns = this.columns;
    this.frames++;
    this.bytes += Buffer.byteLength(buf);
    this.out.write(buf);
  }

  dispose(): void {
    this.out.off('resize', this.onResize);
  }
}
