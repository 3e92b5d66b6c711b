import { describe, expect, it } from 'vitest';
import { shortVillage } from './pairing';

describe('shortVillage', () => {
  it('names a village organization by its village, for the chart', () => {
    expect(shortVillage('中共厦门市同安区莲花镇上陵村支部委员会')).toBe('上陵村');
    expect(shortVillage('中共修水县义宁镇义宁第1村支部委员会')).toBe('义宁第1村');
    expect(shortVillage('中共厦门市同安区莲花镇军营村总支部委员会')).toBe('军营村');
  });
  it('keeps a name it cannot shorten', () => {
    expect(shortVillage('某某社区党委')).toBe('某某社区党委');
  });
});
