// Running one tool call: unknown tools, malformed JSON and bad arguments become error results the model
// can act on; a tool that throws is reported, never fatal.
import type { ToolCallRequest } from '../../../llm/types.js';
import type { ToolContext } from '../context.js';
import type { Toolset } from '../tools/index.js';
import { describeIssues, fail, type ToolResult } from '../tools/types.js';

export interface Dispatched {
  result: ToolResult;
  /** A protocol error (unknown tool, bad JSON, bad arguments), counted against the run's tolerance. */
  protocolError: boolean;
}

export async function dispatch(
  call: ToolCallRequest,
  toolset: Toolset,
  ctx: ToolContext,
): Promise<Dispatched> {
  const tool = toolset.tools.get(call.name);
  if (!tool) {
    const names = [...toolset.tools.keys()].join(', ');
    return { result: fail(`unknown tool "${call.name}"; the tools are: ${names}`), protocolError: true };
  }
  let args: unknown;
  try {
    args = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (e) {
    const why = (e as Error).message.split('\n')[0];
    return {
      result: fail(
        `the arguments of ${call.name} are not valid JSON (${why}); send the call again with a JSON object`,
      ),
      protocolError: true,
    };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    return { result: fail(`the arguments of ${call.name} must be a JSON object`), protocolError: true };
  }
  const parsed = tool.schema.safeParse(args);
  if (!parsed.success) {
    return {
      result: fail(`invalid arguments for ${call.name}: ${describeIssues(parsed.error)}`),
      protocolError: true,
    };
  }
  try {
    return { result: await tool.run(parsed.data, ctx), protocolError: false };
  } catch (e) {
    return {
      result: fail(`${call.name} failed: ${(e as Error).message.split('\n')[0]}`),
      protocolError: false,
    };
  }
}
