// Shape checks for the parameters clients send. The protocol types are only a promise:
// a request whose parameters do not have the shape its method needs is refused with
// InvalidParams and a message naming the field, instead of failing inside a handler.

type Needs = 'position' | 'range' | 'open' | 'change' | undefined;

/** What each document method reads besides `textDocument.uri`. */
const NEEDS: Readonly<Record<string, Needs>> = {
  completion: 'position',
  hover: 'position',
  definition: 'position',
  references: 'position',
  documentHighlight: 'position',
  prepareRename: 'position',
  rename: 'position',
  codeAction: 'range',
  inlayHint: 'range',
  didOpen: 'open',
  didChange: 'change',
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function positionProblem(v: unknown, field: string): string | undefined {
  if (!isObject(v)) return `${field} must be an object with line and character`;
  if (!isNumber(v['line'])) return `${field}.line must be a number`;
  if (!isNumber(v['character'])) return `${field}.character must be a number`;
  return undefined;
}

function rangeProblem(v: unknown, field: string): string | undefined {
  if (!isObject(v)) return `${field} must be an object with start and end`;
  return positionProblem(v['start'], `${field}.start`) ?? positionProblem(v['end'], `${field}.end`);
}

/** What is wrong with the parameters of the document method `method`, or undefined. */
export function paramsProblem(method: string, p: unknown): string | undefined {
  if (!isObject(p)) return 'params must be an object';
  const doc = p['textDocument'];
  if (!isObject(doc)) return 'params.textDocument must be an object';
  if (typeof doc['uri'] !== 'string') return 'params.textDocument.uri must be a string';
  switch (NEEDS[method]) {
    case 'position':
      return positionProblem(p['position'], 'params.position');
    case 'range':
      return rangeProblem(p['range'], 'params.range');
    case 'open':
      if (typeof doc['text'] !== 'string') return 'params.textDocument.text must be a string';
      if (!isNumber(doc['version'])) return 'params.textDocument.version must be a number';
      return undefined;
    case 'change': {
      if (!isNumber(doc['version'])) return 'params.textDocument.version must be a number';
      const changes = p['contentChanges'];
      if (!Array.isArray(changes)) return 'params.contentChanges must be an array';
      for (let i = 0; i < changes.length; i++) {
        const c: unknown = changes[i];
        if (!isObject(c) || typeof c['text'] !== 'string') return `params.contentChanges[${i}].text must be a string`;
        if (c['range'] !== undefined) {
          const problem = rangeProblem(c['range'], `params.contentChanges[${i}].range`);
          if (problem) return problem;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
