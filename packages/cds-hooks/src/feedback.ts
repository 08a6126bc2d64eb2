// The feedback endpoint's log: one JSON line per feedback item, appended and flushed to
// disk before the call is answered, so that it survives a crash or restart. Never rewritten.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { isObject } from './json.js';
import type { Checked } from './request.js';

export interface FeedbackItem {
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly outcomeTimestamp: string;
  readonly acceptedSuggestions?: readonly { readonly id: string }[];
  readonly overrideReason?: { readonly reason?: unknown; readonly userComment?: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function checkFeedback(body: unknown): Checked<FeedbackItem[]> {
  const bad = (field: string, message: string): Checked<FeedbackItem[]> => ({ ok: false, field, message });
  if (!isObject(body) || !Array.isArray(body.feedback) || body.feedback.length === 0) return bad('feedback', 'feedback must be a non-empty list');
  if (body.feedback.length > 1000) return bad('feedback', 'at most 1000 feedback items per call');
  const items: FeedbackItem[] = [];
  for (const [i, f] of body.feedback.entries()) {
    const at = `feedback[${i}]`;
    if (!isObject(f)) return bad(at, 'a feedback item is an object');
    if (typeof f.card !== 'string' || !UUID.test(f.card)) return bad(`${at}.card`, 'card must be the uuid of a card');
    if (f.outcome !== 'accepted' && f.outcome !== 'overridden') return bad(`${at}.outcome`, 'outcome is accepted or overridden');
    if (typeof f.outcomeTimestamp !== 'string' || Number.isNaN(Date.parse(f.outcomeTimestamp))) return bad(`${at}.outcomeTimestamp`, 'outcomeTimestamp must be an ISO 8601 instant');
    if (f.acceptedSuggestions !== undefined && (!Array.isArray(f.acceptedSuggestions) || !f.acceptedSuggestions.every((s) => isObject(s) && typeof s.id === 'string'))) {
      return bad(`${at}.acceptedSuggestions`, 'acceptedSuggestions is a list of { id }');
    }
    if (f.overrideReason !== undefined && !isObject(f.overrideReason)) return bad(`${at}.overrideReason`, 'overrideReason must be an object');
    if (f.outcome === 'accepted' && f.overrideReason !== undefined) return bad(`${at}.overrideReason`, 'an accepted card has no overrideReason');
    items.push({
      card: f.card,
      outcome: f.outcome,
      outcomeTimestamp: f.outcomeTimestamp,
      ...(f.acceptedSuggestions !== undefined ? { acceptedSuggestions: (f.acceptedSuggestions as { id: string }[]).map((s) => ({ id: s.id })) } : {}),
      ...(isObject(f.overrideReason) ? { overrideReason: { reason: f.overrideReason.reason, ...(typeof f.overrideReason.userComment === 'string' ? { userComment: f.overrideReason.userComment.slice(0, 4000) } : {}) } } : {}),
    });
  }
  return { ok: true, value: items };
}

export class FeedbackLog {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Appends and flushes; resolves only once the lines are on disk. */
  append(service: string, items: readonly FeedbackItem[], receivedAt: string): void {
    const text = items.map((item) => JSON.stringify({ receivedAt, service, ...item })).join('\n') + '\n';
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}
