// Side-effect wiring done once by entry points (CLI, TUI, scripts): archive support etc.
// Kept in one place so every entry point reads the same things.
import './archive/register.js';

export {};
