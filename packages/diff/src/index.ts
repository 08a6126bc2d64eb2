// Public API of the reviewer's diff: what changes for patients between two versions of a rule set.
export { diffRuleSets, DIFF_SCHEMA_VERSION, type DiffOptions, type DiffResult } from './diff.js';
export { sideFromGit, sideFromPaths, sideFromTexts, sideOf, readPaths, readGit, DiffInputError, FIXTURE_SUFFIX, type RuleSetSide, type RuleFiles } from './load.js';
export { diffFolders, holdsSeveralSets, type FolderDiffResult, type RuleSetEntry } from './folders.js';
export { structuralDiff, BEHAVIOURAL_PARTS, type StructuralChange, type PartChange, type RulePart, type DeclarationKind } from './structural.js';
export { fixtureDiff, loadFixtureCases, type FixtureCase, type FixtureChange, type FixtureReport } from './fixtures.js';
export { spaceDiff, describeAxis, mergeCubes, changeSentence, factKeys, restrictFacts, isDecisionChange, REGION_KINDS, type RegionKind, type SpaceReport, type BehaviourRegion, type RuleChange, type RuleOutcome, type SpaceOptions } from './space.js';
export { mergePrograms, type MergedProgram } from './merge.js';
export { actionText, behaviourKeys } from './ir-text.js';
export { wordDiff, renderWordDiff, type WordSegment } from './words.js';
export { renderDiff, renderText, renderMarkdown, renderJson, renderFolders, renderFoldersMarkdown, renderFoldersText, summaryLines, MARKDOWN_LIMIT, TOP_REGIONS, type DiffFormat } from './render.js';
export { factSchemaChanges, semverVerdict, typeText, type FactSchemaChange, type SemverLevel, type SemverVerdict } from './verdict.js';
export { runDiffCommand, type DiffCommandIo, type DiffCommandOptions } from './command.js';
export { readAccepted, pendingChanges, pendingInFolders, caseId, signOffLines, type PendingChange } from './acceptance.js';
