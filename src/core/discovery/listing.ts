// A bounded listing of a folder for an LLM to read: breadth first (so one deep subtree cannot use the whole
// budget), capped per folder, in total and in characters, skip list honoured, symbolic links followed only
// when they stay inside the root. A few files get a one-line head so the model can tell what they hold.
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { skipSet, VIRTUALENV_MARKER } from './skip.js';

export interface ListingLimits {
  /** Deepest folder level listed (the root is 0). */
  maxDepth: number;
  /** Entries shown per folder. */
  maxPerDir: number;
  /** Entries shown in all. */
  maxEntries: number;
  /** Characters of the whole listing. */
  maxChars: number;
  /** Files that get a head line, and the head's length. */
  maxHeads: number;
  headChars: number;
}

export const DEFAULT_LISTING_LIMITS: ListingLimits = {
  maxDepth: 5,
  maxPerDir: 40,
  maxEntries: 400,
  maxChars: 24_000,
  maxHeads: 12,
  headChars: 100,
};

export interface Listing {
  text: string;
  /** Entries shown. */
  shown: number;
  /** Something was left out (a cap was reached). */
  truncated: boolean;
}

interface Line {
  rel: string;
  text: string;
}

const isInside = (p: string, root: string): boolean => p === root || p.startsWith(root + path.sep);

function humanSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 ** 2).toFixed(1)} MB`;
}

// Heads leave the machine (they go to the LLM): none for dotfiles or files named like credentials, and
// anything shaped like a key is masked in the rest.
const PRIVATE_NAME = /^\.|secret|credential|passw|token|api[_-]?key|\.pem$|\.key$|^id_(rsa|ed25519|ecdsa)/i;
const KEY_SHAPES =
  /\b(?:sk-[A-Za-z0-9_-]{8,}|gh[pousr]_[A-Za-z0-9]{16,}|AKIA[A-Z0-9]{12,}|xox[abprs]-[A-Za-z0-9-]{8,}|Bearer\s+[A-Za-z0-9._~+/=-]{8,})/g;

export const mayShowHead = (name: string): boolean => !PRIVATE_NAME.test(name);

/** The first bytes of a file as one printable line, or null for binary data. */
async function headOf(file: string, chars: number): Promise<string | null> {
  let fh;
  try {
    fh = await fs.open(file, 'r');
    const buf = Buffer.alloc(chars * 2);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const s = buf.subarray(0, bytesRead).toString('utf8');
    if (s.includes('\u0000')) return null;
    const one = s.replace(/\s+/g, ' ').trim().replace(KEY_SHAPES, '[REDACTED]');
    return one ? JSON.stringify(one.slice(0, chars)) : null;
  } catch {
    return null;
  } finally {
    await fh?.close();
  }
}

export async function buildListing(
  root: string,
  limits: ListingLimits = DEFAULT_LISTING_LIMITS,
  skip: { skip?: string[]; noDefaultSkip?: boolean } = {},
): Promise<Listing> {
  const skipped = skipSet(skip.skip, skip.noDefaultSkip);
  const rootReal = await fs.realpath(root);
  const lines: Line[] = [];
  const visited = new Set<string>([rootReal]);
  let truncated = false;
  let heads = 0;
  // Breadth first: [relative path, real path, depth].
  let level: [string, string, number][] = [['', rootReal, 0]];
  while (level.length && lines.length < limits.maxEntries) {
    const next: [string, string, number][] = [];
    for (const [rel, real, depth] of level) {
      if (lines.length >= limits.maxEntries) {
        truncated = true;
        break;
      }
      let entries: Dirent[];
      try {
        entries = await fs.readdir(real, { withFileTypes: true });
      } catch (e) {
        lines.push({ rel: rel + '/', text: `${rel}/  (unreadable: ${(e as Error).message.split('\n')[0]})` });
        continue;
      }
      if (depth > 0 && entries.some((e) => e.name === VIRTUALENV_MARKER)) continue;
      // Folders first, then files, each in name order: the shape of the tree shows before its leaves.
      entries.sort(
        (a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name),
      );
      const room = Math.min(limits.maxPerDir, limits.maxEntries - lines.length);
      for (const e of entries.slice(0, room)) {
        const childRel = rel ? `${rel}/${e.name}` : e.name;
        const childPath = path.join(real, e.name);
        if (e.isSymbolicLink()) {
          const target = await fs.realpath(childPath).catch(() => null);
          if (target === null || !isInside(target, rootReal)) {
            lines.push({
              rel: childRel,
              text: `${childRel}  (symbolic link to outside the root; not followed)`,
            });
            continue;
          }
          const st = await fs.stat(target).catch(() => null);
          if (st?.isDirectory()) {
            lines.push({ rel: childRel + '/', text: `${childRel}/  (symbolic link inside the root)` });
            if (!visited.has(target) && depth + 1 <= limits.maxDepth && !skipped.has(e.name)) {
              visited.add(target);
              next.push([childRel, target, depth + 1]);
            }
          } else {
            lines.push({ rel: childRel, text: `${childRel}  (symbolic link)` });
          }
        } else if (e.isDirectory()) {
          if (skipped.has(e.name)) {
            lines.push({ rel: childRel + '/', text: `${childRel}/  (skipped)` });
          } else if (depth + 1 > limits.maxDepth) {
            lines.push({ rel: childRel + '/', text: `${childRel}/  (deeper levels not listed)` });
            truncated = true;
          } else {
            lines.push({ rel: childRel + '/', text: `${childRel}/` });
            if (!visited.has(childPath)) {
              visited.add(childPath);
              next.push([childRel, childPath, depth + 1]);
            }
          }
        } else if (e.isFile()) {
          const st = await fs.stat(childPath).catch(() => null);
          let text = `${childRel}  ${humanSize(st?.size ?? 0)}`;
          if (heads < limits.maxHeads && (st?.size ?? 0) > 0 && mayShowHead(e.name)) {
            const head = await headOf(childPath, limits.headChars);
            if (head) {
              heads++;
              text += `  head: ${head}`;
            }
          }
          lines.push({ rel: childRel, text });
        }
      }
      if (entries.length > room) {
        truncated = true;
        const more = entries.length - room;
        const where = rel ? `${rel}/` : './';
        lines.push({
          rel: where + '\uffff',
          text: `${where}…  (${more} more entr${more === 1 ? 'y' : 'ies'} not listed)`,
        });
      }
    }
    level = next;
  }
  if (level.length) truncated = true;
  // Shown in path order so it reads as a tree.
  lines.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  let text = '';
  let shown = 0;
  for (const l of lines) {
    if (text.length + l.text.length + 1 > limits.maxChars) {
      truncated = true;
      text += `… (listing cut at ${limits.maxChars} characters)\n`;
      break;
    }
    text += l.text + '\n';
    shown++;
  }
  return { text, shown, truncated };
}

/** Text that goes to an LLM with anything shaped like a key masked (format learning samples use it too). */
export function maskKeyShapes(text: string): string {
  return text.replace(KEY_SHAPES, '[REDACTED]');
}
