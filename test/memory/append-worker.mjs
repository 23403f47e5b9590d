// One writer of the concurrency test: appends N distinct lessons to a store, one append each, and
// compacts every 25 appends, through the built store (dist/). Usage: node append-worker.mjs ROOT KEY TAG N
import { MemoryStore } from '../../dist/src/core/memory/store.js';

const [root, key, tag, n] = process.argv.slice(2);
const store = new MemoryStore(root, key, { maxEntries: 10_000 });
for (let i = 0; i < Number(n); i++) {
  // Words unique to this lesson, so no two lessons are similar enough to merge.
  await store.addLessons([{ kind: 'pitfall', text: `w${tag}n${i} z${tag}q${i}` }], `worker-${tag}`);
  if (i % 25 === 24) await store.compact();
}
