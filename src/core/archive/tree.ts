// The in-memory tree of an archive: checked paths, implied directories, links resolved inside only.
import path from 'node:path';
import type { EntryKind } from '../io/source.js';
import type { RawEntry } from './entry.js';

export interface ArchiveTree {
  files: Map<string, Buffer>;
  /** Directory path -> child name -> kind. "/" is the root. */
  dirs: Map<string, Map<string, EntryKind>>;
  warnings: string[];
  /** Total bytes of file content. */
  bytes: number;
}

/** "/a/b" for a safe entry name, or the reason it is refused. */
export function checkEntryPath(raw: string): { path: string } | { reject: string } {
  const name = raw.replace(/\\/g, '/');
  if (name.includes('\0')) return { reject: 'NUL in the name' };
  if (name.startsWith('/') || /^[A-Za-z]:\//.test(name)) return { reject: 'absolute path' };
  const segs = name.split('/').filter((s) => s !== '' && s !== '.');
  // Any ".." is refused, even one that would stay inside: no legitimate run layout needs it.
  if (segs.includes('..')) return { reject: 'path climbs out with ".."' };
  return { path: '/' + segs.join('/') };
}

/** Groups repeated problems into one line each, with the first few names as examples. */
class Problems {
  private readonly byReason = new Map<string, string[]>();
  add(reason: string, name: string): void {
    const list = this.byReason.get(reason) ?? [];
    list.push(name);
    this.byReason.set(reason, list);
  }
  lines(): string[] {
    return [...this.byReason].map(([reason, names]) => {
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '');
      return `${names.length} entr${names.length === 1 ? 'y' : 'ies'} skipped (${reason}): ${shown}`;
    });
  }
}

export function buildTree(raw: RawEntry[]): ArchiveTree {
  const files = new Map<string, Buffer>();
  const dirs = new Map<string, Map<string, EntryKind>>([['/', new Map()]]);
  const problems = new Problems();
  const links: { at: string; target: string; hard: boolean; name: string }[] = [];

  // Creates the parents of p; false when one of them is already a file.
  const ensureParents = (p: string): boolean => {
    const parts = p.split('/').filter(Boolean);
    let cur = '/';
    for (let i = 0; i < parts.length - 1; i++) {
      const next = cur === '/' ? `/${parts[i]}` : `${cur}/${parts[i]}`;
      if (files.has(next)) return false;
      dirs.get(cur)!.set(parts[i], 'dir');
      if (!dirs.has(next)) dirs.set(next, new Map());
      cur = next;
    }
    return true;
  };
  const addDir = (p: string, name: string): void => {
    if (p === '/') return;
    if (files.has(p) || !ensureParents(p)) return problems.add('a file and a directory share the name', name);
    dirs.get(path.posix.dirname(p))!.set(path.posix.basename(p), 'dir');
    if (!dirs.has(p)) dirs.set(p, new Map());
  };
  const addFile = (p: string, data: Buffer, name: string): boolean => {
    if (p === '/' || dirs.has(p) || !ensureParents(p)) {
      problems.add('a file and a directory share the name', name);
      return false;
    }
    files.set(p, data); // a later entry with the same name replaces an earlier one, as tar does
    dirs.get(path.posix.dirname(p))!.set(path.posix.basename(p), 'file');
    return true;
  };

  for (const e of raw) {
    const checked = checkEntryPath(e.name);
    if ('reject' in checked) {
      problems.add(`unsafe path: ${checked.reject}`, e.name);
      continue;
    }
    const p = checked.path;
    if (e.type === 'dir') addDir(p, e.name);
    else if (e.type === 'file') addFile(p, e.data ?? Buffer.alloc(0), e.name);
    else if (e.type === 'symlink' || e.type === 'hardlink') {
      links.push({ at: p, target: e.linkname ?? '', hard: e.type === 'hardlink', name: e.name });
    } else problems.add('not a regular file, directory or link', e.name);
  }

  resolveLinks(links, files, addFile, problems);
  let bytes = 0;
  for (const b of files.values()) bytes += b.length;
  return { files, dirs, warnings: problems.lines(), bytes };
}

/**
 * Links become copies of the file they name when that file is inside the archive. Links to directories
 * and links that point outside are dropped: following them could loop or escape.
 */
function resolveLinks(
  links: { at: string; target: string; hard: boolean; name: string }[],
  files: Map<string, Buffer>,
  addFile: (p: string, data: Buffer, name: string) => boolean,
  problems: Problems,
): void {
  const targetOf = (l: (typeof links)[number]): string | null => {
    if (l.hard) {
      const c = checkEntryPath(l.target);
      return 'path' in c ? c.path : null;
    }
    if (l.target.startsWith('/')) return null;
    // Resolved relative to the archive root, a target that climbs above it keeps its leading "..".
    const rel = path.posix.normalize(path.posix.join(path.posix.dirname(l.at).slice(1), l.target));
    return rel === '..' || rel.startsWith('../') ? null : rel === '.' ? '/' : '/' + rel;
  };
  let pending = links;
  // Chains (a link to a link) resolve over a few rounds; whatever is left after that is dropped.
  for (let round = 0; round < 8 && pending.length; round++) {
    const next: typeof links = [];
    for (const l of pending) {
      const t = targetOf(l);
      if (t === null) {
        problems.add('link points outside the archive', l.name);
        continue;
      }
      const data = files.get(t);
      if (data) addFile(l.at, data, l.name);
      else next.push(l);
    }
    if (next.length === pending.length) {
      pending = next;
      break;
    }
    pending = next;
  }
  for (const l of pending) problems.add('link to a directory or to a missing entry', l.name);
}
