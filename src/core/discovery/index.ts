// discover(roots): every run under the roots, streamed as found; discoverAll: the same, collected and sorted.
import { parseAddress } from '../formats/open.js';
import { Channel } from './channel.js';
import type { DiscoverOptions, DiscoveredRun, DiscoveryProblem } from './types.js';
import { Walker } from './walk.js';

export * from './types.js';
export { DEFAULT_SKIP_DIRS } from './skip.js';

export async function* discover(roots: string[], opts: DiscoverOptions = {}): AsyncGenerator<DiscoveredRun> {
  const out = new Channel<DiscoveredRun>();
  const walker = new Walker(opts, (run) => out.push(run));
  const work = (async () => {
    for (const root of roots) {
      const a = parseAddress(root);
      await walker.root(root, a.fsPath, a.inner);
      if (walker.aborted) break;
    }
    await walker.finish();
  })();
  work.then(
    () => out.close(),
    (e: unknown) => out.close(e),
  );
  try {
    for (let run = await out.next(); run !== null; run = await out.next()) yield run;
  } finally {
    walker.aborted = true;
  }
}

export interface DiscoveryResult {
  runs: DiscoveredRun[];
  problems: DiscoveryProblem[];
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Natural order ("run2" before "run10", "#2" before "#10"). */
export const compareAddresses = (a: string, b: string): number => collator.compare(a, b);

export async function discoverAll(roots: string[], opts: DiscoverOptions = {}): Promise<DiscoveryResult> {
  const problems: DiscoveryProblem[] = [];
  const runs: DiscoveredRun[] = [];
  const onProblem = (p: DiscoveryProblem) => {
    problems.push(p);
    opts.onProblem?.(p);
  };
  for await (const run of discover(roots, { ...opts, onProblem })) runs.push(run);
  runs.sort((a, b) => compareAddresses(a.path, b.path));
  // Runs and problems are found concurrently: sort both so results do not depend on timing.
  problems.sort(
    (a, b) => compareAddresses(a.path ?? '', b.path ?? '') || compareAddresses(a.message, b.message),
  );
  return { runs, problems };
}
