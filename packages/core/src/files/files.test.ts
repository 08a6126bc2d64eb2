import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAtomicWriteStream, FileWriteError, INPUT_LIMITS, readRegularFile, refuseOverwritingInput, writeFileAtomic, writeFilesAtomic } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length > 0) rmSync(dirs.pop()!, { recursive: true, force: true });
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'vigil-files-'));
  dirs.push(d);
  return d;
}
const listing = (d: string) => readdirSync(d).sort();

describe('writeFileAtomic', () => {
  it('replaces a file in one step, keeps its mode, and leaves no temporary file', () => {
    const d = temp();
    const f = join(d, 'out.txt');
    writeFileSync(f, 'old');
    chmodSync(f, 0o640);
    writeFileAtomic(f, 'new');
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(statSync(f).mode & 0o777).toBe(0o640);
    expect(listing(d)).toEqual(['out.txt']);
  });

  it('writes through a symbolic link to the file it names, keeping the link', () => {
    const d = temp();
    writeFileSync(join(d, 'target.txt'), 'old');
    symlinkSync(join(d, 'target.txt'), join(d, 'link.txt'));
    writeFileAtomic(join(d, 'link.txt'), 'new');
    expect(readFileSync(join(d, 'target.txt'), 'utf8')).toBe('new');
    expect(listing(d)).toEqual(['link.txt', 'target.txt']);
  });

  it('names the path and the reason when it cannot write, and leaves nothing behind', () => {
    const d = temp();
    mkdirSync(join(d, 'dir'));
    expect(() => writeFileAtomic(join(d, 'dir'), 'x', 'dir')).toThrow("cannot write 'dir': it is a directory");
    expect(() => writeFileAtomic(join(d, 'nope/x.txt'), 'x', 'nope/x.txt')).toThrow("cannot write 'nope/x.txt': the directory 'nope' does not exist");
    expect(listing(d)).toEqual(['dir']);
  });

  it.skipIf(!existsSync('/dev/full'))('writes a device in place and reports a full one', () => {
    expect(() => writeFileAtomic('/dev/null', 'x')).not.toThrow();
    expect(() => writeFileAtomic('/dev/full', 'x')).toThrow("cannot write '/dev/full': no space left on the device");
  });

  it('writes several files all or none: a failure before the renames leaves every target as it was', () => {
    const d = temp();
    writeFileSync(join(d, 'a.txt'), 'old a');
    mkdirSync(join(d, 'b.txt'));
    expect(() => writeFilesAtomic([{ path: join(d, 'a.txt'), data: 'new a' }, { path: join(d, 'b.txt'), data: 'new b' }])).toThrow(FileWriteError);
    expect(readFileSync(join(d, 'a.txt'), 'utf8')).toBe('old a');
    expect(listing(d)).toEqual(['a.txt', 'b.txt']);
  });
});

describe('createAtomicWriteStream', () => {
  it('shows nothing at the target until commit, and abort leaves the target as it was', async () => {
    const d = temp();
    const f = join(d, 'out.ndjson');
    writeFileSync(f, 'old\n');
    const s = createAtomicWriteStream(f);
    s.stream.write('partial\n');
    expect(readFileSync(f, 'utf8')).toBe('old\n');
    s.abort();
    expect(readFileSync(f, 'utf8')).toBe('old\n');
    expect(listing(d)).toEqual(['out.ndjson']);
    const t = createAtomicWriteStream(f);
    t.stream.write('complete\n');
    await t.commit();
    expect(readFileSync(f, 'utf8')).toBe('complete\n');
    expect(listing(d)).toEqual(['out.ndjson']);
  });

  it.skipIf(!existsSync('/dev/full'))('reports a write error on commit', async () => {
    const s = createAtomicWriteStream('/dev/full');
    s.stream.write('x'.repeat(100_000));
    await expect(s.commit()).rejects.toThrow("cannot write '/dev/full': no space left on the device");
  });
});

describe('refuseOverwritingInput', () => {
  it('compares device and inode: the same file through another name is refused', () => {
    const d = temp();
    writeFileSync(join(d, 'p.ndjson'), '{}\n');
    symlinkSync(join(d, 'p.ndjson'), join(d, 'l.ndjson'));
    mkdirSync(join(d, 'x'));
    for (const out of ['p.ndjson', 'l.ndjson', 'x/../p.ndjson']) {
      expect(() => refuseOverwritingInput(join(d, out), out, [{ path: join(d, 'p.ndjson'), shown: 'p.ndjson' }])).toThrow(`cannot write '${out}': it is the input file 'p.ndjson'`);
    }
    expect(() => refuseOverwritingInput(join(d, 'new.ndjson'), 'new.ndjson', [{ path: join(d, 'p.ndjson'), shown: 'p.ndjson' }])).not.toThrow();
  });
});

describe('readRegularFile', () => {
  it('reads a regular file, dropping a byte-order mark', () => {
    const d = temp();
    writeFileSync(join(d, 'p.yaml'), '\ufefftpmt: absent\n');
    expect(readRegularFile(join(d, 'p.yaml'), { maxBytes: 100, what: 'a facts file' })).toBe('tpmt: absent\n');
  });

  it('refuses a file over the limit, a directory, a FIFO (without blocking) and a device', () => {
    const d = temp();
    writeFileSync(join(d, 'big'), 'x'.repeat(101));
    expect(() => readRegularFile(join(d, 'big'), { maxBytes: 100, what: 'a facts file', shown: 'big' })).toThrow("cannot read 'big': it is larger than 100 bytes, the limit for a facts file");
    expect(() => readRegularFile(d, { maxBytes: 100, what: 'x', shown: 'd' })).toThrow("cannot read 'd': it is a directory");
    execFileSync('mkfifo', [join(d, 'fifo')]);
    expect(() => readRegularFile(join(d, 'fifo'), { maxBytes: 100, what: 'x', shown: 'fifo' })).toThrow("cannot read 'fifo': it is a named pipe (FIFO), not a regular file");
    if (existsSync('/dev/zero')) expect(() => readRegularFile('/dev/zero', { maxBytes: 100, what: 'x' })).toThrow('it is a device, not a regular file');
    expect(() => readRegularFile(join(d, 'missing'), { maxBytes: 100, what: 'x', shown: 'missing' })).toThrow("cannot read 'missing': no such file or directory");
  });

  it('has the documented limits', () => {
    expect(INPUT_LIMITS).toEqual({ factsFileBytes: 4 * 1024 * 1024, recordChars: 4 * 1024 * 1024, fixtureFileBytes: 16 * 1024 * 1024, factsDepth: 64 });
  });
});
