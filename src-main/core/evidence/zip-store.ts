/**
 * The ZIP container of an evidence bundle: written by Runlog, read back strictly. Entries are
 * stored (not compressed), so every file can be hashed straight from the archive without
 * unpacking, and the layout is the one simple form any unzip tool reads: local headers and data
 * back to back from the first byte, the central directory right after, the end record last, no
 * comment, no extra fields, UTF-8 names.
 *
 * The reader accepts exactly that form and nothing looser. A ZIP can say different things to
 * different readers (an entry in the central directory but not in the data, two entries of one
 * name, data hidden in a gap or a comment); refusing every such shape means the files
 * `runlog verify` checks are the files an auditor's unzip extracts.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
const END_SIZE = 22;
/** ZIP 2.0: what a stored entry needs. */
const VERSION = 20;
/** Made by Unix (3), so unzip restores the file modes below. */
const MADE_BY = (3 << 8) | VERSION;
/** General purpose flag bit 11: the name is UTF-8. */
const UTF8_FLAG = 0x0800;
/** A regular file, rw-r--r--, in the high half of the external attributes. */
const FILE_ATTRIBUTES = (0o100644 << 16) >>> 0;
/** Beyond these the ZIP64 extensions would be needed; a bundle does not use them. */
const MAX_32 = 0xffffffff;
const MAX_ENTRIES = 0xffff;
/** Read size when copying and hashing entries. */
const CHUNK = 1 << 20;

