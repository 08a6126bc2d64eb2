// The fixture runner for code lenses, when the test harness is part of the build.
import type { TestRunner } from './lenses.js';

export async function loadTestRunner(): Promise<TestRunner | undefined> {
  return undefined;
}
