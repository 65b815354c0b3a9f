// How long the SDK's schema walks and ours (src/collect/aws/deserialize.ts) take on real bodies from the
// local simulator: one DescribeDBInstances page of 100 instances (awsQuery, XML) and one ListRestoreJobs
// page of 1,000 restore jobs (restJson1, JSON).
//
//   npx tsx scripts/bench-deser.ts [--pages 200]
//
// Two figures per body: the schema walk alone (the parsed body turned into the output:
// XmlShapeDeserializer.readSchema, JsonShapeDeserializer2.readObject), and the protocol's whole
// deserializeResponse (the body's bytes to the output: parsing, the walk, the metadata). The SDK's side is
// what the clients use by default, ours what src/collect/aws/clients.ts installs (for XML that includes
// the faster parser, so the whole-response figure shows both). Each side first runs a few times untimed,
// then the two take turns in rounds, so that neither is favoured by whatever else the machine is doing.
// A figure to read, not a test: nothing fails.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { BackupClient, ListRestoreJobs$ } from '@aws-sdk/client-backup';
import { DescribeDBInstances$, RDSClient } from '@aws-sdk/client-rds';
import {
  type AwsRestJsonProtocol,
  JsonShapeDeserializer2,
  type XmlShapeDeserializer,
} from '@aws-sdk/core/protocols';
import { getValueFromTextNode } from '@smithy/core/client';
import { HttpResponse } from '@smithy/core/protocols';
import { NormalizedSchema } from '@smithy/core/schema';
import { FastJsonShapeDeserializer, FastRestJsonProtocol } from '../src/collect/aws/deserialize.js';
import { FastQueryProtocol, parseXml } from '../src/collect/aws/xml.js';
import { generateEstate } from '../src/sim/generate.js';
import { startSimulator } from '../src/sim/index.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const ROUNDS = 10;

// As src/collect/aws/clients.ts does: the SDK's switch for its "Node >= 22 will be required" notice.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({ options: { pages: { type: 'string', default: '200' } } });
const pages = Number(values.pages);
if (!Number.isInteger(pages) || pages < ROUNDS) throw new Error(`--pages must be a whole number ≥ ${ROUNDS}`);
const perRound = Math.ceil(pages / ROUNDS);

// 300 instances in one partition: 100 make a page, and their 1,500 restore jobs fill one of 1,000.
const generated = generateEstate({ instances: 300, accounts: 1, regions: 1, seed: 1, windowDays: 30 });
const region = generated.regions[0] as string;
const sim = await startSimulator({ estate: generated.estate, now: NOW });

/** A body as the simulator sends it. It reads the caller's key and region from the Authorization header
 * and does not check the signature, so a plain request will do. */
