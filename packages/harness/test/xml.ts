// A small strict XML 1.0 reader for the JUnit tests: one root element, balanced tags,
// quoted attributes, no raw `<` or `&` in text or attribute values, only the predefined
// and numeric entities. Throws on anything not well-formed; returns the element tree.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (/[<]/.test(raw)) throw new Error(`raw '<' at ${at}`);
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity at ${at}`);
    if (body in ENTITIES) return ENTITIES[body]!;
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(body);
    if (num) return String.fromCodePoint(num[1]!.startsWith('x') ? parseInt(num[1]!.slice(1), 16) : Number(num[1]));
    throw new Error(`unknown entity &${body}; at ${at}`);
  });
}

export function parseXml(text: string): XmlElement {
  if (/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(text)) throw new Error('a character XML 1.0 does not allow');
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated declaration');
    i = end + 2;
  }
  ws();
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < text.length) {
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (text.startsWith('</', i)) {
      i += 2;
      const m = NAME.exec(text.slice(i));
      if (!m) throw new Error(`bad closing tag at ${i}`);
      i += m[0].length;
      ws();
      if (text[i] !== '>') throw new Error(`expected '>' at ${i}`);
      i++;
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new Error(`</${m[0]}> closes <${open?.name ?? 'nothing'}>`);
      if (stack.length === 0) {
        ws();
        if (i < text.length) throw new Error(`content after the root element at ${i}`);
      }
      continue;
    }
    if (text[i] === '<') {
      i++;
      const m = NAME.exec(text.slice(i));
      if (!m) throw new Error(`bad tag at ${i}`);
      i += m[0].length;
      const attributes: Record<string, string> = {};
      for (;;) {
        const before = i;
        ws();
        if (text[i] === '>' || text.startsWith('/>', i)) break;
        if (i === before) throw new Error(`expected whitespace before an attribute at ${i}`);
        const a = NAME.exec(text.slice(i));
        if (!a) throw new Error(`bad attribute at ${i}`);
        i += a[0].length;
        if (text[i] !== '=') throw new Error(`expected '=' at ${i}`);
        i++;
        const q = text[i];
        if (q !== '"' && q !== "'") throw new Error(`unquoted attribute at ${i}`);
        const end = text.indexOf(q, i + 1);
        if (end < 0) throw new Error('unterminated attribute');
        if (a[0] in attributes) throw new Error(`duplicate attribute ${a[0]}`);
        attributes[a[0]] = decode(text.slice(i + 1, end), i);
        i = end + 1;
      }
      const element: XmlElement = { name: m[0], attributes, children: [], text: '' };
      if (stack.length === 0) {
        if (root) throw new Error('a second root element');
        root = element;
      } else stack[stack.length - 1]!.children.push(element);
      if (text.startsWith('/>', i)) {
        i += 2;
        if (stack.length === 0) {
          ws();
          if (i < text.length) throw new Error('content after the root element');
        }
      } else {
        i++;
        stack.push(element);
      }
      continue;
    }
    const next = text.indexOf('<', i);
    const end = next < 0 ? text.length : next;
    const raw = text.slice(i, end);
    if (stack.length === 0) {
      if (raw.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    } else stack[stack.length - 1]!.text += decode(raw, i);
    i = end;
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
