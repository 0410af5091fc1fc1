import { z } from 'zod';

/** An instant with its offset, e.g. `2026-03-02T07:30:00Z`. */
export const IsoTime = z.iso.datetime({ offset: true });
