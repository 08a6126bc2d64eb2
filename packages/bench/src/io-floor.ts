// The floor under any `vigil run` that writes records: the time to pass the JS run's own
// output through Node once more (read as text, written through a file stream, as the run's
// writer does), with no evaluation at all. No engine that writes the same records from
// Node can run faster than this, so its rate bounds every ratio in section (g).
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';

const COPY = `
const { createReadStream, createWriteStream } = require('node:fs');
(async () => {
  const t = performance.now();
  const out = createWriteStream(process.argv[2]);
  for await (const chunk of createReadStream(process.argv[1], { encoding: 'utf8', highWaterMark: 1 << 16 }))
    if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
  await new Promise((r) => out.end(r));
  process.stdout.write(String((performance.now() - t) / 1000));
})();`;

/** Seconds to copy `records` (an NDJSON output) as text to `scratch` in a fresh Node process, and its bytes. */
export function ioFloor(records: string, scratch: string): { seconds: number; bytes: number } {
  const bytes = statSync(records).size;
  try {
    const run = spawnSync(process.execPath, ['-e', COPY, records, scratch], { encoding: 'utf8', timeout: 60 * 60_000 });
    const seconds = Number(run.stdout);
    if (run.status !== 0 || !Number.isFinite(seconds)) throw new Error(`the copy of the records failed: ${run.stderr}`);
    return { seconds, bytes };
  } finally {
    rmSync(scratch, { force: true });
  }
}
