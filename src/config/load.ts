// Loading: readiness.yaml, the policy files and folders it names, and the waivers. Every problem in every
// file is gathered — syntax, schema, unknown fields and checks, duplicate ids, check options, waivers,
// unset variables, unresolved references — and returned together; nothing is collected on a bad input.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Document } from 'yaml';
import { checkIds, getCheck } from '../../checks/index.js';
import { DEFAULT_THRESHOLDS, type Inputs, type LoadedPolicy, type LoadedWaiver } from '../engine/inputs.js';
import { resolveOptions } from '../kit/options.js';
import { compile } from '../util/ajv.js';
import { compareStrings } from '../util/compare.js';
import { didYouMean } from '../util/similar.js';
import { type Problem, pathToString, sortProblems } from './problems.js';
import { substituteEnv, substituteTarget } from './refs.js';
import { residencyMap } from './residency.js';
import {
  type Config,
  ConfigSchema,
  type Policy,
  PolicySchema,
  type ResolvedTarget,
  type Waiver,
  WaiverFileSchema,
} from './schema.js';
import { docOffset, locate, parseYaml, schemaProblems, type YamlFile } from './yaml.js';

export interface InputFile {
  path: string;
  sha256: string;
}

export interface LoadedProject {
  configFile: string;
  baseDir: string;
  config: Config;
  inputs: Inputs;
  files: InputFile[];
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
}

class Loader {
  problems: Problem[] = [];
  files: InputFile[] = [];
  constructor(
    readonly env: NodeJS.ProcessEnv,
    readonly cwd: string,
  ) {}

  read(
    abs: string,
    from?: { y: YamlFile; doc: Document.Parsed; path: (string | number)[] },
  ): YamlFile | undefined {
    const file = displayPath(abs, this.cwd);
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (err) {
      const where = from ? locate(from.y, from.doc, from.path) : { line: 1, col: 1 };
      const code = (err as NodeJS.ErrnoException).code;
      this.problems.push({
        code: 'file-not-found',
        file: from ? from.y.file : file,
        line: where.line,
        col: where.col,
        path: from ? pathToString(from.path) : '',
        message:
          code === 'ENOENT' ? `file not found: ${file}` : `cannot read ${file}: ${code ?? String(err)}`,
      });
      return undefined;
    }
    this.files.push({ path: file, sha256: createHash('sha256').update(text).digest('hex') });
    const { parsed, problems } = parseYaml(file, text);
    this.problems.push(...problems);
    return problems.length ? undefined : parsed;
  }

  /** JS value of a document with `${env:NAME}` resolved; unset variables become problems. */
  value(y: YamlFile, doc: Document.Parsed): unknown {
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      this.problems.push({
        code: 'yaml-syntax',
        file: y.file,
        ...docOffset(y, doc),
        path: '',
        message: `YAML: ${err instanceof Error ? err.message : String(err)}`,
      });
      return undefined;
    }
    const { value, unresolved } = substituteEnv(raw, this.env);
    for (const u of unresolved) {
      const pos = locate(y, doc, u.path);
      this.problems.push({
        code: 'unset-env',
        file: y.file,
        ...pos,
        path: pathToString(u.path),
        message: `environment variable ${u.ref} is not set`,
      });
    }
    return value;
  }

  validate(y: YamlFile, doc: Document.Parsed, schema: object, value: unknown, context?: string): boolean {
    const fn = compile(schema);
    if (fn(value)) return true;
    this.problems.push(...schemaProblems(y, doc, fn.errors ?? [], [], context));
    return false;
  }

  problem(
    y: YamlFile,
    doc: Document.Parsed,
    p: (string | number)[],
    code: Problem['code'],
    message: string,
    key?: string,
  ) {
    const pos = locate(y, doc, p, key);
    this.problems.push({ code, file: y.file, ...pos, path: pathToString(key ? [...p, key] : p), message });
  }
}

