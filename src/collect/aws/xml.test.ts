// The faster XML parser against the SDK's own (@aws-sdk/xml-builder's parseXML): random documents built
// to reach every branch of the SDK's parser, the same documents broken, the SDK's known quirks one by one,
// and real awsQuery responses from the simulator read by two RDS clients, one with each parser. Finally,
// that the collector's RDS and STS clients really use it.

import { createRequire } from 'node:module';
import {
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
  DescribeDBInstanceAutomatedBackupsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  DescribePendingMaintenanceActionsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { parseXML as sdkParseXML } from '@aws-sdk/xml-builder';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedEstate, generateEstate } from '../../sim/generate.js';
import { type Simulator, startSimulator } from '../../sim/index.js';
import { FastQueryProtocol, parseXml } from './xml.js';

type Outcome = { threw: false; value: unknown } | { threw: true; message: string };

function outcome(parse: (xml: string) => unknown, xml: string): Outcome {
  try {
    return { threw: false, value: parse(xml) };
  } catch (error) {
    return { threw: true, message: (error as Error).message };
  }
}

/** A total, ordered rendering: JSON with the key order of every object, plus what JSON would drop or
 * blur (undefined, functions: the SDK's parser can produce both). */
function rendering(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v === undefined ? '$undefined' : typeof v === 'function' ? `$function ${v.name}` : v,
  );
}

/** Both parsers on one document: the same value, in the same key order, or the same error. */
function expectSame(xml: string): void {
  const ours = outcome(parseXml, xml);
  const theirs = outcome(sdkParseXML, xml);
  expect(ours.threw, `threw on ${JSON.stringify(xml)}`).toBe(theirs.threw);
  if (!ours.threw && !theirs.threw) {
    expect(ours.value).toEqual(theirs.value);
    expect(rendering(ours.value)).toBe(rendering(theirs.value));
    expect(JSON.stringify(ours.value)).toBe(JSON.stringify(theirs.value));
  } else if (ours.threw && theirs.threw) {
    expect(ours.message).toBe(theirs.message);
  }
}

// Names that reach the SDK's special cases: "__proto__" (writeKey), "#text" and Object.prototype members
// (its `in` test), a namespace prefix, and the empty tag the SDK accepts. "xA" and "x\u0441" differ only
// in a last character 0x400 apart, which lands them in the same slot of the parser's table of names. Now
// and then, a name with an edge that trimming removes ("a\u00a0", "\vv", "\u3000"): the SDK can never
// match its closing tag (it trims the closing tag, not the opening one), only self-closing works.
const tagName = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.constantFrom(
      'a',
      'b',
      'Item',
      'member',
      'x:y',
      '__proto__',
      'constructor',
      '#text',
      'toString',
      'xA',
      'x\u0441',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('a\u00a0', '\vv', '\u3000') },
);
const attributeName = fc.constantFrom('id', 'xmlns', 'b', 'a:b', '__proto__', 'constructor', '');
// Text pieces: entities known, numeric, astral, unknown and inherited ("&constructor;"), broken ones,
// whitespace of every kind and line endings of all three styles, non-ASCII (including "İ", which
// lower-casing lengthens).
const textPiece = fc.oneof(
  fc.constantFrom(
    'x',
    'db-1',
    ' ',
    '  ',
    '\n',
    '\r\n',
    '\r',
    '\t',
    '\n  ',
    '\u00a0',
    '&amp;',
    '&lt;',
    '&gt;',
    '&quot;',
    '&apos;',
    '&#65;',
    '&#x41;',
    '&#x1F600;',
    '&#1234567;',
    '&#12345678;',
    '&bogus;',
    '&constructor;',
    '&amp',
    '&;',
    '&#x;',
    '&',
    '>',
    '"',
    "'",
    '=',
    '/',
    '?',
    ']',
    'İ',
    'é',
    '😀',
  ),
  fc.string({ maxLength: 4 }).map((s) => s.replace(/[<&]/g, '')),
);
const text = fc.array(textPiece, { minLength: 1, maxLength: 6 }).map((pieces) => pieces.join(''));
const whitespace = fc
  .array(fc.constantFrom(' ', '\n', '\r\n', '\t', '\r'), { minLength: 0, maxLength: 4 })
  .map((pieces) => pieces.join(''));

