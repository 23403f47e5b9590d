// A small shell reader for classifying agent commands: splits a command line into simple commands
// (on &&, ||, ;, |, &, newlines and parentheses), removes quotes, and records redirections and
// here-documents. It does not expand anything; it only needs to see which programs ran on which files.

export interface Redirect {
  /** The file descriptor written ('1' when omitted for >, '0' for <, '&' for &>). */
  fd: string;
  /** '>', '>>', '>|', '&>', '&>>', '<', '<<<', '>&' (fd duplication), '<<' (here-document). */
  op: string;
  target: string;
}

export interface HereDoc {
  delim: string;
  body: string;
  /** False when the text ended before the delimiter line (a here-document typed across steps). */
  closed: boolean;
}

export interface SimpleCommand {
  /** Words after quote removal; leading VAR=value assignments are kept out (see `assigns`). */
  argv: string[];
  assigns: string[];
  redirects: Redirect[];
  heredoc?: HereDoc;
}

const OPS_BREAK = new Set(['&&', '||', ';', '|', '&', '|&', ';;', '\n', '(', ')']);
/** Characters that end a run of ordinary word characters. */
const SPECIAL = new Set([...'\\\'"$`# \t\r\n><&|;()'].map((c) => c.charCodeAt(0)));

interface Pending {
  cmd: SimpleCommand;
  delim: string;
  stripTabs: boolean;
}

/** Parse a shell text into its simple commands. Never throws; unbalanced quotes run to the end. */
export function parseShell(src: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let cur: SimpleCommand = { argv: [], assigns: [], redirects: [] };
  let word: string | null = null;
  // A redirection operator waiting for its target word.
  let redirOp: { fd: string; op: string } | null = null;
  let pendingDocs: Pending[] = [];
  const n = src.length;
  let i = 0;

  const endWord = () => {
    if (word === null) return;
    if (redirOp) {
      if (redirOp.op === '<<') {
        const stripTabs = redirOp.fd === '-';
        const doc: HereDoc = { delim: word, body: '', closed: false };
        cur.heredoc = doc;
        cur.redirects.push({ fd: '0', op: '<<', target: word });
        pendingDocs.push({ cmd: cur, delim: word, stripTabs });
      } else cur.redirects.push({ fd: redirOp.fd, op: redirOp.op, target: word });
      redirOp = null;
    } else if (cur.argv.length === 0 && /^[A-Za-z_][A-Za-z0-9_]*\+?=/.test(word)) cur.assigns.push(word);
    else cur.argv.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (cur.argv.length || cur.redirects.length || cur.assigns.length) out.push(cur);
    cur = { argv: [], assigns: [], redirects: [] };
  };
  const readHereDocs = () => {
    // Called just after a newline: the bodies of the here-documents opened on the previous line follow.
    for (const p of pendingDocs) {
      const lines: string[] = [];
      let closed = false;
      while (i < n) {
        const nl = src.indexOf('\n', i);
        const line = nl === -1 ? src.slice(i) : src.slice(i, nl);
        i = nl === -1 ? n : nl + 1;
        const cmp = p.stripTabs ? line.replace(/^\t+/, '') : line;
        if (cmp.replace(/\r$/, '') === p.delim) {
          closed = true;
          break;
        }
        lines.push(line);
      }
      if (p.cmd.heredoc) p.cmd.heredoc = { delim: p.delim, body: lines.join('\n'), closed };
    }
    pendingDocs = [];
  };

  while (i < n) {
    const c = src[i];
    if (c === '\\') {
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      word = (word ?? '') + (src[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = src.indexOf("'", i + 1);
      word = (word ?? '') + src.slice(i + 1, end === -1 ? n : end);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let buf = '';
      while (j < n && src[j] !== '"') {
        if (src[j] === '\\' && j + 1 < n && '"\\$`\n'.includes(src[j + 1])) {
          if (src[j + 1] !== '\n') buf += src[j + 1];
          j += 2;
        } else buf += src[j++];
      }
      word = (word ?? '') + buf;
      i = j + 1;
      continue;
    }
    if (c === '$' && src[i + 1] === '(') {
      // Command substitution stays inside the word; only its extent matters here.
      let depth = 0;
      let j = i + 1;
      for (; j < n; j++) {
        if (src[j] === '(') depth++;
        else if (src[j] === ')' && --depth === 0) break;
      }
      word = (word ?? '') + src.slice(i, Math.min(j + 1, n));
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const end = src.indexOf('`', i + 1);
      word = (word ?? '') + src.slice(i, end === -1 ? n : end + 1);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === '#' && word === null) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 ? n : nl;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '>' || c === '<' || (c === '&' && src[i + 1] === '>')) {
      let fd = c === '<' ? '0' : '1';
      if (word !== null && /^\d+$/.test(word)) {
        fd = word;
        word = null;
      }
      endWord();
      let op: string;
      if (c === '&') {
        op = src[i + 2] === '>' ? '&>>' : '&>';
        fd = '&';
      } else if (c === '>') {
        op = src[i + 1] === '>' ? '>>' : src[i + 1] === '|' ? '>|' : src[i + 1] === '&' ? '>&' : '>';
      } else {
        op = src.startsWith('<<<', i) ? '<<<' : src[i + 1] === '<' ? '<<' : src[i + 1] === '&' ? '<&' : '<';
      }
      i += op.length;
      if (op === '<<' && src[i] === '-') {
        i++;
        fd = '-';
      }
      redirOp = { fd, op };
      continue;
    }
    // Operators that end a simple command.
    const two = src.slice(i, i + 2);
    const op = OPS_BREAK.has(two) ? two : OPS_BREAK.has(c) && !(c === '(' && word !== null) ? c : null;
    if (op) {
      endCommand();
      i += op.length;
      if (op === '\n' && pendingDocs.length) readHereDocs();
      continue;
    }
    // A run of ordinary characters joins the word in one piece (this loop is hot on long commands).
    let j = i + 1;
    while (j < n && !SPECIAL.has(src.charCodeAt(j))) j++;
    word = (word ?? '') + src.slice(i, j);
    i = j;
  }
  endCommand();
  if (pendingDocs.length) readHereDocs();
  return out;
}

/** Redirections that write a real file (not /dev/null, a tty or another descriptor). */
export function writtenFiles(cmd: SimpleCommand): string[] {
  const files: string[] = [];
  for (const r of cmd.redirects) {
    if (r.op !== '>' && r.op !== '>>' && r.op !== '>|' && r.op !== '&>' && r.op !== '&>>') continue;
    if (isDeviceTarget(r.target)) continue;
    files.push(r.target);
  }
  return files;
}

export function isDeviceTarget(t: string): boolean {
  return /^\/dev\/(null|stdout|stderr|tty|fd\/\d+)$/.test(t) || /^&?\d*-?$/.test(t);
}
