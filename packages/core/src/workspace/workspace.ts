// The one answer, for every front end, to "which rule sets do these paths hold, and what
// are their files" (`ruleSetsIn`, for command lines) and "which rule set does this file
// belong to" (`ruleSetOf`, for editors; `ruleSetAt` for a folder). All walk folders on disk
// the same way (`filesIn`: hidden folders and node_modules skipped, links not followed
// below a named folder) and group files with `discoverRuleSets`, so `vigil check rules/`
// and the language server check the same files of a set with a `ruleset` header. Rule
// files below no header form one set of their own, as every `.vigil` file named together
// always has (in an editor, a loose file's own folder).
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, parse as parsePath, resolve, sep } from 'node:path';
import { codes, formatTemplate } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { describeFileError } from '../files/file-errors.js';
import { FileReadError } from '../files/read-limited.js';
import { readRuleFile } from '../rule-files.js';
import { SourceText } from '../language/source.js';
import { discoverRuleSets, isFixtureFile, isRuleFile, rulesetHeader, rulesetHeaderAt } from './ruleset-discovery.js';

/** One rule set on disk: what a check, a compile or a test run takes. */
export interface RuleSetFiles {
  /** The name in `ruleset NAME`; undefined for the files below no header. */
  readonly name: string | undefined;
  /** The file with the `ruleset` header. */
  readonly header: string | undefined;
  /** The header's folder (for files below no header: their nearest common folder). */
  readonly root: string;
  /** `.vigil` files, absolute, the header first, then in path order. */
  readonly rules: readonly string[];
  /** `*.cases.yaml` and `*.facts.yaml` files, absolute, in path order. */
  readonly fixtures: readonly string[];
}

export interface WorkspaceScan {
  /** By name; the set of files below no header (if any) last. */
  readonly sets: readonly RuleSetFiles[];
  /** Paths named that do not exist, as given. */
  readonly missing: readonly string[];
  /** The folders the paths name (a file's own folder): the folders imports may reach. */
  readonly roots: readonly string[];
  /** One `ruleset` name declared by two folders (VGL2013): the sets cannot be told apart. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Every `.vigil` and fixture file below `dir`, sorted; a folder that cannot be listed stops the walk with its path. */
function walk(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    // No error code on it: front ends print its message, which names the folder.
    throw new FileReadError(dir, describeFileError(error));
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = join(dir, entry.name);
    // Not only regular files: a dangling link or a pipe named x.vigil is kept, so that reading it reports why.
    if (entry.isDirectory()) walk(p, out);
    else if (isRuleFile(entry.name) || isFixtureFile(entry.name)) out.push(p);
  }
}

const toSlashes = (p: string): string => (sep === '/' ? p : p.split(sep).join('/'));
const fromSlashes = (p: string): string => (sep === '/' ? p : p.split('/').join(sep));

/**
 * Header names of files on disk by path, with the size and time of change they were read at:
 * an editor asks for its rule set's files at every check, and only changed files are read again.
 */
const headers = new Map<string, { readonly size: number; readonly mtimeMs: number; readonly name: string | undefined }>();

/**
 * A rule file's text as far as its header goes (`ruleset NAME`, or nothing); an unreadable
 * file has none (checking it says why).
 */
function textOf(path: string): string {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return '';
  }
  let hit = headers.get(path);
  if (!hit || hit.size !== stat.size || hit.mtimeMs !== stat.mtimeMs) {
    const r = readRuleFile(path);
    hit = { size: stat.size, mtimeMs: stat.mtimeMs, name: r.ok ? rulesetHeader(r.text) : undefined };
    if (headers.size > 10_000) headers.clear();
    headers.set(path, hit);
  }
  return hit.name === undefined ? '' : `ruleset ${hit.name}`;
}