/** Raised when a file is not a ZIP this module writes; `structural` tells a damaged bundle apart. */
export class ZipFormatError extends Error {
  constructor(
    message: string,
    /** True when the file is a ZIP whose layout was changed, false when it is not one at all. */
    readonly structural: boolean,
  ) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

/** One file to put in an archive: its bytes, or a file on disk to copy. */
export interface ZipInput {
  name: string;
  data?: Uint8Array;
  file?: string;
}

/** One entry of an archive as read. */
export interface ZipEntry {
  name: string;
  /** Offset of the entry's data in the archive file. */
  dataOffset: number;
  size: number;
  crc32: number;
}

/** DOS date and time (local fields, written from UTC) of an instant. */
function dosTime(at: Date): { time: number; date: number } {
  const year = Math.min(Math.max(at.getUTCFullYear(), 1980), 2107);
  return {
    time: (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate(),
  };
}

/** Size and CRC-32 of an input, reading a file in chunks. */
function measure(input: ZipInput): { size: number; crc: number } {
  if (input.data) return { size: input.data.length, crc: zlib.crc32(input.data) };
  let crc = 0;
  let size = 0;
  eachChunk(input.file!, 0, Infinity, (chunk) => {
    crc = zlib.crc32(chunk, crc);
    size += chunk.length;
  });
  return { size, crc };
}

/** Calls `use` with successive chunks of a file's byte range. */
export function eachChunk(
  file: string,
  start: number,
  length: number,
  use: (chunk: Buffer) => void,
): void {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(CHUNK);
  try {
    let at = start;
    let left = length;
    while (left > 0) {
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, left), at);
      if (n === 0) break;
      use(buf.subarray(0, n));
      at += n;
      left -= n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes an archive of the inputs to `out`, all entries stamped with `at`. */
export function writeZip(out: string, inputs: readonly ZipInput[], at: Date): void {
  if (inputs.length > MAX_ENTRIES) throw new Error(`a bundle holds at most ${MAX_ENTRIES} files`);
  const { time, date } = dosTime(at);
  const fd = fs.openSync(out, 'w', 0o644);
  const central: Buffer[] = [];
  let offset = 0;
  const write = (b: Uint8Array) => {
    fs.writeSync(fd, b);
    offset += b.length;
  };
  try {
    for (const input of inputs) {
      const name = Buffer.from(input.name, 'utf8');
      const { size, crc } = measure(input);
      if (size > MAX_32 || offset + size > MAX_32) {
        throw new Error(
          `${input.name}: a bundle holds at most 4 GiB; export json and keep the files`,
        );
      }
      central.push(centralHeader(name, { crc, size, time, date, offset }));
      write(localHeader(name, { crc, size, time, date }));
      if (input.data) write(input.data);
      else eachChunk(input.file!, 0, size, write);
    }
    const cdOffset = offset;
    for (const c of central) write(c);
    write(endRecord(inputs.length, offset - cdOffset, cdOffset));
  } finally {
    fs.closeSync(fd);
  }
}

interface HeaderFields {
  crc: number;
  size: number;
  time: number;
  date: number;
}

function localHeader(name: Buffer, f: HeaderFields): Buffer {
  const b = Buffer.alloc(LOCAL_SIZE);
  b.writeUInt32LE(LOCAL_SIG, 0);
  b.writeUInt16LE(VERSION, 4);
  b.writeUInt16LE(UTF8_FLAG, 6);
  b.writeUInt16LE(0, 8); // stored
  b.writeUInt16LE(f.time, 10);
  b.writeUInt16LE(f.date, 12);
  b.writeUInt32LE(f.crc >>> 0, 14);
  b.writeUInt32LE(f.size, 18);
  b.writeUInt32LE(f.size, 22);
  b.writeUInt16LE(name.length, 26);
  b.writeUInt16LE(0, 28);
  return Buffer.concat([b, name]);
}

function centralHeader(name: Buffer, f: HeaderFields & { offset: number }): Buffer {
  const b = Buffer.alloc(CENTRAL_SIZE);
  b.writeUInt32LE(CENTRAL_SIG, 0);
  b.writeUInt16LE(MADE_BY, 4);
  b.writeUInt16LE(VERSION, 6);
  b.writeUInt16LE(UTF8_FLAG, 8);
  b.writeUInt16LE(0, 10);
  b.writeUInt16LE(f.time, 12);
  b.writeUInt16LE(f.date, 14);
  b.writeUInt32LE(f.crc >>> 0, 16);
  b.writeUInt32LE(f.size, 20);
  b.writeUInt32LE(f.size, 24);
  b.writeUInt16LE(name.length, 28);
  // extra length, comment length, disk number, internal attributes: all 0 (bytes 30-37)
  b.writeUInt32LE(FILE_ATTRIBUTES, 38);
  b.writeUInt32LE(f.offset, 42);
  return Buffer.concat([b, name]);
}

function endRecord(count: number, cdSize: number, cdOffset: number): Buffer {
  const b = Buffer.alloc(END_SIZE);
  b.writeUInt32LE(END_SIG, 0);
  b.writeUInt16LE(count, 8);
  b.writeUInt16LE(count, 10);
  b.writeUInt32LE(cdSize, 12);
  b.writeUInt32LE(cdOffset, 16);
  return b;
}

function readAt(fd: number, position: number, length: number): Buffer {
  const b = Buffer.alloc(length);
  const n = fs.readSync(fd, b, 0, length, position);
  if (n !== length) throw new ZipFormatError('the archive ends early', true);
  return b;
}

const strict = (why: string): ZipFormatError =>
  new ZipFormatError(`its layout is not the one Runlog writes: ${why}`, true);

/** Reads the entries of an archive written by writeZip, refusing any other layout. */
export function readZip(file: string): ZipEntry[] {
  const size = fs.statSync(file).size;
  if (size < END_SIZE) throw new ZipFormatError('too short to be a ZIP archive', false);
  const fd = fs.openSync(file, 'r');
  try {
    const end = readAt(fd, size - END_SIZE, END_SIZE);
    if (end.readUInt32LE(0) !== END_SIG) {
      throw new ZipFormatError(
        'no ZIP end record in its last 22 bytes (a comment, trailing data, or not a ZIP)',
        false,
      );
    }
    const count = end.readUInt16LE(10);
    const cdSize = end.readUInt32LE(12);
    const cdOffset = end.readUInt32LE(16);
    if (end.readUInt16LE(4) !== 0 || end.readUInt16LE(6) !== 0 || end.readUInt16LE(8) !== count) {
      throw strict('it spans several disks');
    }
    if (cdOffset + cdSize !== size - END_SIZE) {
      throw strict('the central directory does not end where the end record starts');
    }
    const cd = readAt(fd, cdOffset, cdSize);
    const entries = readCentral(cd, count);
    checkLocals(fd, entries, cdOffset);
    return entries;
  } finally {
    fs.closeSync(fd);
  }
}

function readCentral(cd: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = 0;
  let expectedOffset = 0;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_SIZE > cd.length || cd.readUInt32LE(at) !== CENTRAL_SIG) {
      throw strict(`central directory entry ${i + 1} is missing or damaged`);
    }
    const flags = cd.readUInt16LE(at + 8);
    const method = cd.readUInt16LE(at + 10);
    const csize = cd.readUInt32LE(at + 20);
    const usize = cd.readUInt32LE(at + 24);
    const nameLen = cd.readUInt16LE(at + 28);
    const extras = cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32) + cd.readUInt16LE(at + 34);
    if (flags !== UTF8_FLAG || method !== 0 || csize !== usize || extras !== 0) {
      throw strict(`entry ${i + 1} is compressed, encrypted, or carries extra fields`);
    }
    const name = decodeName(cd.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLen), i);
    if (names.has(name)) throw strict(`two entries are named ${JSON.stringify(name)}`);
    names.add(name);
    const offset = cd.readUInt32LE(at + 42);
    if (offset !== expectedOffset)
      throw strict(`entry ${JSON.stringify(name)} is not where the previous one ends`);
    const dataOffset = offset + LOCAL_SIZE + nameLen;
    entries.push({ name, dataOffset, size: usize, crc32: cd.readUInt32LE(at + 16) });
    expectedOffset = dataOffset + usize;
    at += CENTRAL_SIZE + nameLen;
  }
  if (at !== cd.length) throw strict('the central directory holds more than its entries');
  return entries;
}

function decodeName(bytes: Buffer, i: number): string {
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw strict(`entry ${i + 1} has a name that is not UTF-8`);
  }
  return name;
}

function checkLocals(fd: number, entries: ZipEntry[], cdOffset: number): void {
  const last = entries.at(-1);
  if ((last ? last.dataOffset + last.size : 0) !== cdOffset) {
    throw strict('there are bytes between the last file and the central directory');
  }
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = readAt(fd, e.dataOffset - LOCAL_SIZE - name.length, LOCAL_SIZE + name.length);
    const same =
      local.readUInt32LE(0) === LOCAL_SIG &&
      local.readUInt16LE(6) === UTF8_FLAG &&
      local.readUInt16LE(8) === 0 &&
      local.readUInt32LE(14) === e.crc32 &&
      local.readUInt32LE(18) === e.size &&
      local.readUInt32LE(22) === e.size &&
      local.readUInt16LE(26) === name.length &&
      local.readUInt16LE(28) === 0 &&
      local.subarray(LOCAL_SIZE).equals(name);
    if (!same)
      throw strict(`the local header of ${JSON.stringify(e.name)} disagrees with the directory`);
  }
}
