// The floor under any `vigil run` that writes records: the time to write the JS run's own
// output once more from Node (each part already a string in memory, written as the run's
// writer does, UTF-8 encoded, then flushed to the disk as the run's atomic output is), with
// no evaluation at all. Reading the file back is not timed. No engine that writes the same
// records from Node can run faster than this, so its rate bounds every ratio in section (g).
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';

const WRITE = `
const { openSync, readSync, writeSync, fsyncSync, closeSync } = require('node:fs');
const { StringDecoder } = require('node:string_decoder');
const decoder = new StringDecoder('utf8');
const input = openSync(process.argv[1], 'r');
const output = openSync(process.argv[2], 'w');
const buffer = Buffer.alloc(1 << 16);
let timed = 0;
for (;;) {
  const n = readSync(input, buffer, 0, buffer.length, null);
  if (n === 0) break;
  const text = decoder.write(buffer.subarray(0, n));
  const t = performance.now();
  writeSync(output, text, null, 'utf8');
  timed += performance.now() - t;
}
const t = performance.now();
fsyncSync(output);
timed += performance.now() - t;
closeSync(output);
closeSync(input);
process.stdout.write(String(timed / 1000));`;

/** Seconds to write `records` (an NDJSON output) again to `scratch` in a fresh Node process, the writes alone timed, and its bytes. */
export function ioFloor(records: string, scratch: string): { seconds: number; bytes: number } {
  const bytes = statSync(records).size;
  try {
    const run = spawnSync(process.execPath, ['-e', WRITE, records, scratch], { encoding: 'utf8', timeout: 60 * 60_000 });
    const seconds = Number(run.stdout);
    if (run.status !== 0 || !Number.isFinite(seconds)) throw new Error(`the copy of the records failed: ${run.stderr}`);
    return { seconds, bytes };
  } finally {
    rmSync(scratch, { force: true });
  }
}
