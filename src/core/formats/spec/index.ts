// Declarative format specs: the language, its interpreter, the skills store and LLM generation.
export { SpecSchema, type Spec, type SpecInput } from './schema.js';
export { parseSpecText, specProblems, validateSpec, specValue } from './load.js';
export { interpretSpec, type InterpretOptions } from './interpret.js';
export { specFormat, specDetects } from './module.js';
export { DEFAULT_CAPS, type SpecCaps, globProblem, regexProblem } from './safety.js';
export { builtinSpec, BUILTIN_SPEC_TEXT } from './builtin/index.js';
export { checkSpecOnRun, type SpecCheck } from './check.js';
export { learnFormat, generateSpecForRun, type GenerateOptions, type GenerateResult } from './generate.js';
export { loadSkills, readSkills, saveSkill, removeSkill, skillsDir, type Skill } from './store.js';
