// The diagnoser's tool set: read-only views of the run, plus record_label and finish.
import type { ProfileName } from '../../../profiles/schemas.js';
import type { ToolSpec } from '../../../llm/types.js';
import { overviewTool } from './overview.js';
import { listStepsTool } from './list_steps.js';
import { searchTool } from './search.js';
import { viewStepTool } from './view_step.js';
import { viewStageTool } from './view_stage.js';
import { readFileTool } from './read_file.js';
import { recordLabelTool } from './record_label.js';
import { makeFinishTool } from './finish.js';
import { toolSpec, type DiagnoserTool } from './types.js';

export interface Toolset {
  tools: Map<string, DiagnoserTool>;
  specs: ToolSpec[];
}

export function makeToolset(profile: ProfileName, diagnoser: string): Toolset {
  const list: DiagnoserTool[] = [
    overviewTool,
    listStepsTool,
    searchTool,
    viewStepTool,
    viewStageTool,
    readFileTool,
    recordLabelTool,
    makeFinishTool(profile, diagnoser),
  ];
  return { tools: new Map(list.map((t) => [t.name, t])), specs: list.map(toolSpec) };
}

export type { DiagnoserTool, ToolResult } from './types.js';
