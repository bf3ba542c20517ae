import { describe, expect, it } from 'vitest';
import { describeArguments, describeBinding, describeKeys } from './bindingLabel';

describe('binding labels', () => {
  it('shows the binding keys of direct and topic exchanges, the empty key as ""', () => {
    expect(describeBinding('topic', { bindingKeys: ['*.orange.*', 'lazy.#'] })).toBe('*.orange.*, lazy.#');
    expect(describeBinding('direct', {})).toBe('""');
    expect(describeKeys(['', 'error'])).toBe('"", error');
  });

  it('says fanout for a fanout exchange, whatever the keys', () => {
    expect(describeBinding('fanout', { bindingKeys: ['ignored'] })).toBe('fanout');
  });

  it('shows the x-match rule and the header values of a headers binding', () => {
    expect(describeBinding('headers', { arguments: { 'x-match': 'any', format: 'pdf', size: 3, urgent: null } })).toBe(
      'x-match=any: format=pdf, size=3, urgent present',
    );
    expect(describeArguments({ format: 'pdf' })).toBe('x-match=all: format=pdf');
    expect(describeArguments(undefined)).toBe('x-match=all: every message');
    expect(describeArguments({ 'x-match': 'any' })).toBe('x-match=any: no message');
  });

  it('has no label on edges that do not leave an exchange', () => {
    expect(describeBinding(undefined, {})).toBeNull();
  });
});
