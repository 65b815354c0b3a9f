// Faster drop-ins for the AWS SDK's schema walks, the step that turns a parsed response body into a
// command's output: XmlShapeDeserializer.readSchema (awsQuery: RDS and STS, through FastQueryProtocol in
// xml.ts) and JsonShapeDeserializer2._read (restJson1: AWS Backup, through FastRestJsonProtocol below).
// For every record the SDK normalises its schema again, walks every member of the structure through a
// generator (a DB instance has about 100, most of them absent from any one response) and merges each
// member's traits: profiled at about 17% of the collector's CPU. Here each schema is planned once — for a
// structure, its members in the SDK's order, each with the key it is read from and the plan of its value;
// for a list, where its items are; for a scalar, the conversion the SDK's own code would pick — and the
// plan is what is walked per record.
//
// Whatever a plan does not plainly cover goes to a plain SDK deserializer with the same settings, so there
// the SDK's own code runs: unions, XML maps, documents, blobs, big numbers, strings with a media type,
// HTTP-bound members, a JSON record carrying "__type", and any value of a kind its schema does not expect
// (where the SDK throws, it throws the SDK's error). deserialize.test.ts compares both walks with the SDK's
// on every response the collector reads from the simulator, and on randomly perturbed bodies.
import { AwsRestJsonProtocol, XmlShapeDeserializer } from '@aws-sdk/core/protocols';
import {
  determineTimestampFormat,
  HttpInterceptingShapeDeserializer,
  JsonShapeDeserializer2,
} from '@smithy/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import {
  _parseEpochTimestamp,
  _parseRfc3339DateTimeWithOffset,
  _parseRfc7231DateTime,
  parseEpochTimestamp,
  parseRfc3339DateTimeWithOffset,
  parseRfc7231DateTime,
} from '@smithy/core/serde';

type SchemaRef = Parameters<typeof NormalizedSchema.of>[0];
type XmlSettings = XmlShapeDeserializer['settings'];
type JsonSettings = JsonShapeDeserializer2['settings'];
type SerdeContext = Parameters<XmlShapeDeserializer['setSerdeContext']>[0];
/** A parsed body's object, and an output's. */
type Fields = Record<string, unknown>;

// What a plan does with a value. One plan shape for every kind, so that walking stays monomorphic.
/** Hand the value to the SDK's deserializer. */
const SDK = 0;
const STRUCT = 1;
/** In JSON only a list whose items the SDK reads (JsonShapeDeserializer2.needsTransform). */
const LIST = 2;
/** The value as it is: a string with no media type; in JSON also a boolean, and a list or map whose items
 * the SDK leaves alone. */
const SAME = 3;
const NUMBER = 4;
/** XML only (a JSON boolean is already one). */
const BOOLEAN = 5;
const TIMESTAMP = 6;

interface Plan {
  kind: number;
  /** The schema the plan was made from: given to the SDK when the plan hands a value over. */
  schema: NormalizedSchema;
  /** STRUCT: member names in the SDK's order, the keys their values are read from, their plans. */
  names: string[];
  keys: string[];
  /** STRUCT, JSON only: the keys when the settings ask for jsonName traits (restJson1 does). */
  jsonKeys: string[];
  members: Plan[];
  /** LIST: the plan of each item. */
  item: Plan | undefined;
  /** LIST, XML: flattened (the items are the list's own repeated elements), and else their tag. */
  flat: boolean;
  itemKey: string;
  /** TIMESTAMP: the schema's type code, 4 to 7. */
  code: number;
}

function plan(kind: number, schema: NormalizedSchema): Plan {
  return {
    kind,
    schema,
    names: [],
    keys: [],
    jsonKeys: [],
    members: [],
    item: undefined,
    flat: false,
    itemKey: '',
    code: 0,
  };
}

/** Plans by the schema reference the SDK passes in (the operation's output, a member): each is made once.
 * Object references are kept weakly; a plain number or string names one of the SDK's simple schemas. */
