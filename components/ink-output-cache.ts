// Ink rebuilds every frame from scratch: each text line on screen is tokenized into styled cells and
// measured again, with caches that live for one frame only. Between two key presses almost every line is
// the same, so those caches are made to outlive the frame (bounded, cleared when full). This is the
// largest cost of a key press (~half of it on a 120x40 screen; see bench/tui.bench.ts).
//
// It reaches into Ink's Output class, which Ink does not export; the shape is checked first and, if a
// future Ink differs, nothing is patched and Ink behaves as shipped.
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

/** Distinct lines kept; a full cache is dropped at once (cheap, and frames refill it within one frame). */
const MAX_ENTRIES = 20_000;

interface OutputCachesLike {
  getStyledChars(line: string): unknown;
  getStringWidth(text: string): number;
}

let installed: boolean | null = null;

function shared<T>(compute: (key: string) => T): (key: string) => T {
  const map = new Map<string, T>();
  return (key) => {
    let v = map.get(key);
    if (v === undefined) {
      if (map.size >= MAX_ENTRIES) map.clear();
      v = compute(key);
      map.set(key, v);
    }
    return v;
  };
}

/** Install once; returns whether Ink's output caches are now shared across frames. */
export async function shareInkOutputCaches(): Promise<boolean> {
  if (installed !== null) return installed;
  installed = false;
  try {
    // The file Ink's own renderer imports, so the class patched here is the one it uses.
    const inkEntry = createRequire(import.meta.url).resolve('ink');
    const url = new URL('./output.js', pathToFileURL(inkEntry));
    const mod = (await import(url.href)) as {
      default?: new (o: { width: number; height: number }) => { caches?: OutputCachesLike };
    };
    const probe = mod.default ? new mod.default({ width: 1, height: 1 }).caches : undefined;
    const proto = probe ? (Object.getPrototypeOf(probe) as OutputCachesLike) : undefined;
    if (!proto || typeof proto.getStyledChars !== 'function' || typeof proto.getStringWidth !== 'function') {
      return false;
    }
    // The original methods compute into their own per-frame maps: run them on a scratch instance whose
    // maps are emptied after each call, so only the bounded shared maps keep anything.
    const scratch = probe as OutputCachesLike & Record<string, unknown>;
    const emptyScratch = () => {
      for (const v of Object.values(scratch)) if (v instanceof Map) v.clear();
    };
    const { getStyledChars, getStringWidth } = proto;
    // Cached cells are only read by Ink (copied into the frame grid, never mutated), so sharing is safe.
    const styled = shared((line) => {
      const v = getStyledChars.call(scratch, line);
      emptyScratch();
      return v;
    });
    const width = shared((text) => {
      const v = getStringWidth.call(scratch, text);
      emptyScratch();
      return v;
    });
    proto.getStyledChars = styled;
    proto.getStringWidth = width;
    installed = true;
  } catch {
    installed = false;
  }
  return installed;
}
