import { isShortcutsKey } from './shortcut-key';

function key(key: string, target: EventTarget | null, modifiers: Partial<Record<'ctrlKey' | 'altKey' | 'metaKey', boolean>> = {}) {
  return { key, target, ctrlKey: false, altKey: false, metaKey: false, ...modifiers };
}

describe('isShortcutsKey', () => {
  it('takes ? on the board, a note or a button', () => {
    expect(isShortcutsKey(key('?', document.createElement('div')))).toBe(true);
    expect(isShortcutsKey(key('?', document.createElement('button')))).toBe(true);
    expect(isShortcutsKey(key('?', null))).toBe(true);
  });

  it('leaves ? to text fields, where it is a character', () => {
    expect(isShortcutsKey(key('?', document.createElement('textarea')))).toBe(false);
    expect(isShortcutsKey(key('?', document.createElement('input')))).toBe(false);
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    document.body.append(editable);
    expect(isShortcutsKey(key('?', editable))).toBe(false);
    editable.remove();
  });

  it('ignores other keys and ? with Ctrl, Alt or Meta', () => {
    expect(isShortcutsKey(key('/', document.body))).toBe(false);
    expect(isShortcutsKey(key('?', document.body, { ctrlKey: true }))).toBe(false);
    expect(isShortcutsKey(key('?', document.body, { metaKey: true }))).toBe(false);
  });
});
