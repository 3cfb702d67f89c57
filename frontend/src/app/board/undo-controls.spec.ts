import { describe, expect, it } from 'vitest';

import { undoKey } from './undo-controls';

const key = (key: string, modifiers: { ctrl?: boolean; meta?: boolean; shift?: boolean; alt?: boolean } = {}) => ({
  key,
  ctrlKey: modifiers.ctrl ?? false,
  metaKey: modifiers.meta ?? false,
  shiftKey: modifiers.shift ?? false,
  altKey: modifiers.alt ?? false,
});

describe('undo keys', () => {
  it('undoes with Ctrl+Z or Cmd+Z and redoes with Shift+Ctrl/Cmd+Z or Ctrl+Y', () => {
    expect(undoKey(key('z', { ctrl: true }))).toBe('undo');
    expect(undoKey(key('z', { meta: true }))).toBe('undo');
    expect(undoKey(key('Z', { ctrl: true, shift: true }))).toBe('redo');
    expect(undoKey(key('Z', { meta: true, shift: true }))).toBe('redo');
    expect(undoKey(key('y', { ctrl: true }))).toBe('redo');
  });

  it('leaves other keys alone', () => {
    expect(undoKey(key('z'))).toBeNull();
    expect(undoKey(key('z', { ctrl: true, alt: true }))).toBeNull();
    expect(undoKey(key('y', { meta: true }))).toBeNull();
    expect(undoKey(key('a', { ctrl: true }))).toBeNull();
  });
});
