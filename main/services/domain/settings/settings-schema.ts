import type { ModuleSchema } from '../../core/store/migrations';

/** Settings kept in the workspace beyond the `meta` pairs: the PKCS#11 module libraries the user registered. */
export const settingsSchema: ModuleSchema = {
  module: 'settings',
  migrations: [
    {
      version: 1,
      name: 'PKCS#11 module libraries',
      up: (db) => db.exec('CREATE TABLE pkcs11_modules (path TEXT PRIMARY KEY, added_at TEXT NOT NULL) STRICT;'),
    },
  ],
};
