import { describe, expect, it } from 'vitest';
import {
  checkMobileCard,
  isLetterExpired,
  letterValidUntil,
  nextTransferState,
  OPEN_TRANSFER_STATES,
} from './transfers.ts';

describe('M4: transfer letters expire and the receipt closes the transfer', () => {
  it('is valid 3 calendar months by default, through the last day', () => {
    expect(letterValidUntil('2026-01-31')).toBe('2026-04-30');
    expect(letterValidUntil('2026-03-15', 1)).toBe('2026-04-15');
    expect(isLetterExpired('2026-04-30', '2026-04-30')).toBe(false);
    expect(isLetterExpired('2026-04-30', '2026-05-01')).toBe(true);
  });

  it('moves internal transfers pending → accepted → completed, and only a receipt completes them', () => {
    expect(nextTransferState('internal', 'pending', 'accept')).toBe('accepted');
    expect(nextTransferState('internal', 'pending', 'receipt')).toBeUndefined();
    expect(nextTransferState('internal', 'accepted', 'receipt')).toBe('completed');
    expect(nextTransferState('internal', 'accepted', 'expire')).toBeUndefined();
    expect(nextTransferState('internal', 'pending', 'return')).toBe('returned');
    expect(nextTransferState('internal', 'pending', 'expire')).toBe('expired');
    expect(nextTransferState('internal', 'returned', 'accept')).toBeUndefined();
    expect(nextTransferState('internal', 'completed', 'cancel')).toBeUndefined();
  });

  it('completes a transfer out of the system with its paper receipt; an inbound one starts accepted', () => {
    expect(nextTransferState('out', 'pending', 'accept')).toBeUndefined();
    expect(nextTransferState('out', 'pending', 'receipt')).toBe('completed');
    expect(nextTransferState('out', 'pending', 'expire')).toBe('expired');
    expect(nextTransferState('in', 'accepted', 'receipt')).toBe('completed');
    expect(OPEN_TRANSFER_STATES).toEqual(['pending', 'accepted']);
  });
});

describe('M3: a mobile-member card is for absences under 6 months', () => {
  it('accepts 6 months less a day and refuses 6 months', () => {
    expect(checkMobileCard('2026-03-01', '2026-08-31')).toEqual([]);
    const refused = checkMobileCard('2026-03-01', '2026-09-01');
    expect(refused[0]).toMatchObject({ rule: 'M3', field: 'until', article: '[?]' });
    expect(refused[0]!.message).toContain('应转接组织关系');
    expect(checkMobileCard('2026-03-01', '2026-02-01')[0]!.rule).toBe('M3');
  });
});
