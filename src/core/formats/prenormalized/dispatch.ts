// A pre-normalized step without an `action` carries a raw slice of its agent's log; the raw format's own slice
// reader turns it into the same step the raw parser would produce.
import type { StepInput } from '../shared/build.js';
import { stepFromSlice as minisweSlice } from '../miniswe/slice.js';
import { stepFromSlice as openhandsSlice } from '../openhands/slice.js';
import { sliceStep as terminusSlice } from '../terminus/slice.js';
import type { SourceFormat } from './identity.js';

export interface SliceResult {
  /** Null when no reader knows the slice (the caller shows the raw text). */
  step: StepInput | null;
  /** Why the slice could not be read, when a reader tried. */
  problem?: string;
}

export function stepFromRefs(format: SourceFormat, action: string, observation: string | null): SliceResult {
  try {
    switch (format) {
      case 'terminus1':
      case 'terminus2': {
        const r = terminusSlice(action, observation);
        return r.problem
          ? { step: r.step, problem: `not a Terminus response (${r.problem})` }
          : { step: r.step };
      }
      case 'miniswe':
        return { step: minisweSlice(action, observation) };
      case 'openhands':
        return { step: openhandsSlice(action, observation) };
      default:
        return { step: null };
    }
  } catch (e) {
    return { step: null, problem: `slice reader failed: ${(e as Error).message ?? String(e)}` };
  }
}
