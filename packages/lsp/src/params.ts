// Shape checks for the parameters clients send. The protocol types are only a promise:
// a request whose parameters do not have the shape its method needs is refused with
// InvalidParams and a message naming the field, instead of failing inside a handler.

type Needs = 'position' | 'references' | 'rename' | 'range' | 'open' | 'change' | undefined;

/** What each document method reads besides `textDocument.uri`. */
const NEEDS: Readonly<Record<string, Needs>> = {
  completion: 'position',
  hover: 'position',
  definition: 'position',
  references: 'references',
  documentHighlight: 'position',
  prepareRename: 'position',
  rename: 'rename',
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
  if (method === 'didChangeWatchedFiles') {
    const changes = p['changes'];
    if (!Array.isArray(changes)) return 'params.changes must be an array';
    const bad = changes.findIndex((c: unknown) => !isObject(c) || typeof c['uri'] !== 'string');
    return bad < 0 ? undefined : `params.changes[${bad}].uri must be a string`;
  }
  const doc = p['textDocument'];
  if (!isObject(doc)) return 'params.textDocument must be an object';
  if (typeof doc['uri'] !== 'string') return 'params.textDocument.uri must be a string';
  switch (NEEDS[method]) {
    case 'position':
      return positionProblem(p['position'], 'params.position');
    case 'references': {
      const context = p['context'];
      if (!isObject(context) || typeof context['includeDeclaration'] !== 'boolean') return 'params.context.includeDeclaration must be a boolean';
      return positionProblem(p['position'], 'params.position');
    }
    case 'rename':
      if (typeof p['newName'] !== 'string') return 'params.newName must be a string';
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

/** The document requests by protocol method, with the names `paramsProblem` knows them by. */
const DOCUMENT_REQUESTS: Readonly<Record<string, string>> = {
  'textDocument/completion': 'completion',
  'textDocument/hover': 'hover',
  'textDocument/definition': 'definition',
  'textDocument/references': 'references',
  'textDocument/documentHighlight': 'documentHighlight',
  'textDocument/prepareRename': 'prepareRename',
  'textDocument/rename': 'rename',
  'textDocument/documentSymbol': 'documentSymbol',
  'textDocument/semanticTokens/full': 'semanticTokens',
  'textDocument/foldingRange': 'foldingRanges',
  'textDocument/formatting': 'formatting',
  'textDocument/codeAction': 'codeAction',
  'textDocument/inlayHint': 'inlayHint',
  'textDocument/codeLens': 'codeLens',
};

/**
 * What is wrong with the parameters of a request, by protocol method, or undefined (also
 * for methods the server does not know: those are answered with MethodNotFound).
 */
export function requestParamsProblem(method: string, p: unknown): string | undefined {
  const name = DOCUMENT_REQUESTS[method];
  if (name) return paramsProblem(name, p);
  switch (method) {
    case 'workspace/symbol':
      if (!isObject(p)) return 'params must be an object';
      return typeof p['query'] === 'string' ? undefined : 'params.query must be a string';
    case 'workspace/executeCommand':
      if (!isObject(p)) return 'params must be an object';
      if (typeof p['command'] !== 'string') return 'params.command must be a string';
      return p['arguments'] === undefined || Array.isArray(p['arguments']) ? undefined : 'params.arguments must be an array';
    default:
      return undefined;
  }
}

/**
 * What is wrong with the parameters of a notification the protocol library handles itself
 * (it reads them without a check), or undefined. Malformed ones are dropped with a log line.
 */
export function notificationParamsProblem(method: string, p: unknown): string | undefined {
  const token = (v: unknown) => typeof v === 'string' || isNumber(v);
  switch (method) {
    case '$/cancelRequest':
      return isObject(p) && token(p['id']) ? undefined : 'params.id must be a number or a string';
    case '$/setTrace':
      return isObject(p) && typeof p['value'] === 'string' ? undefined : 'params.value must be a string';
    case '$/progress':
    case 'window/workDoneProgress/cancel':
      return isObject(p) && token(p['token']) ? undefined : 'params.token must be a number or a string';
    case 'workspace/didChangeConfiguration':
      return isObject(p) ? undefined : 'params must be an object';
    case 'workspace/didChangeWorkspaceFolders': {
      const event = isObject(p) ? p['event'] : undefined;
      return isObject(event) && Array.isArray(event['added']) && Array.isArray(event['removed']) ? undefined : 'params.event must have added and removed lists';
    }
    default:
      return undefined;
  }
}
