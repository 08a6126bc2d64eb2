// One record of a batch: parse (NDJSON), validate, evaluate, and the output line. The same
// functions run in the main thread and, from their source text, in worker threads (see
// parallel.ts), so both paths write the same bytes. Each function is self-contained: no
// imports, no references to module variables or to each other.

/** The outcome of one record: its output line and, for a failed record, what to report. */
export interface RecordOutcome {
  readonly line: string;
  readonly failure: { readonly record: number; readonly field?: string; readonly message: string } | null;
  /** The action of every decision, in order (for the summary). */
  readonly actions: readonly string[];
  readonly notEvaluable: number;
}

/** What `evaluateRecord` needs of an engine. */
export interface RecordEngine {
  validateFacts(input: unknown): { readonly ok: true; readonly facts: unknown } | { readonly ok: false; readonly issues: readonly { readonly path: string; readonly message: string }[] };
  evaluate(input: unknown, options?: object): { decisions: readonly { action: string }[]; notEvaluable: readonly unknown[]; overridden: readonly unknown[] };
  evaluateValidated?(facts: unknown, options?: object): { decisions: readonly { action: string }[]; notEvaluable: readonly unknown[]; overridden: readonly unknown[] };
}

/** What LineSplitter leaves in place of a line longer than the limit, followed by its length. */
export const LINE_TOO_LONG = '\u0000vigil:too-long:';

/** Why a JSON text is not a record: the message, and where (offset in the text, 0-based). */
export interface JsonFault {
  /** For the record's error line: `not valid JSON: … at column 7`, `duplicate key 'tpmt' …`. */
  readonly message: string;
  /** The fault alone, without its position: `trailing comma before ]`. */
  readonly detail: string;
  readonly offset: number;
  /** The key, for a duplicate key. */
  readonly field?: string;
}

/**
 * A JSON text (an NDJSON line, an element of a JSON array, a facts file) as a record: its
 * value, or its first fault with its offset. Strict JSON (no trailing or doubled commas),
 * no key twice in one object (JSON.parse would keep the last silently), at most 64 levels
 * of nesting (INPUT_LIMITS.factsDepth). An over-long line arrives as the marker the line
 * splitter leaves instead of its text (see LineSplitter). Linear in the length of the text.
 */
