// How long the SDK's XML parser (@aws-sdk/xml-builder's parseXML) and ours (src/collect/aws/xml.ts) take
// on a real awsQuery body: one DescribeDBInstances page of 100 instances from the local simulator.
//
//   npx tsx scripts/bench-xml.ts [--parses 200]
//
// Each parser first parses the body a few times untimed (so both are compiled when timing starts), then
// the two take turns in rounds, so that neither is favoured by whatever else the machine is doing. It
// prints milliseconds per parse for each and the ratio. A figure to read, not a test: nothing fails.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseXML as sdkParseXml } from '@aws-sdk/xml-builder';
import { parseXml } from '../src/collect/aws/xml.js';
import { generateEstate } from '../src/sim/generate.js';
import { startSimulator } from '../src/sim/index.js';

const NOW = new Date('2026-11-29T12:00:00.000Z');
const INSTANCES = 100;
const ROUNDS = 10;

const { values } = parseArgs({ options: { parses: { type: 'string', default: '200' } } });
const parses = Number(values.parses);
if (!Number.isInteger(parses) || parses < ROUNDS)
  throw new Error(`--parses must be a whole number ≥ ${ROUNDS}`);

/** One DescribeDBInstances page as the simulator sends it. The simulator reads the caller's key and
 * region from the Authorization header and does not check the signature, so a plain request will do. */
async function describeDbInstancesBody(): Promise<{ body: string; instances: number }> {
  const generated = generateEstate({
    instances: INSTANCES,
    accounts: 1,
    regions: 1,
    seed: 1,
    windowDays: 30,
  });
  const region = generated.regions[0] as string;
  const sim = await startSimulator({ estate: generated.estate, now: NOW });
  try {
    const response = await fetch(sim.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${generated.credentials.accessKeyId}/20261129/${region}/rds/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: `Action=DescribeDBInstances&Version=2014-10-31&MaxRecords=${INSTANCES}`,
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`The simulator answered ${response.status}: ${body.slice(0, 200)}`);
    return { body, instances: body.split('<DBInstance>').length - 1 };
  } finally {
    await sim.close();
  }
}

const { body, instances } = await describeDbInstancesBody();
if (JSON.stringify(parseXml(body)) !== JSON.stringify(sdkParseXml(body))) {
  throw new Error('The two parsers disagree on this body; see src/collect/aws/xml.test.ts.');
}

const parsers: [string, (xml: string) => unknown][] = [
  ['@aws-sdk/xml-builder parseXML', sdkParseXml],
  ['src/collect/aws/xml.ts parseXml', parseXml],
];
const elapsed = new Map<string, number>(parsers.map(([name]) => [name, 0]));
for (const [, parse] of parsers) for (let i = 0; i < 20; i++) parse(body);
const perRound = Math.ceil(parses / ROUNDS);
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, parse] of parsers) {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) parse(body);
    elapsed.set(name, (elapsed.get(name) ?? 0) + performance.now() - start);
  }
}

const total = perRound * ROUNDS;
console.log(
  `DescribeDBInstances body: ${instances} instances, ${(body.length / 1024).toFixed(1)} KiB; ${total} parses each`,
);
const perParse = parsers.map(([name]) => (elapsed.get(name) ?? 0) / total);
for (const [index, [name]] of parsers.entries()) {
  const ms = perParse[index] as number;
  console.log(
    `  ${name.padEnd(34)} ${ms.toFixed(3)} ms per parse (${((ms * 1000) / instances).toFixed(1)} µs per instance)`,
  );
}
console.log(`  speed-up: ${((perParse[0] as number) / (perParse[1] as number)).toFixed(1)}×`);
