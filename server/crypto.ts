/**
 * ID numbers at rest: AES-256-GCM with a random 96-bit nonce, bound to the
 * booking code (additional data), so a ciphertext copied to another booking
 * does not decrypt. A keyed hash (HMAC-SHA-256) of each ID number lets the
 * database refuse a second booking by the same number without decrypting.
 *
 * Both keys come from one 32-byte data key (HKDF): `DJ_DATA_KEY` (base64 or
 * hex), or, when it is not set, a key generated into the data directory with
 * permissions 0600.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Vault {
  encrypt(plain: string, bound: string): string;
  decrypt(sealed: string, bound: string): string;
  /** A stable keyed hash, for uniqueness checks and replay comparison. */
  hash(value: string): string;
}

const VERSION = 'v1';

/** Parses a 32-byte key written as 64 hex digits or base64; throws saying what is wrong. */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32 || (!/^[0-9a-f]{64}$/i.test(t) && key.toString('base64').replace(/=+$/, '') !== t.replace(/=+$/, ''))) {
    throw new Error('DJ_DATA_KEY must be 32 bytes, written as 64 hex digits or in base64 (e.g. `openssl rand -base64 32`).');
  }
  return key;
}

/**
 * The data key: from `envKey` when given, else `data.key` in `dataDir`,
 * created (0600) when missing. Says where it came from.
 */
export function loadKey(envKey: string | undefined, dataDir: string): { key: Buffer; source: string } {
  if (envKey) return { key: parseKey(envKey), source: 'DJ_DATA_KEY' };
  const file = join(dataDir, 'data.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return { key: parseKey(readFileSync(file, 'utf8')), source: file };
}

export function vault(key: Buffer): Vault {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, 32));
  const encKey = derive('dj-widgets id numbers');
  const macKey = derive('dj-widgets keyed hash');
  return {
    encrypt(plain, bound) {
      const iv = randomBytes(12);
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