const attribute = fc
  .tuple(whitespace, attributeName, whitespace, whitespace, fc.constantFrom('"', "'"), text)
  .map(([before, name, aroundLeft, aroundRight, quote, value]) => {
    const safe = value.split(quote).join('');
    return `${before || ' '}${name}${aroundLeft}=${aroundRight}${quote}${safe}${quote}`;
  });

/** `text` with every occurrence of `stop` removed, including those the removal itself forms. */
function withoutAll(text: string, stop: string): string {
  let out = text;
  while (out.includes(stop)) out = out.split(stop).join('');
  return out;
}

const cdata = fc
  .array(fc.oneof(textPiece, fc.constantFrom('<', '<b>', ']]', '&amp;', '<!--')), { maxLength: 4 })
  .map((pieces) => `<![CDATA[${withoutAll(pieces.join(''), ']]>')}]]>`);
const comment = fc
  .array(fc.oneof(textPiece, fc.constantFrom('<', '-', '<a>')), { maxLength: 3 })
  .map((pieces) => `<!--${withoutAll(pieces.join(''), '-->')}-->`);
const instruction = fc.constantFrom('<?pi?>', '<?xml-stylesheet href="a"?>', '<?x ?>');

const { element } = fc.letrec<{ element: string; node: string }>((tie) => ({
  element: fc
    .tuple(
      tagName,
      fc.array(attribute, { maxLength: 3 }),
      whitespace,
      fc.oneof(
        { weight: 1, arbitrary: fc.constant<string[] | undefined>(undefined) },
        { weight: 4, arbitrary: fc.array(tie('node'), { maxLength: 5 }) },
      ),
      whitespace,
    )
    .map(([tag, attributes, space, children, closingSpace]) => {
      const open = `<${tag}${attributes.join('')}${space}`;
      // No children at all: a self-closing tag; an empty list: an empty element.
      if (children === undefined) return `${open}/>`;
      return `${open}>${children.join('')}</${tag}${closingSpace}>`;
    }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: tie('element') },
    { weight: 3, arbitrary: text },
    { weight: 2, arbitrary: whitespace },
    { weight: 1, arbitrary: cdata },
    { weight: 1, arbitrary: comment },
    { weight: 1, arbitrary: instruction },
  ),
}));

/** A document: an optional prolog (declaration, comments, a DOCTYPE with an internal subset), the root,
 * and sometimes something after it (which the SDK ignores). */
const documentText = fc
  .tuple(
    fc.constantFrom('', '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-8"?>\n'),
    fc.array(fc.oneof(comment, whitespace, instruction), { maxLength: 2 }).map((parts) => parts.join('')),
    fc.constantFrom('', '<!DOCTYPE a>', '<!doctype a [<!ENTITY e "x">]>\n', '<!DocType a [ [] ]>'),
    whitespace,
    element,
    fc.constantFrom('', '\n', '<!-- after -->', '<b/>', 'junk'),
  )
  .map((parts) => parts.join(''));

/** A document broken in one of the ways a truncated or garbled response is: cut short, a wrong closing
 * tag, or one stray markup character dropped in. */
const brokenDocument = fc.oneof(
  documentText.chain((xml) => fc.noBias(fc.nat({ max: xml.length })).map((at) => xml.slice(0, at))),
  documentText.map((xml) => {
    const at = xml.lastIndexOf('</');
    return at === -1 ? `${xml}</z>` : `${xml.slice(0, at)}</other${xml.slice(xml.indexOf('>', at))}`;
  }),
  // The last closing tag's last character changed: a name that differs from the opening one only there.
  documentText.map((xml) => {
    const close = xml.indexOf('>', xml.lastIndexOf('</'));
    if (close < 1) return xml;
    const last = xml.charCodeAt(close - 1);
    return `${xml.slice(0, close - 1)}${String.fromCharCode(last === 0x41 ? 0x441 : 0x41)}${xml.slice(close)}`;
  }),
  documentText.chain((xml) =>
    fc
      .tuple(
        fc.noBias(fc.nat({ max: xml.length })),
        fc.constantFrom(
          '<',
          '>',
          '/',
          '=',
          '"',
          "'",
          '&',
          '!',
          '?',
          ']',
          '[',
          '-',
          '<!--',
          '<![CDATA[',
          '</',
          '<?',
          ' ',
          'İ',
        ),
      )
      .map(([at, stray]) => xml.slice(0, at) + stray + xml.slice(at)),
  ),
);

