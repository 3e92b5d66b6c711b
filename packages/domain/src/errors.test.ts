import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from './errors.ts';

describe('DomainError', () => {
  it('carries a stable code, a Chinese message and the field that was wrong', () => {
    const error = new DomainError('dues.base', '党费计算基数无效', 'baseFen');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('dues.base');
    expect(error.message).toBe('党费计算基数无效');
    expect(error.field).toBe('baseFen');
  });

  it('leaves the field undefined when none is named', () => {
    expect(new DomainError('date.format', '日期无效').field).toBeUndefined();
  });

  it('is recognised by isDomainError, and other errors are not', () => {
    expect(isDomainError(new DomainError('x', 'y'))).toBe(true);
    expect(isDomainError(new Error('plain'))).toBe(false);
    expect(isDomainError('DomainError')).toBe(false);
  });
});