export function parseJsonLine(
  record: number,
  text: string,
  /** Skip the quick scan (tests compare the two scans). */
  preciseOnly = false,
): { readonly record: number; readonly value: unknown } | { readonly record: number; readonly error: JsonFault } {
  // Self-contained (it also runs in worker threads from its source): the limits are
  // written here; a test checks they equal INPUT_LIMITS.
  const MAX_DEPTH = 64;
  const MAX_CHARS = 4 * 1024 * 1024;
  const TOO_LONG = '\u0000vigil:too-long:';
  const column = (offset: number): number => offset - text.lastIndexOf('\n', offset - 1);
  const fault = (detail: string, offset: number, prefix: string, field?: string) => ({
    record,
    error: { message: `${prefix}${detail} at column ${column(offset)}`, detail, offset, ...(field !== undefined ? { field } : {}) },
  });
  if (text.startsWith(TOO_LONG)) {
    const length = Number(text.slice(TOO_LONG.length));
    const detail = `the record is ${length.toLocaleString('en-US')} characters long, more than the limit of ${MAX_CHARS.toLocaleString('en-US')}`;
    return { record, error: { message: detail, detail, offset: 0 } };
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // Where and why: a strict validator, iterative (no recursion on deep nesting).
    const s = text;
    const n = s.length;
    let i = 0;
    const stack: number[] = [];
    const show = (at: number) => (at >= n ? 'end of file' : `'${s[at]}'`);
    const ws = () => {
      for (;;) {
        const c = s.charCodeAt(i);
        if (c === 32 || c === 9 || c === 10 || c === 13) i++;
        else return;
      }
    };
    const bad = (detail: string, at = i) => fault(at >= n ? 'unexpected end of file' : detail, Math.min(at, n), 'not valid JSON: ');
    const str = (): ReturnType<typeof bad> | undefined => {
      i++;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (c === 34) {
          i++;
          return undefined;
        }
        if (c === 92) {
          const e = s[i + 1];
          if (e === 'u') {
            if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return bad('invalid \\u escape in string');
            i += 6;
          } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
          else return bad(`invalid escape '\\${e ?? ''}' in string`);
        } else if (c < 32) return bad('control character in string (unescaped line break or tab?)');
        else i++;
      }
      return bad('unterminated string', n);
    };
    const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
    let state: 'value' | 'key' | 'after' = 'value';
    let comma = -1;
    for (;;) {
      ws();
      const ch = s[i];
      if (state === 'value') {
        if (ch === '{' || ch === '[') {
          stack.push(ch === '{' ? 125 : 93);
          i++;
          ws();
          if (s.charCodeAt(i) === stack[stack.length - 1]) {
            stack.pop();
            i++;
            state = 'after';
          } else state = ch === '{' ? 'key' : 'value';
          comma = -1;
          continue;
        }
        if (ch === '"') {
          const e = str();
          if (e) return e;
        } else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(s);
          if (!m || m[0] === '-') return bad(`unexpected ${show(i)}`);
          i += m[0].length;
        } else if (s.startsWith('true', i)) i += 4;
        else if (s.startsWith('false', i)) i += 5;
        else if (s.startsWith('null', i)) i += 4;
        else if (ch === ']' && comma >= 0) return bad('trailing comma before ]', comma);
        else if (ch === ',') return bad(comma >= 0 ? 'two commas in a row' : "unexpected ','");
        else if (ch === "'") return bad('strings must use double quotes');
        else return bad(`unexpected ${show(i)}`);
        state = 'after';
        continue;
      }
      if (state === 'key') {
        if (ch === '}' && comma >= 0) return bad('trailing comma before }', comma);
        if (ch !== '"') return bad(`expected a double-quoted property name, found ${show(i)}`);
        const e = str();
        if (e) return e;
        ws();
        if (s[i] !== ':') return bad(`expected ':' after the property name, found ${show(i)}`);
        i++;
        comma = -1;
        state = 'value';
        continue;
      }
      if (stack.length === 0) {
        if (i < n) return bad(`unexpected ${show(i)} after the end of the JSON value`);
        break;
      }
      const close = stack[stack.length - 1]!;
      if (ch === ',') {
        comma = i++;
        state = close === 125 ? 'key' : 'value';
      } else if (s.charCodeAt(i) === close) {
        stack.pop();
        i++;
      } else return bad(close === 125 ? `expected ',' or '}' after a property value, found ${show(i)}` : `expected ',' or ']' after a list item, found ${show(i)}`);
    }
    // JSON.parse refused what the validator accepts: should not happen; say what JSON.parse said.
    return fault('not accepted by JSON.parse', 0, 'not valid JSON: ');
  }
  // Valid JSON. First a quick scan that only counts: the keys of the record's object (JSON.parse
  // keeps one property per distinct key, so the counts differ exactly when a key is given
  // twice), the keys of nested objects, short numbers (exact), the depth. Anything it cannot
  // clear goes to the precise scan below, which finds and names the problem.
  if (!preciseOnly && text.charCodeAt(0) === 123 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
    let clear = true;
    let depth = 0;
    let topKeys = 0;
    let expectKey = false;
    const inObject: boolean[] = [];
    const nested: (string[] | null)[] = [];
    const n = text.length;
    for (let i = 0; i < n && clear; i++) {
      const c = text.charCodeAt(i);
      if (c === 45 || (c >= 48 && c <= 57)) {
        let j = i + 1;
        let d = text.charCodeAt(j);
        while ((d >= 48 && d <= 57) || d === 46 || d === 43 || d === 45) d = text.charCodeAt(++j);
        if (d === 101 || d === 69 || j - i > 15) clear = false;
        i = j - 1;
      } else if (c === 34) {
        let j = i;
        for (;;) {
          j = text.indexOf('"', j + 1);
          let k = j - 1;
          while (text.charCodeAt(k) === 92) k--;
          if ((j - 1 - k) % 2 === 0) break;
        }
        if (expectKey) {
          if (depth === 1) topKeys++;
          else {
            const raw = text.slice(i + 1, j);
            const seen = nested[depth - 1]!;
            if (raw.indexOf('\\') >= 0 || seen.indexOf(raw) >= 0) clear = false;
            else seen.push(raw);
          }
          expectKey = false;
        }
        i = j;
      } else if (c === 123 || c === 91) {
        depth++;
        if (depth > MAX_DEPTH) clear = false;
        inObject[depth - 1] = c === 123;
        nested[depth - 1] = c === 123 && depth > 1 ? [] : null;
        expectKey = c === 123;
      } else if (c === 125 || c === 93) depth--;
      else if (c === 44) expectKey = depth > 0 && inObject[depth - 1] === true;
    }
    if (clear && topKeys === Object.keys(value).length) return { record, value };
  }
  // The precise scan: look for a key given twice, for nesting past the limit, and for a number
  // JSON.parse rounded: engines read a number as the decimal its double stands for, so a
  // longer one (2.49999999999999999 became 2.5) is refused, never compared rounded. Strings
  // are skipped with indexOf, so the scan costs little next to JSON.parse.
  const canonical = (t: string): string => {
    const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(t);
    if (m === null) return t;
    let digits = (m[2]! + (m[3] ?? '')).replace(/^0+/, '');
    let e = Number(m[4] ?? 0) - (m[3] ?? '').length;
    while (digits.endsWith('0')) {
      digits = digits.slice(0, -1);
      e++;
    }
    return digits === '' ? '0' : `${m[1]}${digits}e${e}`;
  };
  const keys: (Map<string, number> | null)[] = [];
  let expectKey = false;
  let top: string | undefined;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      let exponent = false;
      for (let d = text.charCodeAt(j); (d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45; d = text.charCodeAt(++j)) if (d === 101 || d === 69) exponent = true;
      // Up to 15 characters and no exponent: at most 15 digits, which a double holds exactly.
      const token = j - i > 15 || exponent ? text.slice(i, j) : '';
      const x = Number(token);
      if (token !== '' && Number.isFinite(x) && canonical(token) !== canonical(String(x))) {
        const detail = `${top === undefined ? '' : `${top}: `}the number ${token} has more digits than a JSON number holds exactly (15 significant digits); write it as a string, "${token}", to have it read exactly`;
        return fault(detail, i, '', top);
      }
      i = j - 1;
    } else if (c === 34) {
      let j = i;
      for (;;) {
        j = text.indexOf('"', j + 1);
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
      }
      if (expectKey) {
        const raw = text.slice(i + 1, j);
        const key = raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(i, j + 1)) as string);
        const seen = keys[keys.length - 1]!;
        const first = seen.get(key);
        if (first !== undefined) {
          const detail = `key '${key}' is given twice`;
          return { record, error: { message: `${detail} (columns ${column(first)} and ${column(i)})`, detail, offset: i, field: key } };
        }
        seen.set(key, i);
        if (keys.length === 1) top = key;
        expectKey = false;
      }
      i = j;
    } else if (c === 123 || c === 91) {
      keys.push(c === 123 ? new Map<string, number>() : null);
      expectKey = c === 123;
      if (keys.length > MAX_DEPTH) return fault(`nested more than ${MAX_DEPTH} levels deep`, i, '');
    } else if (c === 125 || c === 93) keys.pop();
    else if (c === 44) expectKey = keys.length > 0 && keys[keys.length - 1] !== null;
  }
  return { record, value };
}

