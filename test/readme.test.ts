// The README stays in step with the tool: every check and every command is documented there, and the
// quick start is the two commands a new user runs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../checks/index.js';
import { buildProgram } from '../src/cli/main.js';
import { captureIo } from './helpers/project.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every registered check', () => {
    for (const c of CHECKS) expect(readme, c.id).toContain(`| \`${c.id}\` |`);
  });

  it('documents every command in the command table', () => {
    const program = buildProgram(captureIo('.'), () => {});
    for (const cmd of program.commands)
      expect(readme, cmd.name()).toMatch(new RegExp(`\\| \`${cmd.name()}[ \`]`));
  });

  it('has a two-command quick start: the demo and the tests', () => {
    const quick = readme.split('## Quick start')[1]?.split('```sh\n')[1]?.split('```')[0]?.trim().split('\n');
    expect(quick).toEqual(['npm ci && npx readiness demo', 'npm test']);
  });
});
