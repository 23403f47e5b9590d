// Both Terminus versions are the same trial layout with a different response file: one module factory.
import type { FormatModule, RunLocation } from '../types.js';
import { countEpisodesWithResponse, resolveTrial } from './episodes.js';
import { parseTerminusTrial } from './trial.js';

export interface TerminusVariant {
  id: 'terminus1' | 'terminus2';
  title: string;
  description: string;
  fingerprints: string[];
  /** The per-episode response file: response.json (terminus-1) or response.txt (terminus-2). */
  responseName: string;
  defaultAgent: string;
}

export function terminusModule(v: TerminusVariant): FormatModule {
  return {
    id: v.id,
    title: v.title,
    description: v.description,
    fingerprints: v.fingerprints,
    priority: 50,
    async detect(loc: RunLocation): Promise<boolean> {
      if (loc.kind !== 'dir') return false;
      return (await resolveTrial(loc.src, loc.path, v.responseName)) !== null;
    },
    async parse(loc: RunLocation) {
      return [
        await parseTerminusTrial(loc, {
          formatId: v.id,
          responseName: v.responseName,
          defaultAgent: v.defaultAgent,
        }),
      ];
    },
    async quickCount(loc: RunLocation): Promise<number | null> {
      if (loc.kind !== 'dir') return null;
      const t = await resolveTrial(loc.src, loc.path, v.responseName);
      return t ? countEpisodesWithResponse(loc.src, t.logsDir, v.responseName) : null;
    },
  };
}