class Plans {
  private readonly byObject = new WeakMap<object, Plan>();
  private readonly byValue = new Map<unknown, Plan>();
  constructor(private readonly make: (ns: NormalizedSchema) => Plan) {}

  of(ref: SchemaRef): Plan {
    const weak = (typeof ref === 'object' && ref !== null) || typeof ref === 'function';
    let found = weak ? this.byObject.get(ref) : this.byValue.get(ref);
    if (found === undefined) {
      found = this.make(NormalizedSchema.of(ref));
      if (weak) this.byObject.set(ref, found);
      else this.byValue.set(ref, found);
    }
    return found;
  }
}

/** A structure's plan depends on the structure alone (not on the member that refers to it), so it is kept
 * by the SDK's static schema array: shared by every member of that type, and the way recursive types end.
 * `fill` plans the members, or hands the whole structure to the SDK (kind SDK) before planning any. */
function structPlan(structs: WeakMap<object, Plan>, ns: NormalizedSchema, fill: (plan: Plan) => void): Plan {
  const raw = ns.getSchema() as object;
  let made = structs.get(raw);
  if (made === undefined) {
    made = plan(STRUCT, ns);
    structs.set(raw, made);
    fill(made);
  }
  return made;
}

/** A structure's output: each member present in the record (not null), read by its plan, in plan order. */
function readMembers(
  plan: Plan,
  keys: readonly string[],
  record: Fields,
  read: (plan: Plan, value: unknown) => unknown,
): Fields {
  const { names, members } = plan;
  const out: Fields = {};
  for (let i = 0; i < names.length; i++) {
    const member = record[keys[i] as string];
    if (member != null) out[names[i] as string] = read(members[i] as Plan, member);
  }
  return out;
}

/** Traits that move a member out of the body (FromStringShapeDeserializer then reads it differently). */
function httpBound(ns: NormalizedSchema): boolean {
  const t = ns.getMergedTraits();
  return Boolean(
    t.httpPayload ||
      t.httpLabel ||
      t.httpHeader ||
      typeof t.httpPrefixHeaders === 'string' ||
      t.httpQuery ||
      t.httpQueryParams ||
      t.httpResponseCode,
  );
}

// ---- XML (awsQuery) ----

const xmlStructs = new WeakMap<object, Plan>();

/** The plan of XmlShapeDeserializer.readSchema for `ns`. */
function xmlPlan(ns: NormalizedSchema): Plan {
  if (ns.isUnitSchema()) return plan(SDK, ns);
  if (ns.isListSchema()) {
    const list = plan(LIST, ns);
    const item = ns.getValueSchema();
    list.flat = Boolean(ns.getMergedTraits().xmlFlattened);
    list.itemKey = item.getMergedTraits().xmlName ?? 'member';
    list.item = xmlPlan(item);
    return list;
  }
  if (ns.isStructSchema()) {
    return structPlan(xmlStructs, ns, (struct) => {
      const members = [...ns.structIterator()];
      // A union reports unknown members, and an httpPayload member is keyed by its target's name.
      if (ns.isUnionSchema() || members.some(([, member]) => member.getMergedTraits().httpPayload)) {
        struct.kind = SDK;
        return;
      }
      for (const [name, member] of members) {
        struct.names.push(name);
        struct.keys.push(member.getMemberTraits().xmlName ?? name);
        struct.members.push(xmlPlan(member));
      }
    });
  }
  // The SDK's FromStringShapeDeserializer, for a member in the body: strings as they are, numbers through
  // Number, booleans by "true", timestamps by the format the settings choose (read when walking). The rest
  // (maps, documents, blobs, big numbers, a media type, an HTTP binding) is the SDK's.
  const code = ns.getSchema();
  if (typeof code !== 'number' || httpBound(ns)) return plan(SDK, ns);
  if (code === 0) return plan(ns.getMergedTraits().mediaType ? SDK : SAME, ns);
  if (code === 1) return plan(NUMBER, ns);
  if (code === 2) return plan(BOOLEAN, ns);
  if (code >= 4 && code <= 7) {
    const timestamp = plan(TIMESTAMP, ns);
    timestamp.code = code;
    return timestamp;
  }
  return plan(SDK, ns);
}

