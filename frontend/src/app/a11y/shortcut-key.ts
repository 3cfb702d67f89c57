/** `?` typed outside a text field, with no Ctrl/Alt/Meta: the key that opens the shortcuts. */
export function isShortcutsKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'altKey' | 'metaKey' | 'target'>): boolean {
  return event.key === '?' && !event.ctrlKey && !event.altKey && !event.metaKey && !isTextField(event.target);
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return target.isContentEditable || target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}
