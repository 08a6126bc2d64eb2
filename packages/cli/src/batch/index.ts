// The batch face of the CLI (`@vigil/cli/batch`): the record readers and per-record
// evaluation behind `vigil run`, and the seeded patient generator behind `vigil gen-facts`,
// for benchmarks and tests that drive them without the command line.
export { readCsv, readJsonArray, readNdjson, RecordsError, formatOf, RECORD_FORMATS, type InputRecord, type RecordFormat } from './records.js';
export { evaluateRecord, parseJsonLine, type RecordEngine, type RecordOutcome } from './record.js';
export { patientGenerator, planFacts, mulberry32, type FactPlan, type GenerateOptions } from './generate.js';
