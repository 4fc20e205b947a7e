/**
 * ID numbers at rest: AES-256-GCM with a random 96-bit nonce, bound to the
 * booking code (additional data), so a ciphertext copied to another booking
 * does not decrypt. A keyed hash (HMAC-SHA-256) of each ID number lets the
 * database refuse a second booking by the same number without decrypting.
 *
 * Both keys come from one 32-byte data key (HKDF): `DJ_DATA_KEY` (base64 or
 * hex), or, when it is not set, `data.key` in the data directory (0600).
 * A third HKDF value, the fingerprint, is kept in the database, so a server
 * started with another key notices before it writes anything with it
 * (server/main.ts decides; this module only reads, writes and derives).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  randomFillSync,
  type KeyObject,
} from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface Vault {
  encrypt(plain: string, bound: string): string;
  decrypt(sealed: string, bound: string): string;
  /** A stable keyed hash, for uniqueness checks and replay comparison. */
  hash(value: string): string;
}

const VERSION = 'v1';

const derive = (key: Buffer, info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));

/**
 * Nonces drawn from the system's random source 256 at a time, as Node draws
 * those of randomUUID: one call instead of one per sealed value, each nonce
 * used once. Under load the call per booking was a measurable share of its
 * cost.
 */
const NONCES = 256;
let noncePool = Buffer.alloc(0);
let nonceAt = NONCES;
function nonce(): Buffer {
  if (nonceAt === NONCES) {
    noncePool = randomFillSync(Buffer.allocUnsafe(12 * NONCES));
    nonceAt = 0;
  }
  // A copy: the pool is refilled in place once used up.
  return Buffer.from(noncePool.subarray(12 * nonceAt, 12 * ++nonceAt));
}

/** The key file of a data directory. */
export const keyFileIn = (dataDir: string) => join(dataDir, 'data.key');

/**
 * Parses a 32-byte key written as 64 hex digits or base64; throws saying what
 * is wrong and naming `where` it was read from (`DJ_DATA_KEY` or a file).
 */
export function parseKey(text: string, where = 'DJ_DATA_KEY'): Buffer {
  const t = text.trim();
  const hex = /^[0-9a-f]{64}$/i.test(t);
  const key = hex ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32 || (!hex && key.toString('base64').replace(/=+$/, '') !== t.replace(/=+$/, ''))) {
    const found = t ? '' : ' (it is empty)';
    throw new Error(`${where} must be 32 bytes, written as 64 hex digits or in base64 (e.g. \`openssl rand -base64 32\`)${found}.`);
  }
  return key;
}

/** `fn`, with any error it throws prefixed by the file it was about. */
function aboutFile<T>(file: string, doing: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw new Error(`Could not ${doing} the data key file ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The key in `file`, or undefined when there is no such file. A file others
 * can read is made 0600. Every error names the file.
 */
export function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`Could not read the data key file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const key = parseKey(text, `The data key file ${file}`);
  aboutFile(file, 'restrict the permissions of', () => {
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  });
  return key;
}

/** fsync of a directory, so a name just created or removed in it survives a power cut. */
const syncDir = (dir: string) => {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Generates a key into `file`, atomically: the key is written to a temporary
 * file (0600) in the same directory and synced, then linked to its name and
 * the directory synced. A crash leaves either no key file or a whole one,
 * never an empty or half-written one. link(), unlike rename(), never replaces
 * a file: when another process made the key in the meantime, that key is the
 * one returned, so no process can silently overwrite a key in use.
 */
export function createKeyFile(file: string): Buffer {
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  aboutFile(file, 'create', () => {
    mkdirSync(dir, { recursive: true });
    try {
      const fd = openSync(temp, 'wx', 0o600);
      try {
        writeSync(fd, randomBytes(32).toString('base64') + '\n');
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    } finally {
      rmSync(temp, { force: true });
    }
    syncDir(dir);
  });
  const key = readKeyFile(file);
  if (!key) throw new Error(`The data key file ${file} was gone right after it was written.`);
  return key;
}

/**
 * A value that tells whether two keys are the same without telling anything
 * about the key: an HKDF output of its own (not a hash of the key itself), so
 * the database that holds it holds nothing the encryption keys come from.
 */
export const keyFingerprint = (key: Buffer): string => derive(key, 'dj-widgets key check').toString('base64url');

export function vault(key: Buffer): Vault {
  // KeyObjects made once: given a Buffer, every cipher and HMAC builds one
  // anew (most of the cost of a keyed hash of a few dozen bytes).
  const encKey: KeyObject = createSecretKey(derive(key, 'dj-widgets id numbers'));
  const macKey: KeyObject = createSecretKey(derive(key, 'dj-widgets keyed hash'));
  return {
    encrypt(plain, bound) {
      const iv = nonce();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(Buffer.from(bound));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
    },
    decrypt(sealed, bound) {
      const [version, data] = sealed.split(':');
      if (version !== VERSION || !data) throw new Error('not a sealed value');
      const raw = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(bound));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    },
    hash: (value) => createHmac('sha256', macKey).update(value).digest('base64url'),
  };
}
