// Public API of the test harness: run rule-set fixtures, report, cover, watch.
export { runTests, compileFilter, HarnessUsageError, type RunOptions } from './run.js';
export { watchTests, type TestWatcher, type WatchOptions } from './watch.js';
export * from './report.js';
export { renderText, summaryLine, caseDetail, coverageLines, suggestionLines, COLORS, NO_COLORS, type Paint, type TextReporterOptions } from './reporters/text.js';
export { renderJson, jsonReport, jsonDiagnostic, type JsonDiagnostic } from './reporters/json.js';
export { renderJUnit, xmlEscape } from './reporters/junit.js';
export { findFixtureFiles, ruleSetFor, factsFilesFor, testsDirectoryOf, isFixturePath, isFactsPath, TESTS_DIRECTORY } from './discover.js';
export { resolveRelativeDate, parseAsOf, isoDate, isoDateTime } from './dates.js';
export { RuleSetCache, type HarnessEngine, type EngineFactory, type LoadedRuleSet } from './ruleset.js';
export { applySnapshots, writeSnapshots, type SnapshotUpdate } from './update.js';
export { parseFixtureFile, parseFactsFile, FIXTURE_SUFFIXES, FACTS_SUFFIXES, type SharedSet } from './fixture.js';
export { SharedScope, mergeFacts, type MergedFacts } from './validate.js';
export { suggestCases, addSuggestedCases, writeSuggestedCases, suggestForRuleSets, SUGGESTED_FIXTURE, type AtomsSeen, type Seen, type SuggestionGoal, goalText, type SuggestedCase, type UnreachedOutcome, type Suggestions } from './suggest.js';
export { CaseValues, canonicalPatient, declaredRange, plausibleValues } from './plausible.js';
export { ruleOutcomes, type RuleOutcome } from './coverage.js';
export { parseYamlLimited, YAML_MAX_ALIAS_COUNT, YAML_MAX_FLOW_DEPTH, type YamlFault } from './yaml-limits.js';
export { readCases, caseFacts, type MemoryCase, type MemoryFixtures } from './cases.js';
