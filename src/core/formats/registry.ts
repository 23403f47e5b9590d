// All known formats, and detection: fingerprints first, then a content check over every module.
import type { FormatModule, RunLocation } from './types.js';
import { matchesFingerprints, matchesSpecificFingerprints } from './fingerprint.js';
import { atifFormat } from './atif/index.js';
import { claude_codeFormat } from './claude_code/index.js';
import { minisweFormat } from './miniswe/index.js';
import { openhandsFormat } from './openhands/index.js';
import { pre_normalizedFormat } from './prenormalized/pre_normalized.js';
import { step_jsonlFormat } from './prenormalized/step_jsonl.js';
import { swe_agentFormat } from './swe_agent/index.js';
import { terminus1Format } from './terminus/terminus1.js';
import { terminus2Format } from './terminus/terminus2.js';
import { whowhenFormat } from './whowhen/index.js';
import { codetracer_conversationFormat } from './codetracer_conversation/index.js';

const builtins: FormatModule[] = [
  pre_normalizedFormat,
  step_jsonlFormat,
  atifFormat,
  claude_codeFormat,
  terminus2Format,
  terminus1Format,
  openhandsFormat,
  swe_agentFormat,
  minisweFormat,
  whowhenFormat,
  codetracer_conversationFormat,
];

const extra: FormatModule[] = [];

/** Add a format at run time (generated specs register themselves here). */
export function registerFormat(m: FormatModule): void {
  const i = extra.findIndex((x) => x.id === m.id);
  if (i >= 0) extra[i] = m;
  else extra.push(m);
}

/** Every format, highest priority first (stable for equal priorities). */
export function allFormats(): FormatModule[] {
  return [...builtins, ...extra]
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.priority - a.m.priority || a.i - b.i)
    .map((x) => x.m);
}

export function getFormat(id: string): FormatModule | undefined {
  return allFormats().find((m) => m.id === id);
}

export function formatIds(): string[] {
  return allFormats().map((m) => m.id);
}

async function safeDetect(m: FormatModule, loc: RunLocation): Promise<boolean> {
  try {
    return await m.detect(loc);
  } catch {
    return false;
  }
}

export interface Detection {
  /** The module whose content check accepted the location. */
  format: FormatModule | null;
  /** The first module whose fingerprint matched, even if its content check failed: parsing with it
   *  explains what is wrong with the file (truncated, LFS stub, ...) better than "unknown format". */
  fingerprintMatch: FormatModule | null;
}

/** Fingerprint candidates are content-checked before the rest. */
export async function detect(loc: RunLocation): Promise<Detection> {
  const rest: FormatModule[] = [];
  let fingerprintMatch: FormatModule | null = null;
  for (const m of allFormats()) {
    if (await matchesFingerprints(loc, m.fingerprints)) {
      if (!fingerprintMatch && (await matchesSpecificFingerprints(loc, m.fingerprints))) fingerprintMatch = m;
      if (await safeDetect(m, loc)) return { format: m, fingerprintMatch };
    } else {
      rest.push(m);
    }
  }
  for (const m of rest) if (await safeDetect(m, loc)) return { format: m, fingerprintMatch };
  return { format: null, fingerprintMatch };
}

/** The format that reads this location, or null. */
export async function detectFormat(loc: RunLocation): Promise<FormatModule | null> {
  return (await detect(loc)).format;
}

/** Remove a format added with registerFormat (a learned format that was deleted); built-ins stay. */
export function unregisterFormat(id: string): boolean {
  const i = extra.findIndex((x) => x.id === id);
  if (i < 0) return false;
  extra.splice(i, 1);
  return true;
}
