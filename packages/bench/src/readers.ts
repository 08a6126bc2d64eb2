// (e) Input readers: the cost of reading shapes that used to be quadratic (one very long
// NDJSON line, a CSV quote never closed, a long JSON array) at 1×, 2× and 4× the size. Time
// per MB staying flat (growth ratio near 2 per doubling) shows the cost is linear.
import { Readable } from 'node:stream';
import type { IrFact } from '@vigil/core';
import { readCsv, readJsonArray, readNdjson, type InputRecord } from '@vigil/cli/batch';

const FACTS: IrFact[] = [
  { name: 'tpmt', type: { kind: 'enum', values: ['normal', 'absent'] } } as unknown as IrFact,
  { name: 'wbc', type: { kind: 'quantity', unit: '10*9/L' } } as unknown as IrFact,
];

/** `text` in 64 kB chunks, as a file stream delivers it. */
function stream(text: string): Readable {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += 1 << 16) chunks.push(text.slice(i, i + (1 << 16)));
  return Readable.from(chunks);
}

async function count(records: AsyncIterable<InputRecord>): Promise<number> {
  let n = 0;
  for await (const _ of records) n++;
  return n;
}

const SHAPES: { name: string; make: (mb: number) => string; read: (text: string) => AsyncIterable<InputRecord> }[] = [
  {
    name: 'NDJSON, lines of 2 MB (each in 32 chunks), N MB',
    make: (mb) => `{"medications":["${'x'.repeat(2_000_000)}"]}\n`.repeat(Math.max(1, Math.round(mb / 2))),
    read: (t) => readNdjson(stream(t)),
  },
  {
    name: 'CSV, a quote never closed on line 2, N MB of rows after it',
    make: (mb) => `tpmt,wbc\n"normal,3 10*9/L\n${'absent,4.5 10*9/L\n'.repeat(Math.round((mb * 1_000_000) / 18))}`,
    read: (t) => readCsv(stream(t), FACTS),
  },
  {
    name: 'JSON array of N MB of records',
    make: (mb) => `[${Array(Math.round((mb * 1_000_000) / 30)).fill('{"tpmt":"absent","wbc":"3 10*9/L"}').join(',\n')}]`,
    read: (t) => readJsonArray(stream(t)),
  },
];

export async function readerScaling(quick: boolean, table: (headers: string[], rows: (string | number)[][]) => string): Promise<void> {
  const sizes = quick ? [5, 10, 20] : [10, 20, 40];
  console.log('\n## (e) Input readers: linear cost on hostile shapes\n');
  const rows: (string | number)[][] = [];
  for (const shape of SHAPES) {
    let base: number | undefined;
    for (const mb of sizes) {
      const text = shape.make(mb);
      // The best of three runs: the machine is shared, the least disturbed run is the cost.
      let ms = Number.POSITIVE_INFINITY;
      let n = 0;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        n = await count(shape.read(text));
        ms = Math.min(ms, performance.now() - started);
      }
      base ??= ms;
      rows.push([shape.name, mb, n, ms.toFixed(0), (ms / mb).toFixed(1), `${(ms / base).toFixed(2)}× (size ${mb / sizes[0]!}×)`]);
    }
  }
  console.log(table(['input', 'MB', 'records', 'ms', 'ms/MB', 'time vs smallest'], rows));
}
