import 'fake-indexeddb/auto';

import { beforeEach } from 'vitest';

import { setIndexedDb } from './app/offline/testing/fake-indexed-db';

// Spec files share one global scope here, so IndexedDB is off by default and a spec that wants
// one asks for it (useFakeIndexedDb): whether a store writes to IndexedDB must not depend on
// which spec file ran before. The IDB classes stay global for idb's instanceof checks.
beforeEach(() => setIndexedDb(undefined));
