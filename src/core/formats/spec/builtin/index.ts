// Built-in parsers also written as specs: examples for the LLM and a check that the language is enough.
import { parseSpecText } from '../load.js';
import type { Spec } from '../schema.js';
import { ATIF_SPEC_YAML } from './atif.js';
import { STEP_JSONL_SPEC_YAML } from './step_jsonl.js';
import { WHOWHEN_SPEC_YAML } from './whowhen.js';

/** Spec text by the id of the code parser it mirrors. */
export const BUILTIN_SPEC_TEXT: Record<string, string> = {
  atif: ATIF_SPEC_YAML,
  whowhen: WHOWHEN_SPEC_YAML,
  step_jsonl: STEP_JSONL_SPEC_YAML,
};

export function builtinSpec(parserId: string): Spec {
  const text = BUILTIN_SPEC_TEXT[parserId];
  if (!text) throw new Error(`no built-in spec for ${parserId}`);
  return parseSpecText(text, `builtin spec ${parserId}`);
}
