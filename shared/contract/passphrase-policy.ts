/**
 * The shortest new workspace passphrase: the same floor as a workspace key's
 * passphrase (keys.create), since the new one will protect those keys. Kept
 * apart from the zod schemas so the window can check it as the user types
 * without bundling zod.
 */
export const NEW_PASSPHRASE_MIN = 8;
