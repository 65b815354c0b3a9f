// The CLI entry point: `npx readiness <command>` or `npx tsx scripts/readiness.ts <command>`.
import { processIo } from '../src/cli/io.js';
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2), processIo());
