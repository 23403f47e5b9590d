// Expected results for every run in ../shared/fixtures, derived from its README and the files themselves.
// steps: exact step count (null = not checked); solved: the run's own verdict; reasoning: whether the
// source carries reasoning that must survive (mini-SWE THOUGHT, terminus analysis/plan, Claude thinking,
// ATIF reasoning_content, SWE-agent thought, OpenHands thought).

export interface Expected {
  path: string;
  format: string;
  steps: number | null;
  solved: boolean | null | 'any';
  reasoning: boolean;
  /** Who&When: gold mistake step (0-based history index). */
  mistakeStep?: number;
}

const cc = 'claude_code_cast';
const tb = 'miniswe_tb';
const pn = 'codetracebench_prenormalized';
const t1 = 'terminus1';

export const EXPECTED: Expected[] = [
  {
    path: `${cc}/claude_code_gpt5/hello-world/hello-world.1-of-1.2025-11-09__14-07-43`,
    format: 'claude_code',
    steps: 5,
    solved: true,
    reasoning: false,
  },
  {
    path: `${cc}/claude_code_c4/blind-maze-explorer-5x5/blind-maze-explorer-5x5.1-of-1.2025-11-08__13-10-33`,
    format: 'claude_code',
    steps: 21,
    solved: false,
    reasoning: true,
  },
  {
    path: `${cc}/claude_code_c4/build-initramfs-qemu/build-initramfs-qemu.1-of-1.2025-11-08__13-10-33`,
    format: 'claude_code',
    steps: 28,
    solved: null,
    reasoning: true,
  },
  {
    path: `${cc}/claude_code_v3/blind-maze-explorer-5x5/blind-maze-explorer-5x5.1-of-1.2025-11-09__04-16-47`,
    format: 'claude_code',
    steps: 0,
    solved: false,
    reasoning: false,
  },
  {
    path: `${cc}/claude_code_gpt5/password-recovery/password-recovery.1-of-1.2025-11-09__14-07-43`,
    format: 'claude_code',
    steps: 69,
    solved: true,
    reasoning: false,
  },
  {
    path: `${cc}/claude_code_c4/super-benchmark-upet/super-benchmark-upet.1-of-1.2025-11-08__13-10-33`,
    format: 'claude_code',
    steps: 92,
    solved: false,
    reasoning: true,
  },

  { path: 'harbor_atif/regex-log__XYfBZFy', format: 'atif', steps: 5, solved: false, reasoning: true },
  { path: 'harbor_atif/prove-plus-comm__YDACMLN', format: 'atif', steps: 24, solved: true, reasoning: true },
  { path: 'harbor_atif/polyglot-c-py__3z6k7TU', format: 'atif', steps: 147, solved: true, reasoning: true },
  {
    path: 'harbor_atif/financial-document-processor__FkdfmDK',
    format: 'any',
    steps: null,
    solved: false,
    reasoning: false,
  },

  {
    path: 'miniswe_swebench/django__django-11163/trajs/django__django-11163/django__django-11163.traj.json',
    format: 'miniswe',
    steps: 13,
    solved: true,
    reasoning: true,
  },
  {
    path: 'miniswe_swebench/astropy__astropy-12907/trajs/astropy__astropy-12907/astropy__astropy-12907.traj.json',
    format: 'miniswe',
    steps: 20,
    solved: true,
    reasoning: true,
  },
  {
    path: 'miniswe_swebench/psf__requests-2317/trajs/psf__requests-2317/psf__requests-2317.traj.json',
    format: 'miniswe',
    steps: 33,
    solved: false,
    reasoning: true,
  },
  {
    path: 'miniswe_swebench/django__django-16560/trajs/django__django-16560/django__django-16560.traj.json',
    format: 'miniswe',
    steps: 145,
    solved: false,
    reasoning: true,
  },

  {
    path: `${tb}/2025-08-07__20-46-16/chess-best-move/chess-best-move.1-of-1.2025-08-07__20-46-16`,
    format: 'miniswe',
    steps: 0,
    solved: false,
    reasoning: false,
  },
  {
    path: `${tb}/2025-08-15__16-23-45/hello-world/hello-world.1-of-1.2025-08-15__16-23-45`,
    format: 'miniswe',
    steps: 4,
    solved: true,
    reasoning: true,
  },
  {
    path: `${tb}/2025-08-15__16-23-45/fix-git/fix-git.1-of-1.2025-08-15__16-23-45`,
    format: 'miniswe',
    steps: 11,
    solved: false,
    reasoning: true,
  },
  {
    path: `${tb}/2025-08-15__16-23-45/blind-maze-explorer-algorithm.hard/blind-maze-explorer-algorithm.hard.1-of-1.2025-08-15__16-23-45`,
    format: 'miniswe',
    steps: 48,
    solved: true,
    reasoning: true,
  },

  {
    path: 'swe_agent/gpt4__swe-agent-test-repo__default_from_url__t-0.00__p-0.95__c-3.00__install-1/6e44b9__sweagenttestrepo-1c2844.traj',
    format: 'swe_agent',
    steps: 5,
    solved: null,
    reasoning: true,
  },
  {
    path: 'swe_agent/gpt4__swe-agent__test-repo__default_from_url__t-0.00__p-0.95__c-3.00__install-1/swe-agent__test-repo-i1.traj',
    format: 'swe_agent',
    steps: 5,
    solved: null,
    reasoning: true,
  },
  {
    path: 'swe_agent/gpt4__swe-bench-dev-easy_first_only__default__t-0.00__p-0.95__c-3.00__install-1/pydicom__pydicom-1458.traj',
    format: 'swe_agent',
    steps: 12,
    solved: null,
    reasoning: true,
  },

  {
    path: 'openhands/multi_swe_bench_examples/output.jsonl#1',
    format: 'openhands',
    steps: 23,
    solved: 'any',
    reasoning: true,
  },
  {
    path: 'openhands/multi_swe_bench_examples/output.jsonl#2',
    format: 'openhands',
    steps: 33,
    solved: 'any',
    reasoning: true,
  },
  {
    path: 'openhands/multi_swe_bench_examples/output.jsonl#3',
    format: 'openhands',
    steps: 49,
    solved: 'any',
    reasoning: true,
  },
  {
    path: 'openhands/runtime_trajs/basic_gui_mode.json',
    format: 'openhands',
    steps: null,
    solved: null,
    reasoning: false,
  },
  {
    path: 'openhands/runtime_trajs/wrong_initial_state.json',
    format: 'openhands',
    steps: null,
    solved: null,
    reasoning: false,
  },

  {
    path: `${t1}/fifo_easy/qwen3-235b-a22b-instruct-2507/ea12e283-4f7b-46c7-af40-27f35867841f_terminal_bench_fifo_easy/ea12e283-4f7b-46c7-af40-27f35867841f_terminal_bench_fifo_easy.1-of-1.2025-08-25__17-53-18`,
    format: 'terminus1',
    steps: 3,
    solved: false,
    reasoning: true,
  },
  {
    path: `${t1}/fifo_easy/qwen3-30b-a3b-instruct-2507/ea12e283-4f7b-46c7-af40-27f35867841f_terminal_bench_fifo_easy/ea12e283-4f7b-46c7-af40-27f35867841f_terminal_bench_fifo_easy.1-of-1.2025-08-25__17-56-23`,
    format: 'terminus1',
    steps: 6,
    solved: true,
    reasoning: true,
  },
  {
    path: `${t1}/fifo_hard/qwen3-235b-a22b-instruct-2507/terminal_bench_fifo_ultra/terminal_bench_fifo_ultra.1-of-1.2025-08-19__18-55-58`,
    format: 'terminus1',
    steps: 10,
    solved: false,
    reasoning: true,
  },

  {
    path: `${pn}/miniswe/Anthropic__Claude-Sonnet-4-20250514-Thinking/miniswe-claude/add-benchmark-lm-eval-harness/miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-add-benchmark-lm-eval-harness-54ac67f0`,
    format: 'pre_normalized',
    steps: 47,
    solved: 'any',
    reasoning: true,
  },
  {
    path: `${pn}/miniswe/Anthropic__Claude-Sonnet-4-20250514-Thinking/miniswe-claude/tmux-advanced-workflow/miniswe-Anthropic__Claude-Sonnet-4-20250514-Thinking-tmux-advanced-workflow-04e67d90`,
    format: 'pre_normalized',
    steps: 1,
    solved: 'any',
    reasoning: false,
  },
  {
    path: `${pn}/miniswe/Qwen__Qwen3-Coder-480B-A35B-Instruct/miniswe-qwen/filter-js-from-html/miniswe-Qwen__Qwen3-Coder-480B-A35B-Instruct-filter-js-from-html-72dea13b`,
    format: 'pre_normalized',
    steps: 25,
    solved: 'any',
    reasoning: true,
  },
  {
    path: `${pn}/openhands/Qwen__Qwen3-Coder-480B-A35B-Instruct/openhands_480b/overfull-hbox/openhands-Qwen__Qwen3-Coder-480B-A35B-Instruct-overfull-hbox-ea068f9e`,
    format: 'pre_normalized',
    steps: 6,
    solved: 'any',
    reasoning: false,
  },
  {
    path: `${pn}/openhands/Moonshot__Kimi-K2-250905/openhands_kimi/2025-12-31__16-48-08/openhands-Moonshot__Kimi-K2-250905-build-pmars-0a4d7803`,
    format: 'pre_normalized',
    steps: 28,
    solved: 'any',
    reasoning: true,
  },
  {
    path: `${pn}/openhands/Qwen__Qwen3-Coder-480B-A35B-Instruct/openhands_480b/protocol-analysis-rs/openhands-Qwen__Qwen3-Coder-480B-A35B-Instruct-protocol-analysis-rs-0160e7da`,
    format: 'pre_normalized',
    steps: 486,
    solved: 'any',
    reasoning: false,
  },
  {
    path: `${pn}/terminus2/OpenAI__GPT-5/terminus2-gpt5/build-initramfs-qemu/terminus2-OpenAI__GPT-5-build-initramfs-qemu-b10ea365`,
    format: 'pre_normalized',
    steps: 3,
    solved: 'any',
    reasoning: true,
  },
  {
    path: `${pn}/terminus2/DeepSeek__DeepSeek-V3.2/terminus2-ds/debug-long-program/terminus2-DeepSeek__DeepSeek-V3.2-debug-long-program-f9835d4e`,
    format: 'pre_normalized',
    steps: 32,
    solved: 'any',
    reasoning: true,
  },
  {
    path: `${pn}/terminus2/Qwen__Qwen3-Coder-480B-A35B-Instruct/terminus2-480b/make-mips-interpreter/terminus2-Qwen__Qwen3-Coder-480B-A35B-Instruct-make-mips-interpreter-5707ff69`,
    format: 'pre_normalized',
    steps: 200,
    solved: 'any',
    reasoning: true,
  },

  {
    path: 'whowhen/Hand-Crafted/1.json',
    format: 'whowhen',
    steps: 29,
    solved: false,
    reasoning: false,
    mistakeStep: 12,
  },
  {
    path: 'whowhen/Hand-Crafted/30.json',
    format: 'whowhen',
    steps: 121,
    solved: false,
    reasoning: false,
    mistakeStep: 82,
  },
  {
    path: 'whowhen/Algorithm-Generated/1.json',
    format: 'whowhen',
    steps: 6,
    solved: false,
    reasoning: false,
    mistakeStep: 0,
  },
  {
    path: 'whowhen/Algorithm-Generated/47.json',
    format: 'whowhen',
    steps: 6,
    solved: false,
    reasoning: false,
    mistakeStep: 1,
  },
];
