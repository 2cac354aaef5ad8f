// Development key pairs on disk: a private JWK file and the public JWKS beside it, created on first use.
// Several callers create the same pair at once: the benchmark signs its 16 tokens in parallel on a fresh
// clone, a register's service-token signer and its log signer start together, and the processes of the
// system share one directory. When each of them generated a pair and wrote both files, the files could end
// up from different pairs (one caller's public key, another's private key), and every token signed from then
// on was refused as "not valid" on that data directory for good. So: one pair per file in this process
// (one promise), the private file put in place by a hard link (atomic, and it fails if another process got
// there first, whose pair then wins), and the public keys always derived from the private file that won.
import { randomUUID } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A JSON Web Key as stored (RFC 7517). */
type Jwk = object;

// Members of a private JWK that are not part of its public key (EC: d; RSA: d, p, q, dp, dq, qi; oct: k).
const PRIVATE_MEMBERS = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** The public JWKS of a private JWK (its private members left out; `use: 'sig'`). */
export function publicJwksOf(privateJwk: Jwk): { keys: Jwk[] } {
  const publicJwk = Object.fromEntries(Object.entries(privateJwk as Record<string, unknown>).filter(([name]) => !PRIVATE_MEMBERS.has(name)));
  return { keys: [{ ...publicJwk, use: 'sig' }] };
}

const inProgress = new Map<string, Promise<void>>();

/**
 * Makes sure `privateFile` holds a private JWK and `publicFile` its public JWKS, creating the pair with
 * `generate` when the private file does not exist yet. Safe to call concurrently from any number of callers
 * and processes: all of them end up with the same pair. The files are written with modes 0600 (private) and
 * 0644 (public); the directory is created with mode 0700. Throws what the file system throws (other than the
 * lost race, which is not an error).
 */
export function ensureKeyPairFiles(privateFile: string, publicFile: string, generate: () => Promise<Jwk>): Promise<void> {
  let pending = inProgress.get(privateFile);
  if (!pending) {
    pending = createOnce(privateFile, publicFile, generate).finally(() => inProgress.delete(privateFile));
    inProgress.set(privateFile, pending);
  }
  return pending;
}

async function createOnce(privateFile: string, publicFile: string, generate: () => Promise<Jwk>): Promise<void> {
  if (!existsSync(privateFile)) {
    mkdirSync(dirname(privateFile), { recursive: true, mode: 0o700 });
    const privateJwk = await generate();
    const temporary = `${privateFile}.${process.pid}.${randomUUID()}`;
    writeFileSync(temporary, JSON.stringify(privateJwk), { mode: 0o600 });
    try {
      linkSync(temporary, privateFile);
    } catch (error) {
      // Another process put its pair in place first: that one is the pair.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temporary);
    }
  }
  if (!existsSync(publicFile)) {
    const publicJwks = publicJwksOf(JSON.parse(readFileSync(privateFile, 'utf8')) as Jwk);
    const temporary = `${publicFile}.${process.pid}.${randomUUID()}`;
    writeFileSync(temporary, JSON.stringify(publicJwks, null, 2), { mode: 0o644 });
    // Every writer derives the same content from the same private file, so the last rename changes nothing.
    renameSync(temporary, publicFile);
  }
}
