// Item 13, rule files: `check /dev/zero` and `import "/dev/zero"` grew to many GB, a FIFO
// named x.vigil blocked forever, `10*100000000/L` took 29 s and 630 MB, and a 50 MB rule
// file died out of memory. Only regular files are read, rule files and rule sets are
// capped with a clear error, unit exponents are capped in core, and a file at the cap is
// checked within a bounded heap.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractProblems, tempDir, TPMT_RULES, vigil } from './vigil-process.js';

describe('13 rule files that never end or never open', () => {
  it('check /dev/zero is refused at once', () => {
    const r = vigil(['check', '/dev/zero'], tempDir(), 10_000);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("/dev/zero:1:1 - error VGL2010: Cannot read rule file 'zero': it is a device, not a regular file.");
  });

  it('import "/dev/zero" is refused without reading it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'r.vigil'), TPMT_RULES.replace('\n', '\nimport "/dev/zero"\n'));
    const r = vigil(['check', 'r.vigil'], dir, 10_000);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Import '/dev/zero' is refused");
  });

  it('a FIFO named x.vigil, named or found in a folder, is refused without blocking', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'r.vigil'), TPMT_RULES);
    execFileSync('mkfifo', [join(dir, 'x.vigil')]);
    for (const args of [['check', 'x.vigil'], ['check', '.'], ['eval', '.', '--expr', 'true']]) {
      const r = vigil(args, dir, 10_000);
      expect(contractProblems(r), args.join(' ')).toEqual([]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout + r.stderr, args.join(' ')).toContain("Cannot read rule file 'x.vigil': it is a named pipe (FIFO), not a regular file.");
    }
  });
});

describe('13 size limits', () => {
  it('a rule file over 2 MiB is refused with the limit (a 5 MB file took 21 s and 1.4 GB)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big.vigil'), TPMT_RULES + '// padding\n'.repeat(500_000));
    const r = vigil(['check', 'big.vigil'], dir, 20_000);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Cannot read rule file 'big.vigil': it is larger than 2 MiB, the limit for a rule file");
  });

  it('a rule set over 8 MiB in total is refused, naming the file past the limit', () => {
    const dir = tempDir();
    const pad = '// padding\n'.repeat(180_000); // 1.98 MB each
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `part${i}.vigil`), pad);
    writeFileSync(join(dir, 'main.vigil'), TPMT_RULES);
    const r = vigil(['check', '.'], dir, 60_000);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Cannot read rule file 'part4\.vigil': the rule set's files exceed 8,388,608 characters together/);
  });

  it('a file of syntax errors at the size limit is answered within a 512 MB heap', () => {
    const dir = tempDir();
    const line = 'rule R-1 "t" when when ) ( tpmt = = absent then then\n';
    writeFileSync(join(dir, 'bad.vigil'), line.repeat(Math.floor((2 * 1024 * 1024 - 1) / line.length)));
    const r = vigil(['check', 'bad.vigil'], dir, 60_000, { NODE_OPTIONS: '--max-old-space-size=512' });
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/more syntax errors are not shown|Too many syntax errors/);
  });

  it('10*100000000/L is refused by the unit limit at once, in check and in the editor’s core', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'u.vigil'), 'ruleset t version "1"\nfacts { q: quantity 10*100000000/L }\n');
    const r = vigil(['check', 'u.vigil'], dir, 10_000);
    expect(contractProblems(r)).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('has the exponent 100000000, over the limit of 99');
  });
});