async function body(service: string, path: string, init: RequestInit = {}): Promise<string> {
  const scope = `${generated.credentials.accessKeyId}/20261129/${region}/${service}/aws4_request`;
  const response = await fetch(`${sim.url}${path}`, {
    ...init,
    headers: {
      ...init.headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${scope}, SignedHeaders=host, Signature=0`,
    },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`The simulator answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

const xmlBody = await body('rds', '/', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: 'Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=100',
});
const jsonBody = await body('backup', '/restore-jobs?maxResults=1000');
await sim.close();

// Clients for their protocols and config only: nothing is sent.
const clientConfig = {
  region,
  credentials: generated.credentials,
  endpoint: 'http://127.0.0.1:9',
};
type Protocol = {
  deserializer: unknown;
  deserializeResponse(operation: unknown, context: unknown, response: HttpResponse): Promise<unknown>;
};
const protocolOf = (client: RDSClient | BackupClient) => client.config.protocol as unknown as Protocol;
const rds = {
  sdk: new RDSClient(clientConfig),
  ours: new RDSClient({ ...clientConfig, protocol: FastQueryProtocol }),
};
const backup = {
  sdk: new BackupClient(clientConfig),
  ours: new BackupClient({ ...clientConfig, protocol: FastRestJsonProtocol }),
};

/** An operation's schema as the SDK's deserializing middleware passes it to the protocol. */
function operation(schema: readonly unknown[]) {
  const [, namespace, name, traits, input, output] = schema;
  return { name, namespace, traits, input, output };
}
const describeDbInstances = operation(DescribeDBInstances$);
const listRestoreJobs = operation(ListRestoreJobs$);

// The walks alone. XML: the body parsed once (the walk leaves it alone), read by each protocol's own
// deserializer. JSON: the SDK rewrites lists in place, so each walk gets a freshly parsed copy.
const xmlOutput = NormalizedSchema.of(describeDbInstances.output as never);
const xmlParsed = getValueFromTextNode(
  (parseXml(xmlBody) as Record<string, Record<string, unknown>>).DescribeDBInstancesResponse,
).DescribeDBInstancesResult;
const xmlDeserializer = (client: RDSClient) => protocolOf(client).deserializer as XmlShapeDeserializer;
const jsonOutput = NormalizedSchema.of(listRestoreJobs.output as never);
// The codec settings the Backup client's protocol reads bodies with.
const { settings: jsonSettings } = (backup.sdk.config.protocol as AwsRestJsonProtocol).getPayloadCodec();
const jsonWalkers = {
  sdk: new JsonShapeDeserializer2(jsonSettings),
  ours: new FastJsonShapeDeserializer(jsonSettings),
};
jsonWalkers.sdk.setSerdeContext(backup.sdk.config);
jsonWalkers.ours.setSerdeContext(backup.ours.config);

const response = (text: string, type: string) =>
  new HttpResponse({
    statusCode: 200,
    headers: { 'content-type': type, 'x-amzn-requestid': 'bench' },
    body: Buffer.from(text),
  });

interface Case {
  name: string;
  unit: string;
  units: number;
  /** One run per side: the time it took, in milliseconds, and what it returned. */
  sdk: () => Promise<[number, unknown]>;
  ours: () => Promise<[number, unknown]>;
}

const timed = async (work: () => unknown): Promise<[number, unknown]> => {
  const start = performance.now();
  const value = await work();
  return [performance.now() - start, value];
};
const instances = (xmlBody.match(/<DBInstance>/g) ?? []).length;
const jobs = (JSON.parse(jsonBody) as { RestoreJobs: unknown[] }).RestoreJobs.length;
const cases: Case[] = [
  {
    name: 'DescribeDBInstances, schema walk',
    unit: 'instance',
    units: instances,
    sdk: () => timed(() => xmlDeserializer(rds.sdk).readSchema(xmlOutput, xmlParsed)),
    ours: () => timed(() => xmlDeserializer(rds.ours).readSchema(xmlOutput, xmlParsed)),
  },
  {
    name: 'DescribeDBInstances, deserializeResponse',
    unit: 'instance',
    units: instances,
    sdk: () =>
      timed(() =>
        protocolOf(rds.sdk).deserializeResponse(
          describeDbInstances,
          rds.sdk.config,
          response(xmlBody, 'text/xml'),
        ),
      ),
    ours: () =>
      timed(() =>
        protocolOf(rds.ours).deserializeResponse(
          describeDbInstances,
          rds.ours.config,
          response(xmlBody, 'text/xml'),
        ),
      ),
  },
  {
    name: 'ListRestoreJobs, schema walk',
    unit: 'job',
    units: jobs,
    sdk: () => {
      const parsed = JSON.parse(jsonBody);
      return timed(() => jsonWalkers.sdk.readObject(jsonOutput, parsed));
    },
    ours: () => {
      const parsed = JSON.parse(jsonBody);
      return timed(() => jsonWalkers.ours.readObject(jsonOutput, parsed));
    },
  },
  {
    name: 'ListRestoreJobs, deserializeResponse',
    unit: 'job',
    units: jobs,
    sdk: () =>
      timed(() =>
        protocolOf(backup.sdk).deserializeResponse(
          listRestoreJobs,
          backup.sdk.config,
          response(jsonBody, 'application/json'),
        ),
      ),
    ours: () =>
      timed(() =>
        protocolOf(backup.ours).deserializeResponse(
          listRestoreJobs,
          backup.ours.config,
          response(jsonBody, 'application/json'),
        ),
      ),
  },
];

/** Dates as ISO text, everything else as JSON has it, key order included. */
const rendering = (value: unknown) => JSON.stringify(value);

console.log(
  `DescribeDBInstances: ${instances} instances, ${(xmlBody.length / 1024).toFixed(1)} KiB; ` +
    `ListRestoreJobs: ${jobs} jobs, ${(jsonBody.length / 1024).toFixed(1)} KiB; ${perRound * ROUNDS} pages each`,
);
for (const c of cases) {
  const [, expected] = await c.sdk();
  const [, actual] = await c.ours();
  if (rendering(actual) !== rendering(expected)) {
    throw new Error(`${c.name}: the two disagree; see src/collect/aws/deserialize.test.ts.`);
  }
  for (let i = 0; i < 20; i++) {
    await c.sdk();
    await c.ours();
  }
  let sdkMs = 0;
  let oursMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < perRound; i++) sdkMs += (await c.sdk())[0];
    for (let i = 0; i < perRound; i++) oursMs += (await c.ours())[0];
  }
  const total = perRound * ROUNDS;
  const line = (who: string, ms: number) =>
    `    ${who.padEnd(5)} ${(ms / total).toFixed(3)} ms per page (${((ms * 1000) / total / c.units).toFixed(2)} µs per ${c.unit})`;
  console.log(`  ${c.name}`);
  console.log(line('SDK', sdkMs));
  console.log(line('ours', oursMs));
  console.log(`    speed-up: ${(sdkMs / oursMs).toFixed(1)}×`);
}
for (const client of [rds.sdk, rds.ours, backup.sdk, backup.ours]) client.destroy();
