import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Conversation } from '../../../src/core/schema/index.ts';
import { cannotRead } from '../../../src/io/cannot-read.ts';

/** Reads a data file, or says which one is missing. */
export function readData(dir: string, file: string): { ok: true; text: string } | { ok: false; error: string } {
  const path = join(dir, file);
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (err) {
    return {
      ok: false,
      error: cannotRead(path, err),
    };
  }
}

/** A stable half of a set, by a hash of the id: 0 or 1. */
export const halfOf = (id: string) => createHash('sha1').update(id).digest()[0]! & 1;

interface IbmTurn {
  message: string;
  agent?: string;
  client?: string;
}
interface IbmThread {
  dialogContent: IbmTurn[];
  agentURL: { url_utterance: string };
  dialogHeader: { sessionID: string; company: string };
}

/** The IBM customer-care threads as conversations: the thread's turns, then the agent's final reply with its link. */
export function ibmConversations(text: string): Conversation[] {
  const threads = JSON.parse(text) as IbmThread[];
  return threads.map((t) =>
    Conversation.parse({
      id: t.dialogHeader.sessionID,
      channel: 'social',
      agent: { id: t.dialogHeader.company },
      turns: [
        ...t.dialogContent.map((turn) => ({ role: turn.agent ? 'agent' : 'customer', text: turn.message })),
        { role: 'agent', text: t.agentURL.url_utterance },
      ],
    }),
  );
}

interface Stc3Dialogue {
  id: string;
  turns: { sender: string; utterances: string[] }[];
  annotations: { quality: { S: number; A: number }; nugget: string[] }[];
}

export interface Stc3Item {
  conversation: Conversation;
  satisfaction: number;
  nuggets: string[][];
}

/** STC-3 dialogues with the mean of the annotators' satisfaction (S, -2..2) and each annotator's nugget per turn. */
export function stc3Items(text: string): Stc3Item[] {
  const dialogues = JSON.parse(text) as Stc3Dialogue[];
  return dialogues.map((d) => ({
    conversation: Conversation.parse({
      id: String(d.id),
      channel: 'social',
      turns: d.turns.map((t) => ({
        role: t.sender === 'customer' ? 'customer' : 'agent',
        text: t.utterances.join(' '),
      })),
    }),
    satisfaction: d.annotations.reduce((s, a) => s + a.quality.S, 0) / d.annotations.length,
    nuggets: d.annotations.map((a) => a.nugget),
  }));
}

export interface AirlineTweet {
  id: string;
  label: 'negative' | 'neutral' | 'positive';
  text: string;
}

export function airlineTweets(text: string): AirlineTweet[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r) => ({ id: r.tweet_id!, label: r.airline_sentiment as AirlineTweet['label'], text: r.text! }));
}
