// The workspace's versioning: with a slow checker, edits that arrive during a check never
// let the older result reach the editor, requests wait for the current text (or, for slow
// rule sets, answer from the last result), and closing a document clears what it showed.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ruleSetsIn, type CheckResult } from '@vigil/core';
import { fromWire, InProcessChecker, isBuilt, toWire, type CheckJob, type Checker } from '../src/checker.js';
import { Workspace } from '../src/workspace.js';

/** Results as a worker sends them: files and model built on first use. */
class WireChecker implements Checker {
  readonly inner = new InProcessChecker();
  async check(job: CheckJob): Promise<CheckResult> {
    return fromWire(toWire(await this.inner.check(job)));
  }
  dispose(): void {}
}

class SlowChecker implements Checker {
  readonly inner = new InProcessChecker();
  started = 0;
  constructor(private readonly delayMs: number) {}
  async check(job: CheckJob): Promise<CheckResult> {
    this.started++;
    const r = await this.inner.check(job);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    return r;
  }
  dispose(): void {}
}

interface Pub {
  uri: string;
  version: number | undefined;
  codes: string[];
}

function setup(delayMs: number) {
  const published: Pub[] = [];
  const checker = new SlowChecker(delayMs);
  const ws = new Workspace({
    debounceMs: 10,
    checker,
    publish: (uri, version, diagnostics) => published.push({ uri, version, codes: diagnostics.map((d) => String(d.code)) }),
  });
  return { ws, published, checker };
}

