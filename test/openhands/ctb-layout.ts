// Rebuilds a raw OpenHands file-store trial from CodeTraceBench pre-normalized step slices: every
// action_ref / observation_ref of steps.json is the raw JSON of one `sessions/sessions/<sid>/events/N.json`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SliceRef {
  path: string;
  content: string;
}

export interface SliceStep {
  step_id: number;
  action_ref: SliceRef;
  observation_ref: SliceRef | null;
}

export function readSteps(stepsJson: string): SliceStep[] {
  return JSON.parse(readFileSync(stepsJson, 'utf8')) as SliceStep[];
}

/** `.../<trial>/sessions/sessions/<sid>/events/N.json` -> {trial, sid, file}. */
export function splitRef(p: string): { trial: string; sid: string; file: string } {
  const m = /([^/]+)\/sessions\/sessions\/([^/]+)\/events\/(\d+\.json)$/.exec(p);
  if (!m) throw new Error(`not a file-store event path: ${p}`);
  return { trial: m[1], sid: m[2], file: m[3] };
}

export interface BuiltTrial {
  trialDir: string;
  sessionDir: string;
  sid: string;
}

/** Write the events of the slices into `<root>/<trial>/sessions/sessions/<sid>/events/`; returns the trial dir. */
export function buildTrial(root: string, steps: SliceStep[], results?: object): BuiltTrial {
  const first = splitRef(steps[0].action_ref.path);
  const trialDir = path.join(root, first.trial);
  const sessionDir = path.join(trialDir, 'sessions', 'sessions', first.sid);
  const eventsDir = path.join(sessionDir, 'events');
  mkdirSync(eventsDir, { recursive: true });
  for (const s of steps) {
    for (const ref of [s.action_ref, s.observation_ref]) {
      if (!ref) continue;
      writeFileSync(path.join(eventsDir, splitRef(ref.path).file), ref.content);
    }
  }
  if (results) writeFileSync(path.join(trialDir, 'results.json'), JSON.stringify(results));
  return { trialDir, sessionDir, sid: first.sid };
}
