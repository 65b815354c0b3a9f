// A faster drop-in for the AWS SDK's XML parser (`parseXML` in @aws-sdk/xml-builder 3.972.43), used by the
// RDS and STS clients (both speak awsQuery, whose responses are XML). The SDK's parser builds every tag
// name, attribute value and text node one character at a time (profiled at about 150 µs per DB instance
// in a DescribeDBInstances page). This one finds the same boundaries with indexOf and charCodeAt and cuts
// them out with slice, reuses one string per distinct tag name (the result objects are keyed by them),
// and reads the common leaf element, <Name>text</Name>, in one step; scripts/bench-xml.ts measures it.
//
// It returns exactly what the SDK's parser returns for every input, quirks included (xml.test.ts checks
// that against the SDK's parser on random, broken and real documents), so nothing downstream can tell
// the two apart. Its errors carry the SDK's messages word for word too, because they reach findings
// (errors.ts classifies on them) and reports. The one deliberate difference: it keeps open elements on an
// explicit stack instead of recursing, so a document nested deeper than the call stack allows parses
// instead of failing with a RangeError.
import { AwsQueryProtocol, XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import { getValueFromTextNode } from '@smithy/core/client';
import { XmlSchemaWalker } from './deserialize.js';

/** An element as the SDK's parser returns it: "" when empty, a string when it holds only text, else an
 * object of children, attributes and "#text". */
type XmlValue = string | XmlObject;
interface XmlObject {
  [key: string]: unknown;
}

interface ParsedElement {
  tag: string;
  value: XmlValue;
}

/** An element whose opening tag has been read and whose closing tag has not. Its parts are created only
 * when met (most elements have no attributes, one text part and no children), since allocation is much
 * of the cost of parsing. */
interface OpenElement {
  tag: string;
  /** Undefined while it has none (the SDK's hasAttrs is false). */
  attributes: Record<string, string> | undefined;
  /** The first text part; `moreText` holds every part once there is a second. */
  text: string | undefined;
  moreText: string[] | undefined;
  children: ParsedElement[] | undefined;
}

const SPACE = 0x20;
const TAB = 0x09;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const EXCLAMATION = 0x21;
const SLASH = 0x2f;
const LESS_THAN = 0x3c;
const EQUALS = 0x3d;
const GREATER_THAN = 0x3e;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

// A plain object on purpose: the SDK looks entities up in one, so "&constructor;" finds
// Object.prototype.constructor and decodes to that function's source text. Kept identical.
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|([a-zA-Z][a-zA-Z0-9]{0,30}));/g;

/** The SDK's entity decoding. String.fromCharCode keeps only the low 16 bits of a numeric reference,
 * as the SDK does. */
/**
 * `text.slice(start, stop)`, without holding on to `text`. V8 makes a slice of 13 characters or more a view
 * into the whole document, so every value kept (an ARN, a date, in the snapshot) would keep its whole
 * response body alive: 40% more memory for a 10,000-instance snapshot. Joining the slice to another string
 * and slicing that makes V8 copy it into a string of its own first.
 */
function detached(text: string, start: number, stop: number): string {
  const part = text.slice(start, stop);
  return stop - start < 13 ? part : ` ${part}`.slice(1);
}

function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(
    ENTITY,
    (_match, hex: string | undefined, decimal: string | undefined, named: string) => {
      if (hex) return String.fromCharCode(Number.parseInt(hex, 16));
      if (decimal) return String.fromCharCode(Number.parseInt(decimal, 10));
      return ENTITIES[named] ?? '';
    },
  );
}

/** Makes "__proto__" an ordinary own property of `target`, so that assigning to it stores a value
 * instead of changing the prototype. The same definition as the SDK's, which also resets an existing
 * "__proto__" to undefined. */
