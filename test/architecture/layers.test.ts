import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeImports, repositoryRoot, sourceFiles } from '../support/imports.ts';

/**
 * One layer order per tree, lowest first, with why each layer sits where it does. A file may import its own layer or
 * a lower one, never a higher one. A top-level file (server/errors.ts) is a layer named without its extension.
 * Where two folders import nothing of each other the order between them is a choice: change it with a reason.
 */
const LAYERS = {
  src: [
    ['errors', 'reads the stable code off any thrown value; imports nothing'],
    ['text', 'string helpers (normalise, clip, tokens) every stage shares; imports nothing'],
    ['language', "a text's ISO 639-1 language by eld's shipped tables, loaded on first use; imports nothing of src/"],
    ['contract', 'zod schemas of every request, response and event; imports nothing'],
    ['sampling', 'the one seeded generator and the holdout splits, for training and evaluation alike; imports nothing'],
    ['metrics', 'scores of predictions against gold labels (classification, retrieval); imports nothing'],
    ['taxonomy', 'the label set and its YAML, typed by the contract'],
    ['routing', "a label's group name → the account's group id, and the one rule for assigning it; imports nothing"],
    ['redact', 'recognizers and anonymizer over contract tickets'],
    ['rules', 'keyword rules over taxonomy labels'],
    ['classifier', 'the one Classifier interface that model/ implements and decide/ consumes'],
    ['model', 'the local classifier: trains on a sampling split and reports metrics'],
    ['decide', 'thresholds over a classification, with rules overriding'],
    ['similar', 'ranking past tickets; needs only contract and text'],
    ['evaluate', 'runs a stage (redact, similar) over a labelled set and scores it'],
    ['report', "the readiness report's data: held-out predictions decided by the served rule, bands, curves, pairs"],
    ['triage', 'the pipeline: redact → rules → classify → decide'],
    ['preview-host', 'schemas of the local preview host (plays Zendesk), beside the product'],
  ],
  server: [
    ['errors', 'API error classes with stable codes, thrown by auth, runtime and http alike; imports nothing'],
    ['sha256-hex', 'the one node:crypto SHA-256 hex digest; imports nothing'],
    ['periodic', 'runs a task on an interval, one run at a time (jobs, storage maintenance); imports nothing'],
    ['package', 'builds and checks the Zendesk app zip; imports nothing of server/'],
    ['demo', 'synthetic tickets from a seeded generator'],
    ['storage', 'PGlite / PostgreSQL, every row scoped to its installation'],
    ['jobs', 'the durable job worker over storage'],
    ['import', 'ticket history import into storage'],
    ['llm', 'OpenAI-compatible clients and their own config schema'],
    ['config', 'parses env and files once, composing the parts’ config (llm’s included)'],
    ['auth', 'installation JWTs and the admin token; throws errors'],
    [
      'installations',
      'the registry of installations, their sealed secrets and the in-memory keyring the verifier reads',
    ],
    ['zendesk', 'the Zendesk API client (one retrying request function) and the history import over it and import'],
    ['similar', 'serves the similar index and embeddings over storage and llm'],
    ['training', 'trains, holds and retrains models over storage and jobs'],
    ['report', 'the readiness report: cross-validated predictions over storage and training, charts and HTML'],
    ['runtime', 'wires storage, llm, jobs, import and config into the triage service'],
    ['tenants', 'per-installation runtime contexts (model, similar index) loaded on demand within a memory budget'],
    [
      'webhooks',
      'Zendesk webhook deliveries: signature check, event intake and the write-back job over runtime and jobs',
    ],
    [
      'zendesk-local',
      'a local Zendesk (the API subset used here, signed webhook deliveries) for the preview, tests and benches',
    ],
    ['http', 'routes over auth and runtime; the one error-to-response mapping'],
    ['cluster', 'runs the http app in worker processes'],
    ['preview', 'the local preview host over runtime and demo data'],
    ['cli', 'the commands, on top of everything'],
  ],
} as const satisfies Record<string, readonly (readonly [string, string])[]>;

type Tree = keyof typeof LAYERS;
const TREES = Object.keys(LAYERS) as Tree[];

/** `src/model/train.ts` → { tree: 'src', layer: 'model' }; `server/errors.ts` → { tree: 'server', layer: 'errors' }. */
function layerOf(path: string): { tree: string; layer: string } {
  const [tree = '', second = ''] = path.split('/');
  return { tree, layer: second.replace(/\.tsx?$/, '') };
}

function rank(tree: Tree, layer: string): number {
  return LAYERS[tree].findIndex(([name]) => name === layer);
}

describe('layers of src/ and server/', () => {
  it.each(TREES)('%s/: every folder and top-level file is in the declared layer order, and nothing else is', (tree) => {
    const onDisk = readdirSync(join(repositoryRoot, tree))
      .filter((name) => statSync(join(repositoryRoot, tree, name)).isDirectory() || /\.tsx?$/.test(name))
      .map((name) => name.replace(/\.tsx?$/, ''))
      .sort();
    expect(onDisk).toEqual(LAYERS[tree].map(([name]) => name).sort());
  });

  it.each(TREES)('%s/: no file imports a higher layer', (tree) => {
    const offending: string[] = [];
    for (const file of sourceFiles(tree)) {
      const from = layerOf(file);
      for (const { specifier, target } of relativeImports(file)) {
        const to = layerOf(target);
        if (to.tree !== tree) continue;
        if (rank(tree, to.layer) > rank(tree, from.layer))
          offending.push(`${file} imports '${specifier}': ${from.layer}/ is below ${to.layer}/`);
      }
    }
    expect(offending).toEqual([]);
  });

  it('src/ imports nothing outside src/ (no server/, no app/), and server/ only server/ and src/', () => {
    const allowed: Record<Tree, readonly string[]> = { src: ['src'], server: ['server', 'src'] };
    const offending: string[] = [];
    for (const tree of TREES) {
      for (const file of sourceFiles(tree)) {
        for (const { specifier, target } of relativeImports(file)) {
          if (!allowed[tree].includes(layerOf(target).tree))
            offending.push(`${file} imports '${specifier}' (${target})`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('no two files of src/ and server/ import each other, however indirectly', () => {
    const graph = new Map(
      TREES.flatMap((tree) => sourceFiles(tree)).map((file) => [
        file,
        relativeImports(file).map(({ target }) => target),
      ]),
    );
    expect(cyclesOf(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('the cycle check finds a loop through several files and a file importing itself', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
    ]);
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});

/** Strongly connected components of more than one file (or a file importing itself), by Tarjan's algorithm. */
function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(file, Math.min(low.get(file)!, index.get(next)!));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)!.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}