/** Validates once and evaluates one record; `rec` carries its value or a reading error. */
export function evaluateRecord(
  engine: RecordEngine,
  evalOptions: object,
  rec: { readonly record: number; readonly value: unknown } | { readonly record: number; readonly error: { readonly field?: string; readonly message: string } },
): RecordOutcome {
  let failure: { record: number; field?: string; message: string; issues?: readonly { readonly path: string; readonly message: string }[] } | undefined;
  let result: ReturnType<RecordEngine['evaluate']> | undefined;
  if ('error' in rec) {
    failure = { record: rec.record, ...rec.error };
  } else if (rec.value === null || typeof rec.value !== 'object' || Array.isArray(rec.value)) {
    failure = { record: rec.record, message: 'a record must be an object of fact values' };
  } else {
    const v = engine.validateFacts(rec.value);
    if (!v.ok) {
      const first = v.issues[0];
      const message = v.issues.map((i) => i.path + ': ' + i.message).join('; ');
      failure = { record: rec.record, ...(first ? { field: first.path } : {}), message, issues: v.issues };
    } else {
      try {
        // The facts are validated once: evaluate() would validate them again.
        result = engine.evaluateValidated ? engine.evaluateValidated(v.facts, evalOptions) : engine.evaluate(rec.value, evalOptions);
      } catch (error) {
        failure = { record: rec.record, message: error instanceof Error ? error.message : String(error) };
      }
    }
  }
  if (failure) {
    const error = { ...(failure.field !== undefined ? { field: failure.field } : {}), message: failure.message, ...(failure.issues ? { issues: failure.issues } : {}) };
    const reported = { record: failure.record, ...(failure.field !== undefined ? { field: failure.field } : {}), message: failure.message };
    return { line: JSON.stringify({ record: failure.record, error }) + '\n', failure: reported, actions: [], notEvaluable: 0 };
  }
  const r = result!;
  const actions: string[] = [];
  for (const d of r.decisions) actions.push(d.action);
  const line: Record<string, unknown> = { record: rec.record, decisions: r.decisions, notEvaluable: r.notEvaluable };
  if (r.overridden.length > 0) line.overridden = r.overridden;
  return { line: JSON.stringify(line) + '\n', failure: null, actions, notEvaluable: r.notEvaluable.length };
}
