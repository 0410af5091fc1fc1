import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LinearArtefact, type ArtefactHeader } from '../core/models/artefact.ts';
import { createEmotionModel, emotionModelColumns } from '../core/models/emotion-model.ts';
import { createLinearModel, type LinearModel } from '../core/models/linear.ts';
import type { EmotionModel } from '../core/models/types.ts';

/** The artefact `npm run train` writes and the engine uses by default. */
export const SHIPPED_MODEL_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'models',
  'goemotions-linear.json',
);

export type ModelLoad =
  | { ok: true; file: string; model: EmotionModel; linear: LinearModel; header: ArtefactHeader; loadMs: number }
  | { ok: false; file: string; reason: string };

/** Reads and validates an artefact file; every failure is a reason naming the file. */
export function readEmotionModel(file: string): ModelLoad {
  const started = performance.now();
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      file,
      reason:
        code === 'ENOENT'
          ? `model file ${file} does not exist (run \`npm run train\` or \`attune train\`)`
          : `cannot read model file ${file}: ${String(err)}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    return { ok: false, file, reason: `model file ${file} is not JSON: ${(err as Error).message}` };
  }
  const parsed = LinearArtefact.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      file,
      reason: `model file ${file} is not an Attune linear artefact: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    };
  }
  const { weights, ...rest } = parsed.data;
  const bytes = Buffer.from(weights.data, 'base64');
  try {
    const linear = createLinearModel(
      rest,
      new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length),
      emotionModelColumns(rest.heads),
    );
    return {
      ok: true,
      file,
      model: createEmotionModel(linear),
      linear,
      header: rest.header,
      loadMs: performance.now() - started,
    };
  } catch (err) {
    return { ok: false, file, reason: `model file ${file} is inconsistent: ${(err as Error).message}` };
  }
}

/** The model in an artefact file (for `--model FILE`); throws one clear message when it cannot be used. */
export function loadEmotionModel(file: string): EmotionModel {
  const load = readEmotionModel(file);
  if (!load.ok) throw new Error(load.reason);
  return load.model;
}

/** The shipped model with its header and load time, or the reason it is unavailable. */
export function readShippedModel(): ModelLoad {
  return readEmotionModel(SHIPPED_MODEL_FILE);
}

/**
 * The default shipped model, or null (rules only) after telling `report` why,
 * e.g. when the artefact was never trained.
 */
export function loadShippedModel(
  report: (reason: string) => void = (reason) => process.emitWarning(`no learned model, rules only: ${reason}`),
): EmotionModel | null {
  const load = readShippedModel();
  if (load.ok) return load.model;
  report(load.reason);
  return null;
}

/** Writes an artefact as JSON with its int8 weights in base64. */
export function writeArtefact(
  file: string,
  artefact: Omit<LinearArtefact, 'weights' | 'format'>,
  weights: Int8Array,
): void {
  const full: LinearArtefact = {
    format: 'attune-linear',
    ...artefact,
    weights: {
      encoding: 'int8-base64',
      data: Buffer.from(weights.buffer, weights.byteOffset, weights.byteLength).toString('base64'),
    },
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(full) + '\n');
}

/** Just the header of an artefact (for regression checks), without decoding weights. */
export function readArtefactHeader(file: string): ArtefactHeader | { error: string } {
  const load = readEmotionModel(file);
  return load.ok ? load.header : { error: load.reason };
}
