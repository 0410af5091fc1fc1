import { loadEngine } from '../../src/io/engine.ts';
import { epitomeFigures, MECHANISMS } from './epitome.ts';
import { esconvFigures, STRATEGY_KINDS } from './esconv.ts';
import { formatTable } from './table.ts';

/** EPITOME and ESConv through the full engine (rules + shipped model). */
export async function engineFigures(
  data: string,
  split: string,
  say: (text: string) => void,
): Promise<Record<string, unknown>> {
  let engine;
  try {
    engine = await loadEngine();
  } catch (err) {
    const reason = `engine not available: ${(err as Error).message}`;
    say(`\neval: ${reason}; EPITOME and ESConv skipped`);
    return { epitome: { error: reason }, esconv: { error: reason } };
  }
  const epitome = await epitomeFigures(data, engine);
  say(
    '\nAgent empathy behaviours on EPITOME (seeker post → customer turn, response → agent turn); level 0 vs 1-2 and 3-way',
  );
  say(
    formatTable(
      [
        'mechanism',
        'behaviours',
        'n',
        'acc 0/1+',
        'F1 0/1+',
        'target',
        'F1 0/1+ held-out half',
        'acc 3-way',
        'F1 3-way',
      ],
      Object.entries(epitome).map(([m, f]) =>
        'error' in f
          ? [m, f.error, '', '', '', '', '', '', '']
          : [
              m,
              MECHANISMS[m as keyof typeof MECHANISMS].kinds.join('/'),
              f.count,
              f.binary.accuracy,
              f.binary.macroF1,
              m === 'emotional-reactions' ? 0.75 : m === 'interpretations' ? 0.7 : 0.8,
              f.heldOutBinary.macroF1,
              f.threeWay.accuracy,
              f.threeWay.macroF1,
            ],
      ),
    ),
  );
  say(
    'held-out half: rows whose sha1(sp_id + rp_id) starts with an odd byte; the peer-support phrases were written reading only the other half',
  );
  say(
    `3-way levels: ${Object.entries(MECHANISMS)
      .map(([m, v]) => `${m}: ${v.levels}`)
      .join('; ')}`,
  );
  const esconv = await esconvFigures(data, split, engine);
  if ('error' in esconv) say(`\neval: ESConv skipped: ${esconv.error}`);
  else {
    say(
      `\nSupporter strategies on ESConv ${split} (${esconv.conversations} conversations): per-turn agreement ${esconv.agreement.toFixed(3)}, empathy score vs survey rating Spearman ${esconv.empathySpearman?.toFixed(3) ?? 'n/a (a side is constant)'}`,
    );
    say(
      formatTable(
        ['strategy', 'behaviour', 'turns', 'recall', 'precision', 'F1'],
        Object.entries(esconv.perStrategy).map(([s, f]) => [
          s,
          STRATEGY_KINDS[s]!,
          f.turns,
          f.recall,
          f.precision,
          f.f1,
        ]),
      ),
    );
  }
  return { epitome, esconv };
}
