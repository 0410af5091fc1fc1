import type { Analysis, Conversation } from '../core/schema/index.ts';
import type {
  Agreement,
  CalibrationReport,
  ConversationRow,
  GroupBy,
  KeyRole,
  MetricsResult,
  MomentRow,
  Review,
  Settings,
  SettingsInput,
} from '../api/index.ts';

/** The dashboard's only way to the data: the HTTP API, with the signed-in key as a bearer token. */

export interface Me {
  name: string;
  role: KeyRole;
  teams: string[];
  agentId: string | null;
}
export type { Agreement, CalibrationReport, MetricsResult, Settings, SettingsInput };
export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}
export interface ConversationDetail {
  row: ConversationRow;
  conversation: Conversation | null;
  analysis: Analysis;
}
export type ReviewBody = Pick<Review, 'conversationId' | 'empathy' | 'customerFeeling' | 'responded' | 'note'>;

/** An expected failure is a value: the status and the API's own message. */
export type Result<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

export type Query = Record<string, string | number | boolean | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(name, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export class Api {
  constructor(private readonly key: string) {}

  async request<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<Result<T>> {
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      return { ok: false, status: 0, message: `the server could not be reached (${(error as Error).message})` };
    }
    const payload = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    if (!response.ok)
      return { ok: false, status: response.status, message: payload?.error?.message ?? `HTTP ${response.status}` };
    return { ok: true, data: payload as T };
  }

  get<T>(path: string, query?: Query): Promise<Result<T>> {
    return this.request<T>('GET', withQuery(path, query));
  }

  me = () => this.get<Me>('/v1/me');
  metrics = (groupBy: GroupBy, range: Query = {}) => this.get<MetricsResult>('/v1/metrics', { groupBy, ...range });
  conversations = (query: Query) => this.get<PageOf<ConversationRow>>('/v1/conversations', query);
  conversation = (id: string) => this.get<ConversationDetail>(`/v1/conversations/${encodeURIComponent(id)}`);
  moments = (query: Query) => this.get<PageOf<MomentRow>>('/v1/moments', query);
  calibration = () => this.get<CalibrationReport>('/v1/calibration');
  review = (body: ReviewBody) => this.request<Review>('POST', '/v1/reviews', body);
  settings = () => this.get<Settings>('/v1/settings');
  saveSettings = (body: SettingsInput) => this.request<Settings>('PUT', '/v1/settings', body);

  /** A live session socket: browsers cannot set headers on a WebSocket, so the key goes as the `attune.key.<key>` subprotocol beside `attune.v1`. */
  live(): WebSocket {
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    return new WebSocket(`${scheme}://${window.location.host}/v1/live`, ['attune.v1', `attune.key.${this.key}`]);
  }
}
