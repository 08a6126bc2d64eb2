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

/** An NDJSON line as a record: its value, or why it is not one. */
export function parseJsonLine(record: number, text: string): { readonly record: number; readonly value: unknown } | { readonly record: number; readonly error: { readonly message: string } } {
  try {
    return { record, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { record, error: { message: 'not valid JSON: ' + (error instanceof Error ? error.message : String(error)) } };
  }
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
