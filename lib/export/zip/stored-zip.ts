import { UniqueNames } from '../post/file-name';
import type { Post } from '../post/post';

/**
 * The export's zip of posts, entries stored as they are (no compression),
 * written here rather than with fflate: this is the export's hot path, and
 * fflate's streaming zip, with a callback, a header and a data descriptor
 * for each entry, cost twice the bytes-and-checksum work below (npm run
 * bench). client-zip (maintained, streaming, Zip64) was measured against it
 * on the same 10,000 post-sized entries into a Blob, in one run of
 * `npm run bench -- export`: 816 ms against 76 ms here
 * (`export.zip_ratio_client_zip_vs_stored`: 10.8×), so ours stays.
 * Posts are written into one reused buffer; `take` hands out what was
 * written since the last call as one array, so memory holds a batch of posts
 * and the central directory (about 90 bytes a post), never the archive.
 *
 * Equal file names (compared case-insensitively) get `-2`, `-3`… so no post
 * overwrites another when unzipped. Names are UTF-8 (flag bit 11). More than
 * 65,535 entries get the Zip64 end records, which every current unzip reads.
 */
export class StoredZip {
  private readonly names = new UniqueNames();
  private readonly time: number;
  private readonly date: number;
  /** The archive's bytes not yet taken. */
  private readonly out = new Bytes(1 << 18);
  /** Bytes taken before `out`'s first byte: where it sits in the archive. */
  private taken = 0;
  private central = new Bytes(1 << 16);
  private ended = false;
  count = 0;

  /** `mtime`: the modification time written for every entry (default: now). */
  constructor(mtime: Date | number = Date.now()) {
    [this.time, this.date] = dosTime(new Date(mtime));
  }

  add(post: Pick<Post, 'fileName' | 'content'>): void {
    if (this.ended) throw new Error('the zip has ended');
    const fileName = `_posts/${this.names.take(post.fileName)}`;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const out = this.out;
    out.reserve(LOCAL + (fileName.length + post.content.length) * 3);
    const at = out.length;
    const nameLength = encoder.encodeInto(fileName, out.bytes.subarray(at + LOCAL)).written;
    const dataAt = at + LOCAL + nameLength;
    const size = encoder.encodeInto(post.content, out.bytes.subarray(dataAt)).written;
    const crc = crc32(out.bytes, dataAt, dataAt + size);
    const offset = this.taken + at;
    if (offset + LOCAL + nameLength + size > MAX_32) throw new Error('the export is larger than 4 GB: export it in parts (a group or a selection at a time)');

    out.view.setUint32(at, 0x04034b50, true);
    this.writeCommon(out.view, at + 4, crc, size, nameLength);
    out.length = dataAt + size;

    const central = this.central;
    central.reserve(CENTRAL + nameLength);
    const record = central.length;
    central.bytes.fill(0, record, record + CENTRAL); // fields left 0 below
    central.view.setUint32(record, 0x02014b50, true);
    central.view.setUint16(record + 4, VERSION, true); // made by: MS-DOS attributes, spec 2.0
    this.writeCommon(central.view, record + 6, crc, size, nameLength);
    // comment length, disk, internal and external attributes: 0
    central.view.setUint32(record + 42, offset, true);
    central.bytes.set(out.bytes.subarray(at + LOCAL, dataAt), record + CENTRAL);
    central.length += CENTRAL + nameLength;
    this.count++;
  }

  /** The archive's bytes written since the last call (or the start). */
  take(): Uint8Array {
    const bytes = this.out.bytes.slice(0, this.out.length);
    this.taken += this.out.length;
    this.out.length = 0;
    return bytes;
  }