const VALID_RUNS = 3000;
const BROKEN_RUNS = 3000;

describe('parseXml against the SDK parser', () => {
  it(`random documents (${VALID_RUNS}): the same value, key order and all`, () => {
    fc.assert(
      fc.property(documentText, (xml) => {
        expectSame(xml);
      }),
      { numRuns: VALID_RUNS, seed: 20261129 },
    );
  });

  it(`broken documents (${BROKEN_RUNS}): both fail with the same message, or both give the same value`, () => {
    fc.assert(
      fc.property(brokenDocument, (xml) => {
        expectSame(xml);
      }),
      { numRuns: BROKEN_RUNS, seed: 20261130 },
    );
  });

  // The SDK parser's odd corners, each pinned down, so a regression shows as a named case.
  it.each([
    ['a child named __proto__ pairs with undefined', '<a><__proto__>1</__proto__></a>'],
    [
      'two children named __proto__: the last wins, still paired',
      '<a><__proto__>1</__proto__><__proto__>2</__proto__></a>',
    ],
    [
      'a child named constructor pairs with Object',
      '<a><constructor>1</constructor><constructor>2</constructor></a>',
    ],
    ['an attribute named __proto__', '<a __proto__="x"/>'],
    ['an attribute named __proto__ beside a child', '<a __proto__="x"><b/></a>'],
    ['an inherited entity name', '<a>&constructor;&toString;</a>'],
    ['an astral numeric reference keeps its low 16 bits', '<a>&#x1F600;&#128512;</a>'],
    ['an 8-digit reference is left alone', '<a>&#12345678;</a>'],
    ['"İ" before a DOCTYPE shifts the lower-cased index', '<!--İ--><!DOCTYPE x><a/>'],
    ['the same without it', '<!--x--><!DOCTYPE x><a/>'],
    ['the DOCTYPE in any case', '<!DoCtYpE x><a/>'],
    ['an unbalanced DOCTYPE subset', '<!DOCTYPE x ]><a/>>'],
    ['an empty tag name', '</>'],
    ['an attribute without a value is ignored', '<a b>x</a>'],
    ['any character quotes an attribute', '<a x=y1y>t</a>'],
    ['a closing tag trimmed of Unicode spaces', '<a>x</a\u00a0>'],
    ['an opening tag ending in a space trimming removes never closes', '<a\u00a0>x</a\u00a0>'],
    ['...unless it closes itself', '<r><a\u00a0/><\vv/></r>'],
    ['a closing tag differing only in its last character', '<ab>x</ac>'],
    ["names in one slot of the parser's table of names", '<r><xA>1</xA><x\u0441>2</x\u0441><xA/></r>'],
    ['"<!-->" is a whole comment', '<!--><a>1<!-->2</a>'],
    ['"<?>" is a whole instruction', '<?><a>1<?>2</a>'],
    ['indentation dropped per text part', '<a>\n <b/>\n</a>'],
    ['spaces without a newline kept', '<a> <b/> </a>'],
    ['a lone carriage return becomes a newline and is dropped', '<a>\r</a>'],
    ['a no-break space with a newline counts as indentation', '<a>\u00a0\n</a>'],
    ['a child named #text joins the text', '<a>hi<#text>x</#text></a>'],
    ['text, CDATA and text join', '<a>1<![CDATA[<2>]]>3</a>'],
    ['an attribute value running to the end', '<a x="1/>'],
    ['a missing value at the end', '<a x='],
    ['a self-closing slash followed by a space', '<a/ >'],
    ['a name ending at a question mark', '<a b?>'],
    ['no root', '<?xml version="1.0"?><!-- c -->'],
    ['text before the root', 'x<a/>'],
    ['empty', ''],
  ])('%s', (_name, xml) => {
    expectSame(xml);
  });

  it("many distinct names of one length, and names too long to remember (the parser's table of names)", () => {
    // 2,000 distinct four-letter names share the table's 1,024 slots, so names collide and evict each
    // other; each is used as a repeated sibling and inside another element, with text and without.
    const names = Array.from({ length: 2000 }, (_, k) => `n${k.toString(36).padStart(3, '0')}`);
    const long = (k: number) => `L${'x'.repeat(70)}${k}`;
    const body = names
      .map(
        (name, k) =>
          `<${name}>${k}</${name}><${name}/><w><${name}>\n</${name}></w><${long(k % 3)}>t</${long(k % 3)}>`,
      )
      .join('');
    expectSame(`<root>${body}</root>`);
    expectSame(`<root>${body}</root>`);
  });

  it('parses nesting deeper than the call stack (the SDK recurses and overflows)', () => {
    const depth = 200_000;
    const xml = `${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}`;
    let value: unknown = parseXml(xml);
    for (let level = 0; level < depth; level++) value = (value as { a: unknown }).a;
    expect(value).toBe('x');
  });
});

