import { describe, expect, it } from 'vitest';
import { formatTourTime, splitParagraphs } from './tourText';

describe('splitParagraphs', () => {
  it('splits on blank lines and keeps single line breaks inside a paragraph', () => {
    expect(splitParagraphs('One.\nStill one.\n\nTwo.\r\n  \r\nThree.\n\n\n')).toEqual([
      'One.\nStill one.',
      'Two.',
      'Three.',
    ]);
  });

  it('keeps markup as literal text', () => {
    expect(splitParagraphs('<img src=x onerror=alert(1)>')).toEqual(['<img src=x onerror=alert(1)>']);
  });
});

describe('formatTourTime', () => {
  it('writes whole seconds without decimals', () => {
    expect(formatTourTime(12_000)).toBe('12 s');
    expect(formatTourTime(2500)).toBe('2.5 s');
    expect(formatTourTime(90_000)).toBe('1 min 30 s');
    expect(formatTourTime(120_000)).toBe('2 min');
  });
});