function writeKey(target: object): void {
  Object.defineProperty(target, '__proto__', {
    value: undefined,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

const isWhitespace = (code: number) =>
  code === SPACE || code === TAB || code === LINE_FEED || code === CARRIAGE_RETURN;

/** The characters that end a tag name. */
const endsTagName = (code: number) => isWhitespace(code) || code === GREATER_THAN || code === SLASH;

/** The characters that end an attribute name (a question mark too, unlike a tag name). */
const endsAttributeName = (code: number) => endsTagName(code) || code === EQUALS || code === QUESTION;

/** A character that String.prototype.trim never removes, for the quick answers below. */
const isPrintableAscii = (code: number) => code > SPACE && code < 0x7f;

/** Whitespace-only text that spans a line is indentation, which the SDK drops. (Text that starts with a
 * printable character is not whitespace-only; that answers most calls without trimming.) */
const isIndentation = (text: string) =>
  !isPrintableAscii(text.charCodeAt(0)) && text.trim() === '' && text.includes('\n');

/** Whether `text` holds `part` at `start`. Like text.startsWith(part, start), but compares in place
 * (startsWith costs several times more for the short names compared here). */
function holdsAt(text: string, part: string, start: number): boolean {
  const length = part.length;
  if (start + length > text.length) return false;
  for (let offset = 0; offset < length; ++offset) {
    if (text.charCodeAt(start + offset) !== part.charCodeAt(offset)) return false;
  }
  return true;
}

function addText(element: OpenElement, text: string): void {
  if (element.text === undefined) element.text = text;
  else if (element.moreText === undefined) element.moreText = [element.text, text];
  else element.moreText.push(text);
}

function addChild(element: OpenElement, child: ParsedElement): void {
  if (element.children === undefined) element.children = [child];
  else element.children.push(child);
}

// The tag names met so far in a document are kept in a small table indexed by a hash of their
// characters. A name found there is reused instead of sliced afresh: the same string object each time is
// far cheaper as a property key (V8 looks it up in its string table once, not once per element), which
// is most of the cost of building the result objects. One table per document, of fixed size, and only
// for short names, so nothing outlives the parse and hostile input cannot grow it.
const NAME_SLOTS = 1024;
const NAME_MAX_LENGTH = 64;

/** An element's value from its parts, built exactly as the SDK builds it (the same key order, the same
 * handling of repeated children, "#text", and children named like Object.prototype members). */
function elementValue(element: OpenElement): XmlValue {
  const { attributes, text: firstText, moreText, children } = element;
  if (attributes === undefined && children === undefined) {
    if (firstText === undefined) return '';
    const text = moreText === undefined ? firstText : moreText.join('');
    return isIndentation(text) ? '' : text;
  }
  const result: XmlObject = {};
  if (moreText !== undefined) {
    for (const text of moreText) {
      if (isIndentation(text)) continue;
      result['#text'] = '#text' in result ? (result['#text'] as string) + text : text;
    }
  } else if (firstText !== undefined && !isIndentation(firstText)) {
    result['#text'] = firstText;
  }
  if (children === undefined) return withAttributes(result, attributes);
  for (const child of children) {
    if (child.tag === '__proto__') writeKey(result);
    // `in`, not an own-property test: the SDK's choice, so a child named "constructor" is paired with
    // Object.prototype.constructor, and one named "__proto__" with the undefined that writeKey stored.
    if (child.tag in result) {
      const existing = result[child.tag];
      if (Array.isArray(existing)) existing.push(child.value);
      else result[child.tag] = [existing, child.value];
    } else {
      result[child.tag] = child.value;
    }
  }
  return withAttributes(result, attributes);
}

/** Attributes come last, over any child of the same name. */
function withAttributes(result: XmlObject, attributes: Record<string, string> | undefined): XmlObject {
  if (attributes === undefined) return result;
  for (const [name, value] of Object.entries(attributes)) {
    if (name === '__proto__') writeKey(result);
    result[name] = value;
  }
  return result;
}

class Parser {
  private readonly text: string;
  private readonly end: number;
  private index = 0;
  private readonly names: (string | undefined)[] = new Array(NAME_SLOTS).fill(undefined);

  constructor(xml: string) {
    this.text = xml.indexOf('\r') === -1 ? xml : xml.replace(/\r\n?/g, '\n');
    this.end = this.text.length;
  }

  /** The document: a prolog of processing instructions, comments and DOCTYPEs, then the root element;
   * anything after the root is ignored, as by the SDK. */
  parse(): XmlObject {
    const { text, end } = this;
    while (this.index < end) {
      this.skipWhitespace();
      if (this.index >= end) break;
      if (text.startsWith('<?', this.index)) {
        this.readTo('?>');
        this.skipWhitespace();
      } else if (text.startsWith('<!--', this.index)) {
        this.readTo('-->');
        this.skipWhitespace();
      } else if (this.isDoctypeNext()) {
        this.skipDoctype();
        this.skipWhitespace();
      } else if (text.charCodeAt(this.index) === LESS_THAN) {
        const root = this.parseElement();
        return { [root.tag]: root.value };
      } else {
        throw new Error('@aws-sdk XML parse error: unexpected content.');
      }
    }
    throw new Error('@aws-sdk XML parse error: no root element.');
  }

  /** The SDK lower-cases the whole document and looks for "<!doctype" at the current index of the
   * lower-cased copy. Lower-casing lengthens "İ" (U+0130) into two code units, so after one of those the
   * two indexes disagree; lower-casing just the text up to here reproduces that exactly (only what comes
   * before can shift the index) without copying the whole document. */
  private isDoctypeNext(): boolean {
    return this.text
      .slice(0, this.index + 9)
      .toLowerCase()
      .startsWith('<!doctype', this.index);
  }

  private skipDoctype(): void {
    const { text, end } = this;
    let index = this.index + 9;
    let depth = 0;
    while (index < end) {
      const code = text.charCodeAt(index);
      if (code === OPEN_BRACKET) ++depth;
      else if (code === CLOSE_BRACKET) --depth;
      else if (code === GREATER_THAN && depth === 0) {
        this.index = index + 1;
        return;
      }
      ++index;
    }
    throw new Error('@aws-sdk XML parse error: unclosed DOCTYPE.');
  }

  private skipWhitespace(): void {
    const { text, end } = this;
    let index = this.index;
    while (index < end && isWhitespace(text.charCodeAt(index))) ++index;
    this.index = index;
  }

  /** The text from `start` to `stop`, through the table of names. `hash` is of its characters. */
  private name(start: number, stop: number, hash: number): string {
    const length = stop - start;
    if (length > NAME_MAX_LENGTH) return this.text.slice(start, stop);
    const slot = (hash ^ length) & (NAME_SLOTS - 1);
    const known = this.names[slot];
    if (known !== undefined && known.length === length && holdsAt(this.text, known, start)) return known;
    const name = this.text.slice(start, stop);
    this.names[slot] = name;
    return name;
  }

  /** The text from the current index up to `stop`, leaving the index after `stop`. */
  private readTo(stop: string): string {
    const at = this.text.indexOf(stop, this.index);
    if (at === -1) throw new Error(`@aws-sdk XML parse error: expected "${stop}" not found.`);
    const result = this.text.slice(this.index, at);
    this.index = at + stop.length;
    return result;
  }

  /** An opening tag at the current index ("<"): the whole element when it closes itself, otherwise the
   * element left open with the index just after its ">". */
  private openTag(): ParsedElement | OpenElement {
    const { text, end } = this;
    let index = this.index + 1;
    const nameStart = index;
    let hash = 0;
    while (index < end) {
      const code = text.charCodeAt(index);
      if (endsTagName(code)) break;
      hash = Math.imul(hash ^ code, 0x01000193);
      ++index;
    }
    const tag = this.name(nameStart, index, hash);
    this.index = index;
    let attributes: Record<string, string> | undefined;
    while (this.index < end) {
      this.skipWhitespace();
      // Past the end, charCodeAt gives NaN, which matches nothing, as x[i] (undefined) does in the SDK.
      const next = text.charCodeAt(this.index);
      if (next === GREATER_THAN || next === SLASH) break;
      index = this.index;
      while (index < end && !endsAttributeName(text.charCodeAt(index))) ++index;
      const name = text.slice(this.index, index);
      this.index = index;
      this.skipWhitespace();
      // A name without "=" ends the attributes: the SDK then accepts ">" or "/>" and ignores the name.
      if (text.charCodeAt(this.index) !== EQUALS) break;
      ++this.index;
      this.skipWhitespace();
      attributes ??= {};
      if (name === '__proto__') writeKey(attributes);
      attributes[name] = this.readAttributeValue();
    }
    if (this.index >= end) throw new Error('@aws-sdk XML parse error: unexpected end of input.');
    if (text.charCodeAt(this.index) === SLASH) {
      ++this.index;
      if (this.index >= end || text.charCodeAt(this.index) !== GREATER_THAN) {
        throw new Error('@aws-sdk XML parse error: expected > at the end of self-closing tag.');
      }
      ++this.index;
      return { tag, value: attributes ?? '' };
    }
    if (text.charCodeAt(this.index) !== GREATER_THAN) {
      throw new Error('@aws-sdk XML parse error: expected > at the end of opening tag.');
    }
    ++this.index;
    if (attributes === undefined) {
      const value = this.leafValue(tag);
      if (value !== undefined) return { tag, value };
    }
    return { tag, attributes, text: undefined, moreText: undefined, children: undefined };
  }

  /** Most elements are leaves: no attributes, then plain text or nothing, then their own closing tag.
   * Read at the index just after the opening tag, such an element's value is the same as the general
   * path would give (one text part or none, no children), without the bookkeeping. Undefined, with the
   * index left alone, when the content is anything else. */
  private leafValue(tag: string): string | undefined {
    const { text } = this;
    const start = this.index;
    const stop = text.indexOf('<', start);
    if (stop === -1 || !this.closesAt(tag, stop)) return undefined;
    this.index = stop + 3 + tag.length;
    if (stop === start) return '';
    const content = decodeEntities(detached(text, start, stop));
    return isIndentation(content) ? '' : content;
  }

  /** Whether "</" + `tag` + ">" is at `position`, and `tag` has no edge that trimming could remove: a
   * closing tag the SDK would accept for `tag`, found without cutting out a string. */
  private closesAt(tag: string, position: number): boolean {
    const { text } = this;
    const length = tag.length;
    return (
      text.charCodeAt(position) === LESS_THAN &&
      text.charCodeAt(position + 1) === SLASH &&
      holdsAt(text, tag, position + 2) &&
      text.charCodeAt(position + 2 + length) === GREATER_THAN &&
      (length === 0 || (isPrintableAscii(tag.charCodeAt(0)) && isPrintableAscii(tag.charCodeAt(length - 1))))
    );
  }

  /** The closing tag at the current index ("</"), which must name `tag`: the SDK reads up to the next ">"
   * and trims (closesAt answers the usual case without that). */
  private closeTag(tag: string): void {
    if (this.closesAt(tag, this.index)) {
      this.index += 3 + tag.length;
      return;
    }
    this.index += 2;
    const closeTag = this.readTo('>').trim();
    if (closeTag !== tag) {
      throw new Error(`@aws-sdk XML parse error: mismatched tags <${tag}> and </${closeTag}>.`);
    }
  }

  /** Whatever character follows "=" is taken as the quote (the SDK does not insist on ' or "), and the
   * value runs to its next occurrence or to the end. */
  private readAttributeValue(): string {
    const { text, end } = this;
    // Nothing left to quote: the caller then fails on the end of input, as the SDK does.
    if (this.index >= end) return '';
    const quote = text[this.index] as string;
    const start = this.index + 1;
    let stop = text.indexOf(quote, start);
    if (stop === -1) stop = end;
    this.index = stop + 1;
    return decodeEntities(detached(text, start, stop));
  }

  /** The element at the current index, children and all. The SDK recurses; this keeps the open elements
   * on a stack but reads the same characters in the same order, so it fails on the same inputs. */
  private parseElement(): ParsedElement {
    const { text, end } = this;
    const first = this.openTag();
    if (!('attributes' in first)) return first;
    const open: OpenElement[] = [first];
    let current = first;
    for (;;) {
      let descended = false;
      while (this.index < end) {
        const code = text.charCodeAt(this.index);
        if (code !== LESS_THAN) {
          let stop = text.indexOf('<', this.index);
          if (stop === -1) stop = end;
          addText(current, decodeEntities(detached(text, this.index, stop)));
          this.index = stop;
          continue;
        }
        const next = text.charCodeAt(this.index + 1);
        if (next === SLASH) break;
        if (next === EXCLAMATION && text.startsWith('<!--', this.index)) {
          this.readTo('-->');
        } else if (next === EXCLAMATION && text.startsWith('<![CDATA[', this.index)) {
          this.index += 9;
          addText(current, this.readTo(']]>'));
        } else if (next === QUESTION) {
          this.readTo('?>');
        } else {
          const child = this.openTag();
          if ('attributes' in child) {
            open.push(child);
            current = child;
            descended = true;
            break;
          }
          addChild(current, child);
        }
      }
      if (descended) continue;
      if (text.charCodeAt(this.index) !== LESS_THAN || text.charCodeAt(this.index + 1) !== SLASH) {
        throw new Error(`@aws-sdk XML parse error: missing closing tag </${current.tag}>.`);
      }
      this.closeTag(current.tag);
      const done: ParsedElement = { tag: current.tag, value: elementValue(current) };
      open.pop();
      const parent = open[open.length - 1];
      if (!parent) return done;
      addChild(parent, done);
      current = parent;
    }
  }
}

/** Parses `xml` exactly as @aws-sdk/xml-builder's parseXML does: `{ [rootTag]: value }`. */
export function parseXml(xml: string): XmlObject {
  return new Parser(xml).parse();
}

/** The SDK's XML deserializer with our parser, and its schema walk by plan (deserialize.ts). The rest of
 * XmlShapeDeserializer.parseXml is copied as is (the body text attached to parse errors, the root's "#text"
 * unwrapping, getValueFromTextNode). */
export class FastXmlShapeDeserializer extends XmlShapeDeserializer {
  private readonly walker = new XmlSchemaWalker(this.settings);

  override setSerdeContext(serdeContext: Parameters<XmlShapeDeserializer['setSerdeContext']>[0]): void {
    super.setSerdeContext(serdeContext);
    this.walker.setSerdeContext(serdeContext);
  }

  override readSchema(schema: Parameters<XmlShapeDeserializer['readSchema']>[0], value: unknown): unknown {
    return this.walker.read(schema, value);
  }

  protected override parseXml(xml: string): unknown {
    if (!xml.length) return {};
    let parsed: XmlObject;
    try {
      parsed = parseXml(xml);
    } catch (error) {
      if (error && typeof error === 'object') {
        Object.defineProperty(error, '$responseBodyText', { value: xml });
      }
      throw error;
    }
    const key = Object.keys(parsed)[0] as string;
    // biome-ignore lint/suspicious/noExplicitAny: the root's value is a string or an object, indexed by whatever key the document has, exactly as the SDK does
    const root: any = parsed[key];
    if (root['#text']) {
      root[key] = root['#text'];
      delete root['#text'];
    }
    return getValueFromTextNode(root);
  }
}

/** The SDK's awsQuery protocol with the faster XML parser and schema walk. Pass it as the client option
 * `protocol` (a class; the client constructs it with its own protocolSettings). */
export class FastQueryProtocol extends AwsQueryProtocol {
  constructor(options: ConstructorParameters<typeof AwsQueryProtocol>[0]) {
    super(options);
    this.deserializer = new FastXmlShapeDeserializer(this.deserializer.settings);
  }
}
