// Lenient reading of a JSON fragment: the first value in the text, keeping whatever is complete when the text
// stops mid-value. CodeTraceBench `action_ref.content` slices are line ranges cut out of pretty-printed files,
// so they often end inside an object ("...},") or start with indentation; strict JSON.parse rejects them.

const WS = new Set([' ', '\t', '\n', '\r']);

class Cut extends Error {}

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && WS.has(this.s[this.i])) this.i++;
  }

  eof(): boolean {
    return this.i >= this.s.length;
  }

  /** A complete string token, or Cut when the text ends inside it. */
  str(): string {
    const start = this.i;
    this.i++;
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '\\') this.i += 2;
      else if (c === '"') {
        this.i++;
        return JSON.parse(this.s.slice(start, this.i)) as string;
      } else this.i++;
    }
    throw new Cut();
  }

  value(): unknown {
    this.ws();
    if (this.eof()) throw new Cut();
    const c = this.s[this.i];
    if (c === '{') return this.obj();
    if (c === '[') return this.arr();
    if (c === '"') return this.str();
    const m = /^(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) throw new SyntaxError(`unexpected "${c}" at ${this.i}`);
    this.i += m[0].length;
    // A number running into the end of the text may have lost digits.
    if (this.eof() && /\d$/.test(m[0])) throw new Cut();
    return JSON.parse(m[0]) as unknown;
  }

  obj(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    try {
      for (;;) {
        this.ws();
        if (this.eof()) return out;
        if (this.s[this.i] === '}') {
          this.i++;
          return out;
        }
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        if (this.s[this.i] !== '"') throw new SyntaxError(`expected a key at ${this.i}`);
        const key = this.str();
        this.ws();
        if (this.eof()) return out;
        if (this.s[this.i] !== ':') throw new SyntaxError(`expected ":" at ${this.i}`);
        this.i++;
        out[key] = this.value();
      }
    } catch (e) {
      if (e instanceof Cut) return out;
      throw e;
    }
  }

  arr(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    try {
      for (;;) {
        this.ws();
        if (this.eof()) return out;
        if (this.s[this.i] === ']') {
          this.i++;
          return out;
        }
        if (this.s[this.i] === ',') {
          this.i++;
          continue;
        }
        out.push(this.value());
      }
    } catch (e) {
      if (e instanceof Cut) return out;
      throw e;
    }
  }
}

/**
 * The first JSON value in `text`, tolerating a cut-off end (incomplete members are dropped) and anything after
 * the value (a trailing comma, the next element). Returns undefined when no value can be read.
 */
export function parsePartialJson(text: string): unknown {
  const r = new Reader(text);
  try {
    return r.value();
  } catch {
    return undefined;
  }
}