const xmlPlans = new Plans(xmlPlan);

/** XmlShapeDeserializer.readSchema by plan; see the top of this file. */
export class XmlSchemaWalker {
  private readonly sdk: XmlShapeDeserializer;
  private readonly walkPlan = (plan: Plan, value: unknown) => this.walk(plan, value);

  constructor(private readonly settings: XmlSettings) {
    this.sdk = new XmlShapeDeserializer(settings);
  }

  setSerdeContext(serdeContext: SerdeContext): void {
    this.sdk.setSerdeContext(serdeContext);
  }

  read(schema: SchemaRef, value: unknown): unknown {
    return this.walk(xmlPlans.of(schema), value);
  }

  private walk(plan: Plan, value: unknown): unknown {
    switch (plan.kind) {
      case SDK:
        return this.sdk.readSchema(plan.schema, value);
      case STRUCT: {
        if (value == null) return value;
        if (typeof value !== 'object') return {};
        return readMembers(plan, plan.keys, value as Fields, this.walkPlan);
      }
      case LIST: {
        // The SDK wraps a lone value in an array, then reads the items from its first element (the list's
        // element) or, flattened, takes the array itself.
        const array = Array.isArray(value) ? value : [value];
        const source = plan.flat ? array : (array[0] ?? array)[plan.itemKey];
        if (source == null) return [];
        const items: unknown[] = Array.isArray(source) ? source : [source];
        const item = plan.item as Plan;
        const out: unknown[] = [];
        for (const v of items) out.push(this.walk(item, v));
        return out;
      }
    }
    // A scalar. Null as it is, an element with children is the SDK's to refuse.
    if (value == null) return value;
    if (typeof value !== 'object') {
      switch (plan.kind) {
        case SAME:
          return value;
        case NUMBER:
          return Number(value);
        case BOOLEAN:
          if (typeof value === 'string') return value.toLowerCase() === 'true';
          break;
        case TIMESTAMP: {
          const { useTrait, default: fallback } = this.settings.timestampFormat;
          const format = useTrait && plan.code > 4 ? plan.code : fallback;
          if (format === 5) return _parseRfc3339DateTimeWithOffset(value);
          if (format === 6) return _parseRfc7231DateTime(value);
          if (format === 7) return _parseEpochTimestamp(value);
          break;
        }
      }
    }
    return this.sdk.readSchema(plan.schema, value);
  }
}

// ---- JSON (restJson1) ----

const jsonStructs = new WeakMap<object, Plan>();

/** JsonShapeDeserializer2.needsTransform: whether the SDK reads a list's or map's items at all (when it
 * does not, they are whatever the body holds). */
function transforms(ns: NormalizedSchema): boolean {
  return (
    ns.isBlobSchema() ||
    ns.isTimestampSchema() ||
    ns.isBigIntegerSchema() ||
    ns.isBigDecimalSchema() ||
    ns.isNumericSchema() ||
    ns.isDocumentSchema() ||
    ns.isStructSchema() ||
    ns.isListSchema() ||
    ns.isMapSchema() ||
    (ns.isStringSchema() && Boolean(ns.getMergedTraits().mediaType))
  );
}

