import type { ReaderContext } from './context.ts';
import { finishConversation, isOptOut, reject, toIsoTime } from './finish.ts';
import type { InputRecord, Source } from './record.ts';
import { isObject } from './transcribe.ts';

/** A Zendesk export value: { ticket, comments }, { tickets: [...] } with comments inside each, or a ticket with comments. */
export function isZendesk(value: unknown): boolean {
  if (!isObject(value)) return false;
  return (
    isObject(value.ticket) || Array.isArray(value.tickets) || (Array.isArray(value.comments) && 'requester_id' in value)
  );
}

const CHANNEL_BY_VIA: Record<string, string> = {
  email: 'email',
  mail: 'email',
  chat: 'chat',
  native_messaging: 'messaging',
  voice: 'voice',
  phone: 'voice',
  twitter: 'social',
  facebook: 'social',
  web: 'ticket',
  api: 'ticket',
};

/** Maps Zendesk tickets: public comments become turns (requester = customer, other authors = agent); internal notes go to metadata.internalNotes. */
export function fromZendesk(value: unknown, raw: string, source: Source, context: ReaderContext): InputRecord[] {
  if (!isObject(value)) return [reject(raw, source, '', 'expected a Zendesk ticket object')];
  const users = userRoles(value.users);
  if (Array.isArray(value.tickets)) {
    return value.tickets.map((ticket, i) => {
      const itemSource = i === 0 ? source : { ...source, index: context.nextIndex() };
      return ticketToRecord(
        ticket,
        isObject(ticket) ? ticket.comments : undefined,
        JSON.stringify(ticket) ?? '',
        itemSource,
        context,
        users,
        `tickets.${i}`,
      );
    });
  }
  if (isObject(value.ticket))
    return [
      ticketToRecord(value.ticket, value.comments ?? value.ticket.comments, raw, source, context, users, 'ticket'),
    ];
  return [ticketToRecord(value, value.comments, raw, source, context, users, '')];
}

function userRoles(users: unknown): Map<string, string> {
  const roles = new Map<string, string>();
  if (Array.isArray(users))
    for (const u of users)
      if (isObject(u) && u.id !== undefined && typeof u.role === 'string') roles.set(String(u.id), u.role);
  return roles;
}

function ticketToRecord(
  ticket: unknown,
  comments: unknown,
  raw: string,
  source: Source,
  context: ReaderContext,
  users: Map<string, string>,
  path: string,
): InputRecord {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (!isObject(ticket)) return reject(raw, source, path, 'expected a ticket object');
  if (ticket.id === undefined) return reject(raw, source, at('id'), 'ticket has no id');
  if (!Array.isArray(comments))
    return reject(
      raw,
      source,
      'comments',
      'ticket has no comments array (export them with the ticket comments endpoint)',
    );
  const requester = ticket.requester_id === undefined ? undefined : String(ticket.requester_id);
  const turns: unknown[] = [];
  const internalNotes: unknown[] = [];
  for (const [i, comment] of comments.entries()) {
    if (!isObject(comment)) return reject(raw, source, `comments.${i}`, 'expected a comment object');
    const text = comment.plain_body ?? comment.body;
    if (typeof text !== 'string') return reject(raw, source, `comments.${i}.body`, 'comment has no text body');
    const author = String(comment.author_id ?? '');
    const time = toIsoTime(comment.created_at);
    if (comment.public === false) {
      internalNotes.push({ author: author, ...(time ? { at: time } : {}), text });
      continue;
    }
    const userRole = users.get(author);
    const role = userRole
      ? userRole === 'end-user'
        ? 'customer'
        : 'agent'
      : author === requester
        ? 'customer'
        : 'agent';
    turns.push({ role, text, ...(time ? { at: time } : {}), metadata: { commentId: comment.id, author } });
  }
  const via =
    isObject(ticket.via) && typeof ticket.via.channel === 'string' ? CHANNEL_BY_VIA[ticket.via.channel] : undefined;
  const tags = Array.isArray(ticket.tags) ? ticket.tags.map(String) : [];
  const optedOut = isOptOut(ticket[context.options.optOutField]) || tags.includes(context.options.optOutField);
  const startedAt = toIsoTime(ticket.created_at);
  const metadata: Record<string, unknown> = { source: 'zendesk' };
  for (const key of ['subject', 'status', 'priority', 'type'])
    if (ticket[key] !== undefined) metadata[key] = ticket[key];
  if (tags.length > 0) metadata.tags = tags;
  if (internalNotes.length > 0) metadata.internalNotes = internalNotes;
  return finishConversation(
    {
      id: String(ticket.id),
      channel: via ?? context.options.channel ?? 'ticket',
      ...(startedAt ? { startedAt } : {}),
      ...(requester ? { customer: { id: requester } } : {}),
      ...(ticket.assignee_id != null
        ? {
            agent: {
              id: String(ticket.assignee_id),
              ...(ticket.group_id != null ? { team: String(ticket.group_id) } : {}),
            },
          }
        : {}),
      ...(optedOut ? { consent: { analysis: false } } : {}),
      metadata,
      turns,
    },
    raw,
    source,
    context.options.limits,
  );
}
