import { useState, type ReactNode } from 'react';
import type { PhraseOverlay } from '../../api/index.ts';
import type { Settings } from '../api.ts';
import { label } from '../format.ts';

export type OverlaySectionName = 'cues' | 'behaviours' | 'emotions' | 'scripted';
export interface OverlayRow {
  section: OverlaySectionName;
  list: string;
  phrase: string;
  intensity: number | null;
}

/** Every phrase of an overlay as one row, in the order the overlay holds them. */
export function overlayRows(overlay: PhraseOverlay): OverlayRow[] {
  const rows: OverlayRow[] = [];
  for (const [list, phrases] of Object.entries(overlay.cues ?? {}))
    for (const phrase of phrases ?? []) rows.push({ section: 'cues', list, phrase, intensity: null });
  for (const [list, phrases] of Object.entries(overlay.behaviours ?? {}))
    for (const phrase of phrases ?? []) rows.push({ section: 'behaviours', list, phrase, intensity: null });
  for (const [list, phrases] of Object.entries(overlay.emotions ?? {}))
    for (const [phrase, intensity] of Object.entries(phrases ?? {}))
      rows.push({ section: 'emotions', list, phrase, intensity });
  for (const phrase of overlay.scripted ?? [])
    rows.push({ section: 'scripted', list: 'scripted', phrase, intensity: null });
  return rows;
}

type Lists = Record<string, unknown>;

/** The overlay with `row` added (`add`) or removed; emptied lists and sections are dropped. The server validates the result when it is saved. */
export function withRow(overlay: PhraseOverlay, row: OverlayRow, add: boolean): PhraseOverlay {
  const { [row.section]: current, ...others } = overlay;
  let next: unknown;
  if (row.section === 'scripted') {
    const rest = ((current ?? []) as string[]).filter((p) => p !== row.phrase);
    next = add ? [...rest, row.phrase] : rest;
  } else {
    const { [row.list]: list, ...otherLists } = (current ?? {}) as Lists;
    let updated: unknown;
    if (row.section === 'emotions') {
      const { [row.phrase]: _old, ...rest } = (list ?? {}) as Record<string, number>;
      updated = add ? { ...rest, [row.phrase]: row.intensity ?? 0.5 } : rest;
    } else {
      const rest = ((list ?? []) as string[]).filter((p) => p !== row.phrase);
      updated = add ? [...rest, row.phrase] : rest;
    }
    next = isEmpty(updated) ? otherLists : { ...otherLists, [row.list]: updated };
  }
  return isEmpty(next) ? others : { ...others, [row.section]: next };
}

const isEmpty = (value: unknown) =>
  Array.isArray(value) ? value.length === 0 : Object.keys(value as object).length === 0;

/** The overlay's table with a remove button per phrase, and a form that adds one. */
export function OverlayEditor({
  settings,
  overlay,
  onChange,
}: {
  settings: Settings;
  overlay: PhraseOverlay;
  onChange: (overlay: PhraseOverlay) => void;
}) {
  const LISTS: Record<OverlaySectionName, readonly string[]> = { ...settings.phraseLists, scripted: ['scripted'] };
  const [section, setSection] = useState<OverlaySectionName>('cues');
  const [list, setList] = useState<string>(LISTS.cues[0] ?? '');
  const [phrase, setPhrase] = useState('');
  const [intensity, setIntensity] = useState('0.6');
  const add = () => {
    if (!phrase.trim()) return;
    onChange(
      withRow(
        overlay,
        { section, list, phrase: phrase.trim(), intensity: section === 'emotions' ? Number(intensity) : null },
        true,
      ),
    );
    setPhrase('');
  };
  return (
    <OverlaySection settings={settings} overlay={overlay} onRemove={(row) => onChange(withRow(overlay, row, false))}>
      <fieldset className="overlay-add">
        <legend>
          Add a phrase (syntax: <code>(a|b)</code> either, <code>[a]</code> optional, <code>*</code> any word,{' '}
          <code>#num</code> a number)
        </legend>
        <label>
          Section
          <select
            name="overlaySection"
            value={section}
            onChange={(e) => {
              const s = e.target.value as OverlaySectionName;
              setSection(s);
              setList(LISTS[s][0]!);
            }}
          >
            {(Object.keys(LISTS) as OverlaySectionName[]).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          List
          <select
            name="overlayList"
            value={list}
            onChange={(e) => setList(e.target.value)}
            disabled={section === 'scripted'}
          >
            {LISTS[section].map((l) => (
              <option key={l} value={l}>
                {label(l)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Phrase
          <input
            name="overlayPhrase"
            value={phrase}
            maxLength={200}
            onChange={(e) => setPhrase(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                add();
              }
            }}
          />
        </label>
        {section === 'emotions' ? (
          <label>
            Intensity (0–1)
            <input
              name="overlayIntensity"
              type="number"
              min={0}
              max={1}
              step={0.05}
              value={intensity}
              onChange={(e) => setIntensity(e.target.value)}
            />
          </label>
        ) : null}
        <button type="button" onClick={add} disabled={!phrase.trim()}>
          Add phrase
        </button>
      </fieldset>
      <p className="muted">Added and removed phrases are kept when you save the settings.</p>
    </OverlaySection>
  );
}

/** The overlay's phrases as a table of text; with `onRemove`, each row has a button that removes it. */
export function OverlaySection({
  settings,
  overlay,
  onRemove,
  children,
}: {
  settings: Settings;
  overlay: PhraseOverlay;
  onRemove?: (row: OverlayRow) => void;
  children?: ReactNode;
}) {
  const rows = overlayRows(overlay);
  return (
    <section aria-labelledby="overlay-h" className="panel">
      <h2 id="overlay-h">Phrase-list overlay</h2>
      <p className="muted">
        Phrases added to the shipped detector lists (appended, never replacing them).{' '}
        {settings.phraseOverlayInEffect
          ? 'The running server analyses with this overlay.'
          : 'Saved, but the running server still analyses with the overlay it started with: it applies when the server next starts.'}
      </p>
      {rows.length ? (
        <div className="table-wrap">
          <table data-overlay>
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col">List</th>
                <th scope="col">Phrase</th>
                <th scope="col">Intensity</th>
                {onRemove ? <th scope="col">Remove</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.section}\u0000${r.list}\u0000${r.phrase}`}>
                  <td>{r.section}</td>
                  <td>{label(r.list)}</td>
                  <td className="phrase">{r.phrase}</td>
                  <td>{r.intensity ?? '–'}</td>
                  {onRemove ? (
                    <td>
                      <button
                        type="button"
                        className="link"
                        onClick={() => onRemove(r)}
                        aria-label={`Remove “${r.phrase}” from ${r.section} ${r.list}`}
                      >
                        Remove
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No phrases added: the detectors use the shipped lists.</p>
      )}
      {children}
    </section>
  );
}
