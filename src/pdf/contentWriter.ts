/**
 * Content-stream bytes, written as they are made. A page draws thousands of glyphs, each with a
 * displacement and a CID: as strings they would be thousands of small allocations, joined and
 * then converted to bytes again.
 */
export class ContentWriter {
  private buffer = Buffer.allocUnsafe(8192);
  private length = 0;

  private room(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + extra));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }

  /** Operators and names: ASCII text. */
  text(s: string): this {
    const n = s.length;
    this.room(n);
    // A byte at a time: for the short strings written here, cheaper than a call into
    // Buffer.write.
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < n; i++) buffer[at++] = s.charCodeAt(i);
    this.length = at;
    return this;
  }

  byte(b: number): this {
    this.room(1);
    this.buffer[this.length++] = b;
    return this;
  }

  /** A whole number. */
  int(n: number): this {
    if (n < 0) {
      this.byte(0x2d);
      n = -n;
    }
    if (n < 10) return this.byte(0x30 + n);
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    this.room(digits);
    const buffer = this.buffer;
    for (let at = this.length + digits - 1; at >= this.length; at--) {
      buffer[at] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
    this.length += digits;
    return this;
  }

  /**
   * A number as short as PDF allows, fixed to 1/1000 (what `num` in glyphRuns.ts gives):
   * 12, 1.5, -0.125; minus zero is 0.
   */
  number(n: number): this {
    let m = Math.round(n * 1000);
    if (m === 0) return this.byte(0x30);
    if (m < 0) {
      this.byte(0x2d);
      m = -m;
    }
    const whole = Math.floor(m / 1000);
    let fraction = m - whole * 1000;
    this.int(whole);
    if (fraction === 0) return this;
    this.byte(0x2e);
    // Three digits, trailing zeros dropped.
    let digits = 3;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    // Leading zeros, then the rest.
    for (let limit = 10 ** (digits - 1); fraction < limit; limit /= 10) this.byte(0x30);
    return this.int(fraction);
  }

  /** How many bytes are written: where the next ones go. */
  get size(): number {
    return this.length;
  }

  /**
   * The bytes written from `start` on, as a view of the writer's buffer, not a copy: later
   * writes go after them, and a buffer outgrown is left as it was.
   */
  view(start = 0): Buffer {
    return this.buffer.subarray(start, this.length);
  }
}