/** The deepest folder holding every one of `files` (absolute paths): a rule set's root for reports and relative locations. */
export function commonFolder(files: readonly string[]): string {
  if (files.length === 0) return '/';
  let parts = dirname(files[0]!).split(sep);
  for (const f of files.slice(1)) {
    const q = dirname(f).split(sep);
    let i = 0;
    while (i < parts.length && i < q.length && parts[i] === q[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

/** VGL2013 at the later header's `ruleset NAME` (at the file's start when it cannot be read again). */
function duplicateName(name: string, first: string, second: string): Diagnostic {
  const code = codes.duplicateRulesetName;
  const r = readRuleFile(second);
  const text = r.ok ? r.text : '';
  const at = rulesetHeaderAt(text);
  const source = new SourceText(second, text);
  return {
    code: code.code,
    name: code.name,
    severity: code.severity,
    message: formatTemplate(code.template, { name, first, second }),
    uri: second,
    range: at ? source.rangeAt(at.offset, at.offset + at.length) : source.rangeAt(0, 0),
  };
}

/**
 * Groups files (absolute paths) into rule sets by their headers; `others` (files named
 * outright that are not `.vigil` files) join the files below no header.
 */
export function groupRuleSets(files: readonly string[], read: (path: string) => string = textOf, others: readonly string[] = []): { sets: RuleSetFiles[]; diagnostics: Diagnostic[] } {
  const d = discoverRuleSets(files.map(toSlashes), (p) => read(fromSlashes(p)));
  const sets: RuleSetFiles[] = d.sets.map((s) => ({
    name: s.name,
    header: fromSlashes(s.header),
    root: fromSlashes(s.root),
    rules: s.rules.map(fromSlashes),
    fixtures: s.fixtures.map(fromSlashes),
  }));
  const loose = d.unassigned.map(fromSlashes);
  const looseRules = [...loose.filter(isRuleFile), ...others];
  if (looseRules.length > 0) sets.push({ name: undefined, header: undefined, root: commonFolder(looseRules), rules: looseRules, fixtures: loose.filter(isFixtureFile) });
  const diagnostics = d.problems.map((p) => duplicateName(p.name, fromSlashes(p.first), fromSlashes(p.file)));
  return { sets, diagnostics };
}

/**
 * The files paths (relative to `cwd`) name: a folder stands for every rule and fixture file
 * below it, in path order; a file named is taken whatever its name (reading it says what
 * is wrong with it). `roots` are the folders named (a file's own folder).
 */
export function filesIn(paths: readonly string[], cwd = process.cwd()): { files: string[]; missing: string[]; roots: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const roots: string[] = [];
  for (const raw of paths) {
    const p = resolve(cwd, raw);
    if (!existsSync(p)) {
      missing.push(raw);
      continue;
    }
    if (statSync(p).isDirectory()) {
      roots.push(p);
      walk(p, files);
    } else {
      roots.push(dirname(p));
      files.push(p);
    }
  }
  return { files: [...new Set(files)], missing, roots: [...new Set(roots)] };
}

/** The rule sets that paths (files and folders, relative to `cwd`) hold, each with its files. */
export function ruleSetsIn(paths: readonly string[], cwd = process.cwd()): WorkspaceScan {
  const { files, missing, roots } = filesIn(paths, cwd);
  const others = files.filter((f) => !isRuleFile(f) && !isFixtureFile(f));
  const { sets, diagnostics } = groupRuleSets(files.filter((f) => isRuleFile(f) || isFixtureFile(f)), textOf, others);
  return { sets, missing, roots, diagnostics };
}

export interface RuleSetOfOptions {
  /**
   * Folders not to look above (an editor's workspace folders). The search never goes up into
   * the file system's root, the home folder or the temporary folder.
   */
  readonly stopAt?: readonly string[];
  /** Texts that stand in for the disk (an editor's open documents), by absolute path. */
  readonly overlay?: ReadonlyMap<string, string>;
  /**
   * With no header above: `tree`, the folder tree's files below no header (as a command
   * line given the folder); `folder`, the folder's own files (as an editor has always
   * checked a loose file, so folders of loose files never overlap). Default `tree`.
   */
  readonly loose?: 'tree' | 'folder';
}

/**
 * Folders no search for a header goes up into, and no rule set spans: the file system's
 * root, the home folder and the temporary folder (a stray `x.vigil` there must not make
 * every folder below it one rule set).
 */
function wideFolders(dir: string): Set<string> {
  return new Set([parsePath(resolve(dir)).root, homedir(), tmpdir()].map((d) => resolve(d)));
}

/** Folders from `dir` up to a stop folder (included) or a wide folder (excluded), nearest first. */
function ancestors(dir: string, stopAt: readonly string[], wide: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    if (wide.has(d) && d !== dir) break;
    out.push(d);
    if (stopAt.includes(d) || dirname(d) === d) break;
  }
  return out;
}

/**
 * The rule set of a folder: the set of the nearest folder at or above it that holds a
 * `ruleset` header, as `ruleSetsIn([that folder])` gives it; with no header above, the
 * files of the folder's own tree that no header claims. Open documents (`overlay`) count
 * as files, with their unsaved text.
 */
export function ruleSetAt(folder: string, options: RuleSetOfOptions = {}): RuleSetFiles {
  const overlay = options.overlay ?? new Map<string, string>();
  const read = (p: string): string => overlay.get(p) ?? textOf(p);
  const listed = (dir: string): string[] => {
    let names: Dirent[] = [];
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      // A folder gone or unreadable: its open documents still count.
    }
    const here = names.filter((e) => !e.isDirectory() && !e.name.startsWith('.') && isRuleFile(e.name)).map((e) => join(dir, e.name));
    for (const p of overlay.keys()) if (dirname(p) === dir && isRuleFile(p)) here.push(p);
    return [...new Set(here)];
  };
  const stopAt = (options.stopAt ?? []).map((s) => resolve(s));
  const wide = wideFolders(folder);
  let root: string | undefined;
  for (const dir of ancestors(folder, stopAt, wide)) {
    if (listed(dir).some((p) => rulesetHeader(read(p)) !== undefined)) {
      root = dir;
      break;
    }
  }
  const files: string[] = [];
  // A file in the home or temporary folder, a header included, is a set with its neighbours
  // only: a stray `ruleset` there must not claim every folder below it.
  const flat = root === undefined ? wide.has(folder) || options.loose === 'folder' : wide.has(root);
  if (flat) {
    root ??= folder;
    files.push(...listed(folder));
  } else {
    root ??= folder;
    try {
      walk(root, files);
    } catch {
      // The folder cannot be listed: the open documents below it still form a set.
    }
  }
  for (const p of overlay.keys()) if (flat ? dirname(p) === root : p.startsWith(root + sep)) files.push(p);
  const { sets } = groupRuleSets([...new Set(files)].sort(), read);
  // The set whose folder holds `folder`: the deepest one above it (a nested set's files are its own).
  const inside = (s: RuleSetFiles) => folder === s.root || folder.startsWith(s.root + sep);
  const named = sets.filter((s) => s.name !== undefined && inside(s)).sort((a, b) => b.root.length - a.root.length)[0];
  return named ?? sets.find((s) => s.name === undefined) ?? { name: undefined, header: undefined, root, rules: [], fixtures: [] };
}

/**
 * The rule set a rule file belongs to: the set of its folder (`ruleSetAt`), the file always
 * among its rules; with no header above, by default its own folder's files (`loose: 'folder'`).
 */
export function ruleSetOf(file: string, options: RuleSetOfOptions = {}): RuleSetFiles {
  const set = ruleSetAt(dirname(file), { loose: 'folder', ...options });
  if (set.rules.includes(file)) return set;
  // A file not on disk nor open (a path given by hand) still belongs where it would be.
  return { ...set, rules: [...set.rules, file] };
}
