// Who ran a pre-normalized trajectory: CodeTraceBench names folders `<agent>-<Org__Model>-<task>-<hash8>` and
// its ref paths `<agent>/<Org__Model>/<set>/<task>/<trial>/<raw file>`.

/** Raw layouts a ref path can point into. */
export type SourceFormat = 'miniswe' | 'openhands' | 'terminus2' | 'terminus1' | 'unknown';

const AGENT_PREFIXES = [
  'miniswe',
  'openhands',
  'terminus2',
  'terminus1',
  'terminus',
  'claude_code',
  'swe_agent',
  'sweagent',
];

/** The raw format a ref path points into, from its file name and layout. */
export function sourceFormatOfPath(p: string, agentHint?: string | null): SourceFormat {
  if (/(^|\/)mini\.traj\.json$/.test(p)) return 'miniswe';
  if (/(^|\/)events\/\d+\.json$/.test(p)) return 'openhands';
  if (/(^|\/)episode-\d+\/response\.txt$/.test(p)) return 'terminus2';
  if (/(^|\/)episode-\d+\/response\.json$/.test(p)) return 'terminus1';
  // terminal-bench's sessions/agent.log is every agent's terminal log; only mini-swe-agent steps are cut from it.
  if (/(^|\/)sessions\/agent\.log$/.test(p) && (agentHint === 'miniswe' || p.startsWith('miniswe/')))
    return 'miniswe';
  return 'unknown';
}

export interface Identity {
  agent: string | null;
  model: string | null;
  sourceFormat: SourceFormat;
}

function prefixAgent(s: string): string | null {
  const head = s.split(/[-/]/)[0];
  return AGENT_PREFIXES.includes(head) ? head : null;
}

const showModel = (m: string): string => m.replace('__', '/');

/** Agent, model and raw format from the folder name (traj_id), its parent (the task) and the ref paths. */
export function identityOf(trajId: string, taskDir: string | null, refPaths: string[]): Identity {
  const agent = prefixAgent(trajId) ?? (refPaths[0] ? prefixAgent(refPaths[0]) : null);
  const counts = new Map<SourceFormat, number>();
  for (const p of refPaths) {
    const f = sourceFormatOfPath(p, agent);
    counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  let sourceFormat: SourceFormat = 'unknown';
  let best = 0;
  for (const [f, c] of counts) {
    if (f !== 'unknown' && c > best) {
      sourceFormat = f;
      best = c;
    }
  }
  if (sourceFormat === 'unknown' && (agent === 'miniswe' || agent === 'openhands' || agent === 'terminus2')) {
    sourceFormat = agent;
  }

  let model: string | null = null;
  if (agent) {
    // `<agent>-<Org__Model>-<task>-<hash8>`: the task is the parent folder's name.
    let rest = trajId.slice(agent.length + 1).replace(/-[0-9a-f]{8}$/, '');
    if (taskDir && rest.endsWith(`-${taskDir}`)) rest = rest.slice(0, -(taskDir.length + 1));
    else rest = '';
    if (rest.includes('__')) model = showModel(rest);
  }
  if (!model) {
    const seg = refPaths[0]?.split('/')[1];
    if (seg && /^[^_]+__\S+$/.test(seg)) model = showModel(seg);
  }
  return { agent: agent ?? (sourceFormat === 'unknown' ? null : sourceFormat), model, sourceFormat };
}
