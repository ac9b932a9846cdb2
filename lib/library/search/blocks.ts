// The postings' storage format: grams hashed into buckets, and per (bucket,
// chunk) one block of each gram's docs, as varints or a bitmap of the chunk.

/** Doc numbers per chunk: a block covers one chunk, so a save rewrites small blocks. */
export const CHUNK = 2048;
/** Buckets the grams are hashed into; one article touches at most this many blocks. */
export const BUCKETS = 4096;

export function bucketOf(gram: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < gram.length; i++) h = Math.imul(h ^ gram.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

// --- Blocks. Per gram: a varint header (byte length << 3 | bitmap flag << 2 | code units - 1), the gram's
// UTF-16 code units (2 bytes each), then its offsets in the chunk: as varints (the first, then each gap - 1),
// or, when that would take BITMAP bytes or more (the gram is in about one article in eight or more), as a
// bitmap of the chunk. Bitmaps keep common grams small and make intersecting them word-wise.

/** Bytes of a chunk's bitmap. */
export const BITMAP = CHUNK / 8;

class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + bytes));
    next.set(this.buf);
    this.buf = next;
  }

  varint(n: number): void {
    this.room(5);
    while (n >= 0x80) {
      this.buf[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.length++] = n;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  unit(u: number): void {
    this.room(2);
    this.buf[this.length++] = u >>> 8;
    this.buf[this.length++] = u & 0xff;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4;
}

class ByteReader {
  pos = 0;
  constructor(readonly data: Uint8Array) {}

  varint(): number {
    let n = 0;
    let shift = 0;
    for (;;) {
      const byte = this.data[this.pos++]!;
      n |= (byte & 0x7f) << shift;
      if (byte < 0x80) return n >>> 0;
      shift += 7;
    }
  }

  unit(): number {
    const u = (this.data[this.pos]! << 8) | this.data[this.pos + 1]!;
    this.pos += 2;
    return u;
  }
}

/** Encodes a block from (gram, ascending doc numbers or offsets, base) entries; offsets are values - base. */
export function encodeBlock(entries: Iterable<[gram: string, values: ArrayLike<number>, base: number]>): Uint8Array {
  const w = new ByteWriter();
  for (const [gram, values, base] of entries) {
    let size = 0;
    let prev = -1;
    for (let i = 0; i < values.length; i++) {
      const o = values[i]! - base;
      if (o > prev) size += varintSize(o - prev - 1);
      prev = Math.max(prev, o);
    }
    if (!size) continue;
    const bitmap = size >= BITMAP;
    w.varint(((bitmap ? BITMAP : size) << 3) | (bitmap ? 4 : 0) | (gram.length - 1));
    for (let i = 0; i < gram.length; i++) w.unit(gram.charCodeAt(i));
    if (bitmap) {
      const bits = new Uint8Array(BITMAP);
      for (let i = 0; i < values.length; i++) {
        const o = values[i]! - base;
        bits[o >>> 3]! |= 1 << (o & 7);
      }
      w.bytes(bits);
      continue;
    }
    prev = -1;
    for (let i = 0; i < values.length; i++) {
      const o = values[i]! - base;
      if (o > prev) w.varint(o - prev - 1);
      prev = Math.max(prev, o);
    }
  }
  return w.done();
}

interface Entry {
  gram: string;
  bitmap: boolean;
  start: number;
  end: number;
}

/** Walks a block's entries. */
function* entries(data: Uint8Array): Generator<Entry> {
  const r = new ByteReader(data);
  while (r.pos < data.length) {
    const header = r.varint();
    let gram = '';
    for (let n = (header & 3) + 1; n > 0; n--) gram += String.fromCharCode(r.unit());
    const start = r.pos;
    r.pos += header >>> 3;
    yield { gram, bitmap: (header & 4) !== 0, start, end: r.pos };
  }
}

export function decodeBlock(data: Uint8Array): Map<string, number[]> {
  const lists = new Map<string, number[]>();
  for (const { gram, bitmap, start, end } of entries(data)) {
    const list: number[] = [];
    if (bitmap) {
      for (let o = 0; o < CHUNK; o++) if (data[start + (o >>> 3)]! & (1 << (o & 7))) list.push(o);
    } else {
      const r = new ByteReader(data);
      r.pos = start;
      for (let prev = -1; r.pos < end; ) list.push((prev += r.varint() + 1));
    }
    lists.set(gram, list);
  }
  return lists;
}

/** One gram's offsets in a block as a bitmap of the chunk (a view into `data` when stored as one). */
export function findBitmap(data: Uint8Array, gram: string): Uint8Array | undefined {
  const r = new ByteReader(data);
  while (r.pos < data.length) {
    const header = r.varint();
    const n = (header & 3) + 1;
    let same = n === gram.length;
    for (let i = 0; i < n; i++) if (r.unit() !== gram.charCodeAt(i)) same = false;
    const size = header >>> 3;
    if (!same) {
      r.pos += size;
      continue;
    }
    if (header & 4) return data.subarray(r.pos, r.pos + size);
    const bits = new Uint8Array(BITMAP);
    const end = r.pos + size;
    for (let prev = -1; r.pos < end; ) {
      prev += r.varint() + 1;
      bits[prev >>> 3]! |= 1 << (prev & 7);
    }
    return bits;
  }
  return undefined;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let c = 0;
  for (let x = b; x; x &= x - 1) c++;
  return c;
});

export function popcount(bits: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < bits.length; i++) c += POPCOUNT[bits[i]!]!;
  return c;
}