function policyFiles(abs: string): string[] {
  const st = statSync(abs);
  if (st.isFile()) return [abs];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) =>
    compareStrings(a.name, b.name),
  )) {
    const full = path.join(abs, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'schema' && !entry.name.startsWith('.')) out.push(...policyFiles(full));
    } else if (/\.ya?ml$/.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

export function loadProject(
  configPath: string,
  options: LoadOptions = {},
): { project?: LoadedProject; problems: Problem[] } {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const L = new Loader(env, cwd);
  const configAbs = path.resolve(cwd, configPath);
  const baseDir = path.dirname(configAbs);

  const cy = L.read(configAbs);
  if (!cy) return { problems: sortProblems(L.problems) };
  const cdoc = cy.docs[0];
  if (!cdoc || cy.docs.length !== 1) {
    L.problems.push({
      code: 'schema',
      file: cy.file,
      line: 1,
      col: 1,
      path: '',
      message: 'must hold exactly one YAML document',
    });
    return { problems: sortProblems(L.problems) };
  }
  const raw = L.value(cy, cdoc);
  if (raw === undefined || !L.validate(cy, cdoc, ConfigSchema, raw))
    return { problems: sortProblems(L.problems) };
  const config = raw as Config;

  // Targets: unique names, known residency, repo paths made absolute.
  const residencies = residencyMap(config.residencies);
  const targets: ResolvedTarget[] = [];
  const seenTargets = new Map<string, number>();
  config.targets.forEach((t, i) => {
    if (seenTargets.has(t.name)) {
      L.problem(
        cy,
        cdoc,
        ['targets', i, 'name'],
        'schema',
        `duplicate target name "${t.name}" (first at targets[${seenTargets.get(t.name)}])`,
      );
    }
    seenTargets.set(t.name, i);
    const resolved: ResolvedTarget = { ...t };
    if (t.residency) {
      const regions = residencies[t.residency];
      if (regions) resolved.residencyRegions = regions;
      else {
        const hint = didYouMean(t.residency, Object.keys(residencies));
        L.problem(
          cy,
          cdoc,
          ['targets', i, 'residency'],
          'unknown-residency',
          `unknown residency "${t.residency}"${hint ? `; did you mean "${hint}"?` : ''} (known: ${Object.keys(residencies).join(', ')})`,
        );
      }
    }
    if (t.repo) resolved.repo = { path: path.resolve(baseDir, t.repo.path) };
    targets.push(resolved);
  });

  // Policies.
  const policies: LoadedPolicy[] = [];
  const seenPolicies = new Map<string, string>();
  config.policies.forEach((entry, i) => {
    const abs = path.resolve(baseDir, entry);
    if (!existsSync(abs)) {
      L.problem(
        cy,
        cdoc,
        ['policies', i],
        'file-not-found',
        `policy file or folder not found: ${displayPath(abs, cwd)}`,
      );
      return;
    }
    for (const file of policyFiles(abs)) {
      const y = L.read(file);
      if (!y) continue;
      for (const doc of y.docs) {
        if (doc.contents === null) continue;
        const loaded = loadPolicy(L, y, doc, targets, seenPolicies);
        if (loaded) policies.push(loaded);
      }
    }
  });

  // Waivers.
  const waivers: LoadedWaiver[] = [];
  const waiverFiles =
    config.waivers === undefined ? [] : Array.isArray(config.waivers) ? config.waivers : [config.waivers];
  waiverFiles.forEach((entry, i) => {
    const from = { y: cy, doc: cdoc, path: Array.isArray(config.waivers) ? ['waivers', i] : ['waivers'] };
    const y = L.read(path.resolve(baseDir, entry), from);
    const doc = y?.docs[0];
    if (!y || !doc) return;
    const value = L.value(y, doc);
    if (value === undefined || !L.validate(y, doc, WaiverFileSchema, value)) return;
    (value as { waivers: Waiver[] }).waivers.forEach((w, index) => {
      const p = ['waivers', index];
      const before = L.problems.length;
      if (!seenPolicies.has(w.policy)) {
        const hint = didYouMean(w.policy, seenPolicies.keys());
        L.problem(
          y,
          doc,
          [...p, 'policy'],
          'unknown-policy',
          `unknown policy "${w.policy}"${hint ? `; did you mean "${hint}"?` : ''}`,
        );
      }
      if (!targets.some((t) => t.name === w.target)) {
        const hint = didYouMean(
          w.target,
          targets.map((t) => t.name),
        );
        L.problem(
          y,
          doc,
          [...p, 'target'],
          'unknown-target',
          `unknown target "${w.target}"${hint ? `; did you mean "${hint}"?` : ''}`,
        );
      }
      if (w.owner.trim().toLowerCase() === w.approver.trim().toLowerCase()) {
        L.problem(y, doc, [...p, 'approver'], 'self-approved-waiver', 'the approver must not be the owner');
      }
      if (L.problems.length === before) {
        waivers.push({ waiver: w, index, at: { file: y.file, ...locate(y, doc, p) } });
      }
    });
  });

  const thresholds = { ...DEFAULT_THRESHOLDS, ...(config.gate?.thresholds ?? {}) };
  const problems = sortProblems(L.problems);
  if (problems.length) return { problems };
  return {
    problems,
    project: {
      configFile: displayPath(configAbs, cwd),
      baseDir,
      config,
      inputs: { targets, policies, waivers, thresholds },
      files: L.files,
    },
  };
}

function loadPolicy(
  L: Loader,
  y: YamlFile,
  doc: Document.Parsed,
  targets: ResolvedTarget[],
  seen: Map<string, string>,
): LoadedPolicy | undefined {
  const value = L.value(y, doc);
  if (value === undefined || !L.validate(y, doc, PolicySchema, value)) return undefined;
  const policy = value as Policy;
  const at = { file: y.file, ...docOffset(y, doc) };
  const first = seen.get(policy.id);
  if (first) {
    L.problem(
      y,
      doc,
      ['id'],
      'duplicate-policy',
      `duplicate policy id "${policy.id}" (first defined at ${first})`,
    );
    return undefined;
  }
  const idPos = locate(y, doc, ['id']);
  seen.set(policy.id, `${y.file}:${idPos.line}:${idPos.col}`);
  const check = getCheck(policy.check);
  if (!check) {
    const hint = didYouMean(policy.check, checkIds());
    L.problem(
      y,
      doc,
      ['check'],
      'unknown-check',
      `unknown check "${policy.check}"${hint ? `; did you mean "${hint}"?` : ''}`,
    );
    return undefined;
  }
  const optionsByTarget: Record<string, Record<string, unknown>> = {};
  const reported = new Set<string>();
  const applicable = targets.filter((t) => policy.stages.includes(t.stage));
  // With no target of the policy's stages, the options are still checked (with references left as text).
  for (const t of applicable.length ? applicable : [undefined]) {
    let given: unknown = policy.options ?? {};
    if (t) {
      const sub = substituteTarget(given, t, ['options']);
      given = sub.value;
      for (const u of sub.unresolved) {
        const key = `ref:${pathToString(u.path)}:${u.ref}`;
        if (reported.has(`${key}:${t.name}`)) continue;
        reported.add(`${key}:${t.name}`);
        L.problem(
          y,
          doc,
          u.path,
          'unresolved-reference',
          `refers to target.${u.ref}, which target "${t.name}" does not declare (${check.id})`,
        );
      }
      if (sub.unresolved.length) continue;
    } else {
      given = withoutTargetRefs(given);
    }
    const { options, errors } = resolveOptions(check, given as Record<string, unknown>);
    if (errors.length) {
      for (const p of schemaProblems(y, doc, errors, ['options'], check.id)) {
        const k = `${p.line}:${p.col}:${p.message}`;
        if (reported.has(k)) continue;
        reported.add(k);
        L.problems.push({ ...p, code: p.code === 'unknown-field' ? 'unknown-field' : 'invalid-options' });
      }
      continue;
    }
    if (t) optionsByTarget[t.name] = options;
  }
  return { policy, check, at, optionsByTarget };
}

/** Options with every value that refers to a target dropped, to check the rest when no target applies. */
function withoutTargetRefs(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${target.') ? undefined : value;
  if (Array.isArray(value)) return value.map(withoutTargetRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([k, v]) => [k, withoutTargetRefs(v)] as const)
        .filter(([, v]) => v !== undefined),
    );
  }
  return value;
}