  /** Writes the central directory and the end records; `take` then gives the last bytes. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const out = this.out;
    const directoryAt = this.taken + out.length;
    const directorySize = this.central.length;
    const zip64 = this.count > 0xffff || directoryAt + directorySize > MAX_32;
    const endRecords = (zip64 ? ZIP64_END + ZIP64_LOCATOR : 0) + END;
    out.reserve(directorySize + endRecords);
    out.bytes.set(this.central.bytes.subarray(0, directorySize), out.length);
    out.length += directorySize;
    this.central = new Bytes(0);

    // The buffer is reused: the fields left 0 below must be written as 0.
    out.bytes.fill(0, out.length, out.length + endRecords);
    if (zip64) {
      const endAt = this.taken + out.length;
      const record = new DataView(out.bytes.buffer, out.length, ZIP64_END + ZIP64_LOCATOR);
      record.setUint32(0, 0x06064b50, true);
      record.setBigUint64(4, BigInt(ZIP64_END - 12), true); // size of the rest of the record
      record.setUint16(12, ZIP64_VERSION, true);
      record.setUint16(14, ZIP64_VERSION, true);
      // this disk and the directory's disk: 0
      record.setBigUint64(24, BigInt(this.count), true);
      record.setBigUint64(32, BigInt(this.count), true);
      record.setBigUint64(40, BigInt(directorySize), true);
      record.setBigUint64(48, BigInt(directoryAt), true);
      record.setUint32(ZIP64_END, 0x07064b50, true);
      // disk of the Zip64 end record: 0
      record.setBigUint64(ZIP64_END + 8, BigInt(endAt), true);
      record.setUint32(ZIP64_END + 16, 1, true); // disks in all
      out.length += ZIP64_END + ZIP64_LOCATOR;
    }

    const end = new DataView(out.bytes.buffer, out.length, END);
    end.setUint32(0, 0x06054b50, true);
    // this disk and the directory's disk: 0
    end.setUint16(8, zip64 ? 0xffff : this.count, true);
    end.setUint16(10, zip64 ? 0xffff : this.count, true);
    end.setUint32(12, zip64 ? MAX_32 : directorySize, true);
    end.setUint32(16, zip64 ? MAX_32 : directoryAt, true);
    // comment length: 0
    out.length += END;
  }

  /** The fields local and central headers share, from "version needed" to "extra field length". */
  private writeCommon(view: DataView, at: number, crc: number, size: number, nameLength: number): void {
    view.setUint16(at, VERSION, true);
    view.setUint16(at + 2, UTF8_NAMES, true);
    view.setUint16(at + 4, 0, true); // stored
    view.setUint16(at + 6, this.time, true);
    view.setUint16(at + 8, this.date, true);
    view.setUint32(at + 10, crc, true);
    view.setUint32(at + 14, size, true); // compressed
    view.setUint32(at + 18, size, true); // uncompressed
    view.setUint16(at + 22, nameLength, true);
    view.setUint16(at + 24, 0, true); // no extra field
  }
}

/** Bytes written so far into a buffer that grows as needed, with a view to write numbers. */
class Bytes {
  bytes: Uint8Array;
  view: DataView;
  length = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  /** Makes room for `more` bytes after `length`. */
  reserve(more: number): void {
    if (this.length + more <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }
}

const encoder = new TextEncoder();
const LOCAL = 30;
const CENTRAL = 46;
const END = 22;
const ZIP64_END = 56;
const ZIP64_LOCATOR = 20;
const VERSION = 20;
const ZIP64_VERSION = 45;
const UTF8_NAMES = 0x0800;
const MAX_32 = 0xffffffff;

/** MS-DOS time and date, in local time as zip tools read them; clamped to the years DOS can hold. */
function dosTime(date: Date): [number, number] {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107);
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  const day = ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return [time, day];
}

// CRC-32 eight bytes at a time ("slicing by 8"): table k holds the CRC of a
// byte followed by k zero bytes. A byte at a time cost three times as long,
// and the CRC is most of writing a stored zip.
const CRC_TABLES = (() => {
  const tables = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) {
      const previous = tables[(k - 1) * 256 + n]!;
      tables[k * 256 + n] = (previous >>> 8) ^ tables[previous & 0xff]!;
    }
  }
  return tables;
})();

/** CRC-32 (the zip and PNG one) of `bytes[from, to)`. */
export function crc32(bytes: Uint8Array, from = 0, to = bytes.length): number {
  const t = CRC_TABLES;
  let c = -1;
  let i = from;
  for (const end = to - 8; i <= end; i += 8) {
    c ^= bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    c =
      t[1792 + (c & 0xff)]! ^
      t[1536 + ((c >>> 8) & 0xff)]! ^
      t[1280 + ((c >>> 16) & 0xff)]! ^
      t[1024 + (c >>> 24)]! ^
      t[768 + bytes[i + 4]!]! ^
      t[512 + bytes[i + 5]!]! ^
      t[256 + bytes[i + 6]!]! ^
      t[bytes[i + 7]!]!;
  }
  for (; i < to; i++) c = t[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
