/**
 * A zip (an XLSX file) unpacked under caps, before any library trusts it.
 * The central directory gives the entries; each is inflated here with
 * zlib's maxOutputLength set to what is left of the budget, so the cap holds
 * on the real output, whatever sizes the headers declare (a zip bomb's lie).
 * Zip64, encryption and methods other than stored and deflate are refused:
 * Excel and WPS write none of them for a sheet of this size.
 */
import { inflateRawSync } from 'node:zlib';
import { ListFileError } from './problems.js';

export const ZIP_LIMITS = {
  /** All entries together, uncompressed. A 20,000-row list is about 10 MB of sheet XML. */
  bytes: 64 * 1024 * 1024,
  entries: 2_000,
} as const;

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of `bytes` by name, inflated; throws {@link ListFileError} `bad-xlsx` or `zip-bomb`. */
export function unzipChecked(bytes: Uint8Array, limits: { bytes: number; entries: number } = ZIP_LIMITS): Map<string, Buffer> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new ListFileError('bad-xlsx');
  const count = buf.readUInt16LE(end + 10);
  const dirOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ListFileError('bad-xlsx');
  if (count > limits.entries) throw new ListFileError('zip-bomb');
  const out = new Map<string, Buffer>();
  let budget = limits.bytes;
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ListFileError('bad-xlsx');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw new ListFileError('bad-xlsx');
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) throw new ListFileError('bad-xlsx');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + compressed > buf.length) throw new ListFileError('bad-xlsx');
    const data = buf.subarray(start, start + compressed);
    let content: Buffer;
    if (method === 0) {
      content = data;
    } else if (method === 8) {
      try {
        content = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new ListFileError('zip-bomb');
        throw new ListFileError('bad-xlsx');
      }
    } else {
      throw new ListFileError('bad-xlsx');
    }
    budget -= content.length;
    if (budget < 0) throw new ListFileError('zip-bomb');
    if (!name.endsWith('/')) out.set(name, content);
  }
  return out;
}