const URI = 'untitled:Rules-1';
const GOOD = 'facts { a: boolean }\nrule R-1 "t" source "s" when a then advise because "m"\n';
const BAD = 'facts { a: boolean }\nrule R-1 "t" source "s" when b then advise because "m"\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Workspace', () => {
  test('an edit during a check: the older result is never published for the newer text', async () => {
    const { ws, published, checker } = setup(150);
    ws.open(URI, 1, BAD);
    await sleep(40); // the first check is running
    ws.change(URI, 2, GOOD);
    await ws.ready(URI, false);
    await sleep(20);
    expect(checker.started).toBe(2);
    const mine = published.filter((p) => p.uri === URI);
    // Version 1's result (with VGL2001) arrived after version 2 existed: not shown.
    expect(mine.every((p) => p.version === 2)).toBe(true);
    expect(mine[mine.length - 1]!.codes.filter((c) => c.startsWith('VGL2'))).toEqual([]);
    expect(ws.snapshotFor(URI)!.result.sources.get(URI)!.text).toBe(GOOD);
    ws.dispose();
  });

  test('requests wait for the current text in a fast rule set', async () => {
    const { ws } = setup(0);
    ws.open(URI, 1, GOOD);
    await ws.ready(URI);
    ws.change(URI, 2, BAD);
    await ws.ready(URI, true);
    expect(ws.snapshotFor(URI)!.result.sources.get(URI)!.text).toBe(BAD);
    ws.dispose();
  });

  test('a slow rule set answers from its last result while the next check runs', async () => {
    const { ws } = setup(300);
    ws.open(URI, 1, GOOD);
    await ws.ready(URI);
    ws.change(URI, 2, BAD);
    const t0 = performance.now();
    await ws.ready(URI, true);
    expect(performance.now() - t0).toBeLessThan(100);
    expect(ws.snapshotFor(URI)!.result.sources.get(URI)!.text).toBe(GOOD);
    await ws.ready(URI, false);
    expect(ws.snapshotFor(URI)!.result.sources.get(URI)!.text).toBe(BAD);
    ws.dispose();
  });

  test('closing an unsaved document clears its diagnostics', async () => {
    const { ws, published } = setup(0);
    ws.open(URI, 1, BAD);
    await ws.ready(URI);
    ws.close(URI);
    const last = published.filter((p) => p.uri === URI).pop()!;
    expect(last.codes).toEqual([]);
    ws.dispose();
  });

  test('out-of-order changes are ignored', async () => {
    const { ws } = setup(0);
    ws.open(URI, 5, GOOD);
    ws.change(URI, 3, BAD);
    await ws.ready(URI);
    expect(ws.document(URI)!.version).toBe(5);
    expect(ws.snapshotFor(URI)!.result.sources.get(URI)!.text).toBe(GOOD);
    ws.dispose();
  });

  test('folders checked for symbols stay quiet; closing the last open file clears its rule set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-ws-'));
    try {
      writeFileSync(join(dir, 'a.vigil'), BAD);
      writeFileSync(join(dir, 'b.vigil'), 'define d = a\n');
      const { ws, published } = setup(0);
      ws.addFolders([dir]);
      const snapshots = await ws.allSnapshots();
      expect(snapshots).toHaveLength(1);
      expect(published).toEqual([]);
      const uri = pathToFileURL(join(dir, 'a.vigil')).href;
      ws.open(uri, 1, BAD);
      await ws.ready(uri);
      expect(published.find((p) => p.uri === uri)?.codes).toContain('VGL2001');
      expect(published.some((p) => p.uri.endsWith('b.vigil'))).toBe(true);
      ws.close(uri);
      await ws.ready(uri);
      const last = (u: string) => published.filter((p) => p.uri.endsWith(u)).pop()!;
      expect(last('a.vigil').codes).toEqual([]);
      expect(last('b.vigil').codes).toEqual([]);
      ws.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a worker's result is built right after it is published; until then requests that must not wait use the last built one", async () => {
    const ws = new Workspace({ debounceMs: 5, checker: new WireChecker(), publish: () => undefined });
    ws.open(URI, 1, GOOD);
    await ws.ready(URI, false);
    const first = ws.snapshotFor(URI)!;
    await sleep(5);
    expect(isBuilt(first.result)).toBe(true);
    expect(ws.navigationSnapshotFor(URI)).toBe(first);
    ws.change(URI, 2, GOOD.replace('"m"', '"n"'));
    await ws.ready(URI, false);
    const second = ws.snapshotFor(URI)!;
    expect(second).not.toBe(first);
    // Published, not built yet: navigation answers from the previous result without building.
    expect(isBuilt(second.result)).toBe(false);
    expect(ws.navigationSnapshotFor(URI)).toBe(first);
    expect(isBuilt(second.result)).toBe(false);
    await sleep(5);
    expect(isBuilt(second.result)).toBe(true);
    expect(ws.navigationSnapshotFor(URI)).toBe(second);
    ws.dispose();
  });

  test('a file in a subfolder of a rule set is checked with the whole set, the files `vigil check` finds; two sets in one folder stay apart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-ws-sets-'));
    try {
      const write = (p: string, text: string) => {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      };
      write('rules/aza/main.vigil', 'ruleset aza version "1"\nfacts { wbc: quantity 10*9/L }\n');
      write('rules/aza/more/low.vigil', 'rule A-1 "Low" source "s" when wbc < 2 10*9/L then stop azathioprine\n');
      // The same fact name in another set: no duplicate, since the sets are checked apart.
      write('rules/pgx/main.vigil', 'ruleset pgx version "1"\nfacts { wbc: quantity 10*9/L }\nrule P-1 "Low" source "s" when wbc < 3 10*9/L then caution mercaptopurine\n');
      const published = new Map<string, string[]>();
      const ws = new Workspace({ debounceMs: 5, publish: (uri, _v, ds) => published.set(uri, ds.map((d) => String(d.code))) });
      const low = pathToFileURL(join(dir, 'rules/aza/more/low.vigil')).href;
      const pgx = pathToFileURL(join(dir, 'rules/pgx/main.vigil')).href;
      ws.open(low, 1, readFileSync(join(dir, 'rules/aza/more/low.vigil'), 'utf8'));
      ws.open(pgx, 1, readFileSync(join(dir, 'rules/pgx/main.vigil'), 'utf8'));
      await ws.ready(low, false);
      await ws.ready(pgx, false);
      const checked = [...ws.snapshotFor(low)!.result.sources.keys()].sort();
      expect(checked).toEqual([...ruleSetsIn(['rules'], dir).sets[0]!.rules].sort());
      expect(checked).toEqual([join(dir, 'rules/aza/main.vigil'), join(dir, 'rules/aza/more/low.vigil')]);
      expect([...ws.snapshotFor(pgx)!.result.sources.keys()]).toEqual([join(dir, 'rules/pgx/main.vigil')]);
      // No duplicate fact (VGL2002) and no unknown name (VGL2001): each set is checked whole and apart.
      expect(published.get(low)!.filter((c) => c.startsWith('VGL2'))).toEqual([]);
      expect(published.get(pgx)!.filter((c) => c.startsWith('VGL2'))).toEqual([]);
      ws.change(low, 2, 'ruleset other version "1"\n' + readFileSync(join(dir, 'rules/aza/more/low.vigil'), 'utf8'));
      await ws.ready(low, false);
      // A header typed into the file makes more/ a rule set of its own: wbc is then unknown there.
      expect([...ws.snapshotFor(low)!.result.sources.keys()]).toEqual([join(dir, 'rules/aza/more/low.vigil')]);
      expect(published.get(low)).toContain('VGL2001');
      ws.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
