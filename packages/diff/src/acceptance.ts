// Signing off on what patients change: a pull request acknowledges each region of patients
// decided differently by its id (ten hex digits, as the diff prints it), in a file that may
// be free text (a pull-request description, a committed list with reasons). The gate fails
// on any change not acknowledged: a region, a rule set added or removed (`ruleset:NAME`),
// and, where the input space was not fully analysed, a fixture case whose decisions change
// (`case:ID`).
import { createHash } from 'node:crypto';
import type { DiffResult } from './diff.js';
import type { FolderDiffResult } from './folders.js';

/** The ids a text acknowledges: every `0123456789`-style word, `ruleset:NAME` and `case:ID`. */
export function readAccepted(text: string): Set<string> {
  const ids = new Set<string>();
  for (const m of text.matchAll(/(?<![\w:])(?:ruleset:[A-Za-z_][A-Za-z0-9_]*|case:[0-9a-f]{10}|[0-9a-f]{10})(?![\w])/g)) ids.add(m[0]);
  return ids;
}

/** The id of a fixture case, for acknowledging it: a hash of its file and name. */
export function caseId(file: string, name: string): string {
  return `case:${createHash('sha256').update(`${file}#${name}`).digest('hex').slice(0, 10)}`;
}

export interface PendingChange {
  readonly id: string;
  /** What the reviewer signs off on. */
  readonly what: string;
}

/** Changes of one rule set's diff that `accepted` does not acknowledge. */
export function pendingChanges(result: DiffResult, accepted: ReadonlySet<string>, set?: string): PendingChange[] {
  const out: PendingChange[] = [];
  const where = set ? `${set}: ` : '';
  for (const r of result.space?.regions ?? []) if (!accepted.has(r.id)) out.push({ id: r.id, what: `${where}${r.description}: ${r.change}` });
  // Fixture cases are patients inside the regions; they need their own sign-off only where the regions may be incomplete.
  const spaceComplete = result.space ? result.space.complete && result.space.unsplit.length === 0 : false;
  if (!spaceComplete) {
    for (const c of result.fixtures?.changed ?? []) {
      const id = caseId(c.file, c.case);
      if (!accepted.has(id)) out.push({ id, what: `${where}fixture case ${c.file}#${c.case} decides differently` });
    }
  }
  return out;
}

/** Changes of a folder of rule sets that `accepted` does not acknowledge. */
export function pendingInFolders(result: FolderDiffResult, accepted: ReadonlySet<string>): PendingChange[] {
  const out: PendingChange[] = [];
  for (const s of result.sets) {
    if (s.change !== 'compared') {
      const id = `ruleset:${s.name}`;
      if (!accepted.has(id)) out.push({ id, what: `rule set ${s.name} ${s.change}` });
    } else out.push(...pendingChanges(s.result!, accepted, s.name));
  }
  return out;
}

/** The sign-off paragraph of a comment. */
export function signOffLines(pending: readonly PendingChange[], file: string, markdown: boolean): string[] {
  const code = (s: string) => (markdown ? `\`${s}\`` : s);
  if (pending.length === 0) return [`${markdown ? '**Sign-off**' : 'Sign-off'}: every change is acknowledged in ${code(file)}.`];
  const shown = pending.slice(0, 50);
  return [
    `${markdown ? '**Sign-off**' : 'Sign-off'}: ${pending.length} change${pending.length === 1 ? ' is' : 's are'} not acknowledged in ${code(file)}; add ${pending.length === 1 ? 'its id' : 'their ids'} to it once reviewed:`,
    '',
    ...shown.map((p) => `- ${code(p.id)} ${markdown ? p.what.replace(/([\\*_[\]<>|~#])/g, '\\$1') : p.what}`),
    ...(pending.length > shown.length ? [`- … and ${pending.length - shown.length} more (see \`--format json\`)`] : []),
  ];
}
