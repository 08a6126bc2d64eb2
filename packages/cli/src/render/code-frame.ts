// Text rendering of a check: each diagnostic through core's code-frame printer, then the
// summary line (`2 errors, 1 warning in 12 files`).
import { renderDiagnostic, type Diagnostic, type SourceLookup, type RenderOptions } from '@vigil/core';
import type { Paint } from '@vigil/core';
import { plural } from '../io.js';

export { displayColumn, expandTabs, formatLocation, oneBased, renderCodeFrame, renderDiagnostic, MAX_FRAME_WIDTH } from '@vigil/core';
export type { FrameOptions, RenderOptions, SourceLookup } from '@vigil/core';

export interface SeverityCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
}

export function countSeverities(diagnostics: readonly Diagnostic[]): SeverityCounts {
  let errors = 0;
  let warnings = 0;
  let info = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else info++;
  }
  return { errors, warnings, info };
}

/** `2 errors, 1 warning in 12 files` (info messages are added only when there are some). */
export function renderSummary(counts: SeverityCounts, fileCount: number, colors: Paint): string {
  const errors = plural(counts.errors, 'error');
  const warnings = plural(counts.warnings, 'warning');
  const parts = [counts.errors > 0 ? colors.red(colors.bold(errors)) : errors, counts.warnings > 0 ? colors.yellow(warnings) : warnings];
  if (counts.info > 0) parts.push(`${counts.info} info`);
  return `${parts.join(', ')} in ${plural(fileCount, 'file')}`;
}

/** Every diagnostic, then the summary line. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], lookup: SourceLookup, fileCount: number, options: RenderOptions): string {
  let out = '';
  for (const d of diagnostics) out += renderDiagnostic(d, lookup, options);
  return out + renderSummary(countSeverities(diagnostics), fileCount, options.colors) + '\n';
}