/** The plan of JsonShapeDeserializer2._read for `ns`. */
function jsonPlan(ns: NormalizedSchema): Plan {
  if (ns.isStructSchema()) {
    return structPlan(jsonStructs, ns, (struct) => {
      // A union reports unknown members.
      if (ns.isUnionSchema()) {
        struct.kind = SDK;
        return;
      }
      for (const [name, member] of ns.structIterator()) {
        struct.names.push(name);
        struct.keys.push(name);
        struct.jsonKeys.push(member.getMergedTraits().jsonName ?? name);
        struct.members.push(jsonPlan(member));
      }
    });
  }
  if (ns.isListSchema() || ns.isMapSchema()) {
    const item = ns.getValueSchema();
    if (!transforms(item)) return plan(SAME, ns);
    // A map's items are read with its "__proto__" key quirk: the SDK's to do.
    if (ns.isMapSchema()) return plan(SDK, ns);
    const list = plan(LIST, ns);
    list.item = jsonPlan(item);
    return list;
  }
  const code = ns.getSchema();
  if ((code === 0 && !ns.getMergedTraits().mediaType) || code === 2) return plan(SAME, ns);
  if (code === 1) return plan(NUMBER, ns);
  if (typeof code === 'number' && code >= 4 && code <= 7) return plan(TIMESTAMP, ns);
  return plan(SDK, ns);
}

const jsonPlans = new Plans(jsonPlan);

/** The SDK's JSON deserializer (codec v2) with _read by plan; see the top of this file. Lists are rewritten
 * in place, as the SDK does, so the output holds the parsed body's own arrays. */
export class FastJsonShapeDeserializer extends JsonShapeDeserializer2 {
  private readonly sdk: JsonShapeDeserializer2;
  private readonly walkPlan = (plan: Plan, value: unknown) => this.walk(plan, value);

  constructor(settings: JsonSettings) {
    super(settings);
    this.sdk = new JsonShapeDeserializer2(settings);
  }

  override setSerdeContext(serdeContext: SerdeContext): void {
    super.setSerdeContext(serdeContext);
    this.sdk.setSerdeContext(serdeContext);
  }

  // biome-ignore lint/suspicious/noExplicitAny: the SDK declares _read to return any
  protected override _read(schema: SchemaRef, value: unknown): any {
    return this.walk(jsonPlans.of(schema), value);
  }

  private walk(plan: Plan, value: unknown): unknown {
    switch (plan.kind) {
      case SAME:
        return value;
      case STRUCT: {
        if (value === null || typeof value !== 'object') return value;
        const record = value as Fields;
        // The SDK then copies the record's unknown keys too.
        if (typeof record.__type === 'string') break;
        return readMembers(plan, this.settings.jsonName ? plan.jsonKeys : plan.keys, record, this.walkPlan);
      }
      case LIST: {
        if (Array.isArray(value)) {
          const item = plan.item as Plan;
          for (let i = 0; i < value.length; ++i) value[i] = this.walk(item, value[i]);
        }
        return value;
      }
      case NUMBER: {
        if (typeof value !== 'string') return value;
        if (value === 'Infinity') return Number.POSITIVE_INFINITY;
        if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
        if (value === 'NaN') return Number.NaN;
        return value;
      }
      case TIMESTAMP: {
        if (value == null) return value;
        const format = determineTimestampFormat(plan.schema, this.settings);
        if (format === 5) return parseRfc3339DateTimeWithOffset(value);
        if (format === 6) return parseRfc7231DateTime(value);
        if (format === 7) return parseEpochTimestamp(value);
        break;
      }
    }
    return this.sdk.readObject(plan.schema, value as never);
  }
}

/** The SDK's restJson1 protocol with FastJsonShapeDeserializer reading response bodies. Pass it as the
 * client option `protocol` (a class; the client constructs it with its own protocolSettings). Error bodies
 * go through it only as a document, which it hands to the SDK; their members are read by the SDK's own
 * codec as before. */
export class FastRestJsonProtocol extends AwsRestJsonProtocol {
  constructor(options: ConstructorParameters<typeof AwsRestJsonProtocol>[0]) {
    super(options);
    const { settings } = this.getPayloadCodec();
    this.deserializer = new HttpInterceptingShapeDeserializer(
      new FastJsonShapeDeserializer(settings),
      settings,
    );
  }
}
