// The protocol's lifecycle and parameter shapes, enforced on messages before any handler
// sees them (the library's own wrappers read `params` before our handlers could refuse it):
// - before `initialize`, a request is answered with -32002 ServerNotInitialized and a
//   notification is dropped (`exit` excepted);
// - a second `initialize` is refused with -32600 InvalidRequest;
// - after `shutdown`, every request is refused with -32600 InvalidRequest and every
//   notification but `exit` is dropped;
// - a request whose parameters lack what its method needs is refused with -32602
//   InvalidParams naming the field (see params.ts).
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node.js';
import { notificationParamsProblem, requestParamsProblem } from './params.js';

export type LifecycleState = 'new' | 'running' | 'shutdown';

interface Incoming {
  readonly id?: string | number | null;
  readonly method?: string;
  readonly params?: unknown;
}

export class LifecycleGate extends AbstractMessageReader {
  private state: LifecycleState = 'new';

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  get lifecycle(): LifecycleState {
    return this.state;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message: Message) => {
      const m = message as Incoming;
      if (typeof m.method !== 'string') return callback(message); // a response
      const isRequest = m.id !== undefined && m.id !== null;
      const problem = this.refusal(m.method, m.params, isRequest);
      if (problem === undefined) return callback(message);
      if (problem === null) return; // a notification dropped
      if (isRequest) this.refuse(m.id!, problem.code, problem.message);
      else this.log(`${m.method} ignored: ${problem.message}`);
    });
  }

  /** Why the message is not passed on: an error to answer, null to drop it silently, undefined to pass it. */
  private refusal(method: string, params: unknown, isRequest: boolean): { code: number; message: string } | null | undefined {
    if (method === 'exit') return isRequest ? { code: -32600, message: "exit is a notification: send it without an id" } : undefined;
    switch (this.state) {
      case 'new':
        if (method !== 'initialize') return isRequest ? { code: -32002, message: `${method}: the server is not initialized (send 'initialize' first)` } : null;
        if (!isRequest) return null;
        if (typeof params !== 'object' || params === null || Array.isArray(params)) return { code: -32602, message: 'initialize: params must be an object' };
        this.state = 'running';
        return undefined;
      case 'shutdown':
        return isRequest ? { code: -32600, message: `${method}: the server is shut down (only 'exit' is accepted)` } : null;
      case 'running': {
        if (method === 'initialize') return isRequest ? { code: -32600, message: 'initialize: the server is already initialized' } : null;
        if (method === 'shutdown' && isRequest) {
          // The request takes no params; the library leaves one that has them unanswered.
          if (!noParams(params)) return { code: -32602, message: 'shutdown: takes no params' };
          this.state = 'shutdown';
          return undefined;
        }
        const problem = isRequest ? requestParamsProblem(method, params) : notificationParamsProblem(method, params);
        return problem === undefined ? undefined : { code: -32602, message: `${method}: ${problem}` };
      }
    }
  }

  private refuse(id: string | number, code: number, message: string): void {
    void this.writer.write({ jsonrpc: '2.0', id, error: { code, message } } as Message).catch(() => undefined);
  }
}

/** `shutdown` takes none; clients send nothing, `null`, `[null]` or `{}` for that. */
function noParams(params: unknown): boolean {
  if (params === undefined || params === null) return true;
  if (Array.isArray(params)) return params.every((p) => p === null || p === undefined);
  return typeof params === 'object' && Object.keys(params).length === 0;
}
