import { DockerfileParser, ModifiableInstruction, type Instruction } from 'dockerfile-ast';

/** The images the deployment files refer to, by build target. */
export const IMAGE_TARGETS = ['api', 'worker-cpu', 'worker-cuda'] as const;
const WORKER_START = 'deploy/worker-entrypoint.sh';

const KNOWN = new Set(
  'ADD ARG CMD COPY ENTRYPOINT ENV EXPOSE FROM HEALTHCHECK LABEL MAINTAINER ONBUILD RUN SHELL STOPSIGNAL USER VOLUME WORKDIR'.split(
    ' ',
  ),
);

interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

/** The build stages, in order, with the instructions that belong to each. */
function stages(text: string): { args: Map<string, string>; stages: Stage[]; all: Instruction[] } {
  const all = DockerfileParser.parse(text).getInstructions();
  const args = new Map<string, string>();
  const out: Stage[] = [];
  for (const ins of all) {
    const keyword = ins.getKeyword();
    if (keyword === 'FROM') {
      const words = ins.getArguments().map((a) => a.getValue());
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      out.push({
        name: as >= 0 ? (words[as + 1] ?? '') : '',
        from: words.find((w) => !w.startsWith('--')) ?? '',
        instructions: [],
      });
    } else if (out.length === 0 && keyword === 'ARG') {
      const [name, value] = ins.getArgumentsContent()?.split('=') ?? [];
      if (name && value) args.set(name, value);
    } else out.at(-1)?.instructions.push(ins);
  }
  return { args, stages: out, all };
}

/** The build targets a Dockerfile defines (its named stages). */
export function dockerfileTargets(text: string): string[] {
  return stages(text)
    .stages.map((s) => s.name)
    .filter(Boolean);
}

/** A flag of COPY/ADD (`--from=deps` → `deps`); the parser keeps flags apart from the arguments. */
function flag(ins: Instruction, name: string): string | undefined {
  if (!(ins instanceof ModifiableInstruction)) return undefined;
  return (
    ins
      .getFlags()
      .find((f) => f.getName() === name)
      ?.getValue() ?? undefined
  );
}

/** The JSON-array form of CMD/ENTRYPOINT as a list of words, or the shell form as one string. */
function execForm(ins: Instruction | undefined): string[] {
  const content = ins?.getArgumentsContent() ?? '';
  try {
    const parsed: unknown = JSON.parse(content);
    if (Array.isArray(parsed)) return parsed.map(String);
  } catch {
    // shell form
  }
  return [content];
}

/**
 * Problems in the Dockerfile, checked without building it: known instructions; base images
 * pinned to a tag (never `latest`); the api, worker-cpu and worker-cuda targets each end as a
 * non-root user under tini with a HEALTHCHECK; the workers start through the same script as
 * the local stack; the CUDA worker gets node_modules with onnxruntime's CUDA provider; and
 * every file copied from the context exists and is allowlisted in .dockerignore.
 */
export function validateDockerfile(
  text: string,
  opts: { dockerignore: string; exists: (path: string) => boolean },
): string[] {
  const problems: string[] = [];
  const { args, stages: all, all: instructions } = stages(text);
  for (const ins of instructions)
    if (!KNOWN.has(ins.getKeyword()))
      problems.push(`line ${ins.getRange().start.line + 1}: unknown instruction ${ins.getKeyword()}`);

  const names = new Set(all.map((s) => s.name));
  for (const stage of all) {
    const image = stage.from.replace(/^\$\{?(\w+)\}?$/, (_, arg: string) => args.get(arg) ?? `$${arg}`);
    if (names.has(image)) continue;
    if (image.startsWith('$')) problems.push(`stage ${stage.name}: FROM ${stage.from} has no default`);
    else if (!/:[\w][\w.-]*$/.test(image) || image.endsWith(':latest'))
      problems.push(`stage ${stage.name}: base image ${image} is not pinned to a tag`);
  }

  const allowed = new Set(
    opts.dockerignore
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).replace(/\/$/, '')),
  );
  for (const stage of all)
    for (const ins of stage.instructions.filter(
      (i) => i.getKeyword() === 'COPY' || i.getKeyword() === 'ADD',
    )) {
      if (flag(ins, 'from') !== undefined) continue;
      const words = ins.getArguments().map((a) => a.getValue());
      for (const src of words.slice(0, -1)) {
        if (!opts.exists(src))
          problems.push(`stage ${stage.name}: COPY ${src}: no such file in the repository`);
        if (!allowed.has(src.replace(/\/$/, '')))
          problems.push(
            `stage ${stage.name}: COPY ${src}: not allowlisted in .dockerignore (it would not be in the context)`,
          );
      }
    }

  for (const target of IMAGE_TARGETS) {
    const stage = all.find((s) => s.name === target);
    if (!stage) {
      problems.push(`no build target ${target}`);
      continue;
    }
    const last = (k: string) => stage.instructions.filter((i) => i.getKeyword() === k).at(-1);
    const user = last('USER')?.getArgumentsContent() ?? 'root';
    if (/^(root|0)(:|$)/.test(user)) problems.push(`target ${target}: runs as root (add a USER)`);
    if (!last('HEALTHCHECK')) problems.push(`target ${target}: no HEALTHCHECK`);
    if (execForm(last('ENTRYPOINT'))[0] !== '/usr/bin/tini')
      problems.push(`target ${target}: ENTRYPOINT must be tini (signals, zombies)`);
    const cmd = execForm(last('CMD'));
    if (target.startsWith('worker') && cmd[0] !== WORKER_START)
      problems.push(
        `target ${target}: CMD must be ${WORKER_START}, the start script the local stack uses too`,
      );
    if (target === 'worker-cuda') {
      const modules = stage.instructions.find(
        (i) =>
          i.getKeyword() === 'COPY' && / \/app\/node_modules /.test(` ${i.getArgumentsContent() ?? ''} `),
      );
      const from = modules ? flag(modules, 'from') : undefined;
      const source = all.find((s) => s.name === from);
      const installsCuda = source?.instructions.some((i) =>
        /ONNXRUNTIME_NODE_INSTALL=cuda12/.test(i.getArgumentsContent() ?? ''),
      );
      if (!installsCuda)
        problems.push(
          `target worker-cuda: node_modules must come from a stage that installs onnxruntime's CUDA provider`,
        );
    }
  }
  return problems;
}
