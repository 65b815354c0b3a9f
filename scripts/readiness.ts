// The CLI entry point: `npx readiness <command>` or `npx tsx scripts/readiness.ts <command>`.
import { processIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';
import { exitOnInterrupt } from '../src/cli/signals.js';

exitOnInterrupt();
process.exitCode = await main(process.argv.slice(2), processIo());
