// The shape of a diagnoser tool: a zod schema for its arguments (also its JSON Schema for the model) and
// a read-only run function. Errors are results the model can act on, never exceptions.
import { z } from 'zod';
import type { ToolSpec } from '../../../llm/types.js';
import type { ToolContext } from '../context.js';

export interface ToolResult {
  ok: boolean;
  content: string;
  /** Set by finish when the final answer was accepted. */
  final?: unknown;
}

export interface DiagnoserTool<A = any> {
  name: string;
  description: string;
  schema: z.ZodType<A>;
  /** Schema shown to the model when it differs from the one arguments are checked with. */
  shownSchema?: z.ZodType;
  run(args: A, ctx: ToolContext): ToolResult | Promise<ToolResult>;
}

export const ok = (content: string): ToolResult => ({ ok: true, content });
export const fail = (content: string): ToolResult => ({ ok: false, content: `Error: ${content}` });

export function defineTool<A>(t: DiagnoserTool<A>): DiagnoserTool<A> {
  return t;
}

/** The JSON Schema of the arguments, without keys models do not need. */
export function toolSpec(t: DiagnoserTool): ToolSpec {
  const js = z.toJSONSchema(t.shownSchema ?? t.schema, { unrepresentable: 'any' }) as Record<string, unknown>;
  delete js.$schema;
  return { name: t.name, description: t.description, parameters: js };
}

/** Zod issues as one short sentence for the model. */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`)
    .join('; ');
}