// Real responses: the simulator's awsQuery bodies read by the real RDS client, once with the SDK's
// protocol and once with ours.
describe('RDS client with FastQueryProtocol against the simulator', () => {
  const NOW = new Date('2026-11-29T12:00:00.000Z');
  let generated: GeneratedEstate;
  let sim: Simulator;
  beforeAll(async () => {
    generated = generateEstate({ instances: 300, accounts: 1, regions: 1, seed: 1, windowDays: 30 });
    sim = await startSimulator({ estate: generated.estate, now: NOW });
  });
  afterAll(async () => {
    await sim?.close();
  });

  const clients = (credentials = generated.credentials) => {
    const base = {
      region: generated.regions[0] as string,
      endpoint: sim.url,
      credentials,
      maxAttempts: 1,
    };
    return { sdk: new RDSClient(base), fast: new RDSClient({ ...base, protocol: FastQueryProtocol }) };
  };

  /** The output without what differs per response anyway (the request id the simulator makes up). */
  const comparable = (output: { $metadata: { requestId?: string } }) => {
    const { requestId: _requestId, ...metadata } = output.$metadata;
    return { ...output, $metadata: metadata };
  };

  type Page = { Marker?: string; $metadata: { requestId?: string } };
  const operations: [string, (marker: string | undefined) => { send(client: RDSClient): Promise<Page> }][] = [
    [
      'DescribeDBInstances',
      (Marker) => ({ send: (c) => c.send(new DescribeDBInstancesCommand({ MaxRecords: 100, Marker })) }),
    ],
    [
      'DescribeDBClusters',
      (Marker) => ({ send: (c) => c.send(new DescribeDBClustersCommand({ MaxRecords: 100, Marker })) }),
    ],
    [
      'DescribeDBSnapshots',
      (Marker) => ({ send: (c) => c.send(new DescribeDBSnapshotsCommand({ MaxRecords: 100, Marker })) }),
    ],
    [
      'DescribeDBClusterSnapshots',
      (Marker) => ({
        send: (c) => c.send(new DescribeDBClusterSnapshotsCommand({ MaxRecords: 100, Marker })),
      }),
    ],
    [
      'DescribeDBInstanceAutomatedBackups',
      (Marker) => ({
        send: (c) => c.send(new DescribeDBInstanceAutomatedBackupsCommand({ MaxRecords: 100, Marker })),
      }),
    ],
    [
      'DescribePendingMaintenanceActions',
      (Marker) => ({
        send: (c) => c.send(new DescribePendingMaintenanceActionsCommand({ MaxRecords: 100, Marker })),
      }),
    ],
  ];

  it.each(operations)('%s: every page the same', async (_name, command) => {
    const { sdk, fast } = clients();
    expect(fast.config.protocol).toBeInstanceOf(FastQueryProtocol);
    let marker: string | undefined;
    let pages = 0;
    do {
      const expected = await command(marker).send(sdk);
      const actual = await command(marker).send(fast);
      // Something to compare: every one of these operations lists items in the generated estate.
      expect(Object.values(actual).some((value) => Array.isArray(value) && value.length > 0)).toBe(true);
      expect(comparable(actual)).toEqual(comparable(expected));
      expect(rendering(comparable(actual))).toBe(rendering(comparable(expected)));
      marker = expected.Marker;
      pages++;
    } while (marker);
    expect(pages).toBeGreaterThan(0);
  });

  /** A response body as the simulator sends it. It reads the caller's key and region from the
   * Authorization header and does not check the signature, so a plain request will do. */
  const rawBody = async (operation: string) => {
    const scope = `${generated.credentials.accessKeyId}/20261129/${generated.regions[0]}/rds/aws4_request`;
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`,
      },
      body: `Action=${operation}&Version=2014-10-31&MaxRecords=100`,
    });
    return response.text();
  };

  it.each(operations.map(([name]) => name))(
    '%s: the raw body, as sent and indented as AWS indents it, parsed the same',
    async (operation) => {
      const body = await rawBody(operation);
      expect(body).toContain(`<${operation}Response`);
      expectSame(body);
      expectSame(body.replace(/></g, '>\n    <'));
      expectSame(body.replace(/></g, '>\r\n\t<'));
    },
  );

  /** What an error shows: its class, name, message, fault, status, error fields and the body text
   * attached to a parse failure. */
  const errorOf = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => undefined,
      (e: unknown) => e as Record<string, unknown> & Error,
    );
    expect(error, 'expected the call to fail').toBeDefined();
    const e = error as Record<string, unknown> & Error & { $metadata?: { httpStatusCode?: number } };
    return {
      class: e.constructor.name,
      name: e.name,
      message: e.message,
      fault: e.$fault,
      status: e.$metadata?.httpStatusCode,
      code: e.Code,
      type: e.Type,
      error: e.Error,
      body: e.$responseBodyText,
    };
  };

  it.each([
    ['access denied', 'accessDenied'],
    ['throttling', 'throttle'],
    ['an expired token', 'expiredToken'],
    ['a truncated body', 'malformed'],
  ] as const)('errors: %s', async (_name, kind) => {
    const { sdk, fast } = clients();
    sim.setFaults([{ kind, service: 'rds', operation: 'DescribeDBClusters' }]);
    try {
      const expected = await errorOf(sdk.send(new DescribeDBClustersCommand({})));
      const actual = await errorOf(fast.send(new DescribeDBClustersCommand({})));
      expect(actual.name).not.toBe('');
      if (kind === 'malformed') {
        // The body text differs by request id; the rest must not.
        expect(typeof actual.body).toBe('string');
        expect({ ...actual, body: undefined }).toEqual({ ...expected, body: undefined });
      } else {
        expect(actual).toEqual(expected);
      }
    } finally {
      sim.setFaults([]);
    }
  });

  it('errors: unknown credentials', async () => {
    const { sdk, fast } = clients({ accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'x' });
    const expected = await errorOf(sdk.send(new DescribeDBInstancesCommand({})));
    const actual = await errorOf(fast.send(new DescribeDBInstancesCommand({})));
    expect(expected.name).toBe('InvalidClientTokenId');
    expect(actual).toEqual(expected);
  });
});

describe('the pinned packages are the ones the SDK clients use', () => {
  // The differential tests compare against @aws-sdk/xml-builder as this project pins it, and
  // FastQueryProtocol extends @aws-sdk/core's class as pinned here: both must be the very copies that
  // the RDS and STS clients load, or an SDK upgrade could change the parser under us unnoticed.
  const fromClient = (client: string, dependency: string) =>
    createRequire(createRequire(import.meta.url).resolve(client)).resolve(dependency);
  const ours = createRequire(import.meta.url);

  it('resolves @aws-sdk/core and its XML parser to the same files as the clients do', () => {
    for (const client of ['@aws-sdk/client-rds', '@aws-sdk/client-sts']) {
      expect(fromClient(client, '@aws-sdk/core/protocols')).toBe(ours.resolve('@aws-sdk/core/protocols'));
    }
    const core = ours.resolve('@aws-sdk/core/protocols');
    expect(createRequire(core).resolve('@aws-sdk/xml-builder')).toBe(ours.resolve('@aws-sdk/xml-builder'));
  });
});
