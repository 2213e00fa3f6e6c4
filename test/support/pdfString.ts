/** The bytes of a PDF string token from a content stream read as latin1: <hex> or (literal). */
export function stringBytes(token: string): number[] {
  if (token.startsWith("<")) {
    const hex = token.slice(1, -1).replace(/\s/g, "");
    const bytes: number[] = [];
    for (let i = 0; i + 2 <= hex.length; i += 2)
      bytes.push(Number.parseInt(hex.slice(i, i + 2), 16));
    return bytes;
  }
  const body = token.slice(1, -1);
  const named: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== "\\") {
      bytes.push(c.charCodeAt(0));
      continue;
    }
    const next = body[++i] ?? "";
    const octal = /^[0-7]{1,3}/.exec(body.slice(i));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8) & 0xff);
      i += octal[0].length - 1;
    } else bytes.push(named[next] ?? next.charCodeAt(0));
  }
  return bytes;
}

/** Two-byte codes (Identity-H CIDs) of a string token. */
export function stringCids(token: string): number[] {
  const bytes = stringBytes(token);
  const cids: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2)
    cids.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return cids;
}

/** A content stream's bytes as a string of one character per byte. */
export function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}
