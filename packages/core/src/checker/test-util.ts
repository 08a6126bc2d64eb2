// Runs the pipeline over a marked snippet (appended to BASE_FACTS) and returns what a checker test asserts.
import { checkText } from '../pipeline.js';
import { BASE_FACTS, mark } from '../../test-support/markers.js';

export function diagnose(snippet: string, withBase = true) {
  const m = mark((withBase ? BASE_FACTS : '') + snippet);
  const result = checkText(m.text, '/memory/test.vigil');
  return {
    result,
    marked: m,
    /** [code, start offset, end offset] for each diagnostic, sorted. */
    found: result.diagnostics.map((d) => [d.code, d.range.start.offset, d.range.end.offset] as const),
    codes: result.diagnostics.map((d) => d.code),
    expected: (code: string) => m.ranges.map((r) => [code, r.start, r.end] as const),
    of: (code: string) => result.diagnostics.filter((d) => d.code === code),
  };
}
