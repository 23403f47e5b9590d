// Opening a run for the view: parse it, classify its steps once, and build both timeline row lists and
// the stages (so switching tree/flat and moving the cursor never recompute anything).
import { locate, openRun } from '../core/formats/open.js';
import type { RunLocation } from '../core/formats/types.js';
import { CodetracerError } from '../core/io/errors.js';
import type { Trajectory } from '../core/model/trajectory.js';
import type { RunPlace } from '../core/profiles/location.js';
import { buildTree, classifySteps, segmentStages, treeLabel, treeRows } from '../core/tree/index.js';
import type { LoadedPayload, TimelineRow } from './state.js';

export function buildLoadedPayload(traj: Trajectory): LoadedPayload {
  const steps = traj.steps;
  const classes = classifySteps(steps);
  const stages = segmentStages(traj, classes);
  const stageOf = new Map<number, number>();
  for (const st of stages) for (let id = st.start; id <= st.end; id++) stageOf.set(id, st.id);
  const flatRows: TimelineRow[] = steps.map((step, i) => ({
    stepId: step.id,
    depth: 0,
    nodeType: classes[i].type,
    kind: classes[i].kind,
    label: treeLabel(step),
    last: i === steps.length - 1,
    stageId: stageOf.get(step.id) ?? null,
  }));
  const tree = treeRows(buildTree(traj, classes)).map((r) => ({
    ...r,
    stageId: stageOf.get(r.stepId) ?? null,
  }));
  return { traj, flatRows, treeRows: tree, stages };
}

export interface OpenedRun {
  payload: LoadedPayload;
  location: RunLocation;
  /** Output placement exactly as `codetracer analyze` computes it. */
  place: RunPlace;
}

/** Parse the run at `address` (any address openRun accepts) for the view. */
export async function openForView(address: string, format?: string): Promise<OpenedRun> {
  const location = await locate(address);
  const trajs = await openRun(address, format ? { format } : {});
  const traj = trajs[0];
  if (!traj) throw new CodetracerError('invalid_data', 'no run found here', address);
  const fsPath = location.src.kind === 'fs' ? location.path : null;
  const place: RunPlace = {
    fsPath,
    kind: location.kind,
    address: `${fsPath ?? address}#${traj.id}`,
    trajId: traj.id,
    multi: trajs.length > 1 || location.index !== undefined,
  };
  return { payload: buildLoadedPayload(traj), location, place };
}
