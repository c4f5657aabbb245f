/** A person's own PIN over their signing key (issue #18; main/services/persons/person-pins.ts). */
import { z } from 'zod';
import { method } from './define';
import { PassphraseSchema, PersonIdSchema } from './identity';

export const personsContract = {
  changePin: method(
    z.object({ personId: PersonIdSchema, oldPin: z.string().min(1).max(1024), newPin: z.string().min(1).max(1024), passphrase: PassphraseSchema }).strict(),
    z.object({ serials: z.array(z.string()), ledgerIndex: z.number().int() }),
    "Change a person's own PIN (they give the old one); their keys are re-sealed. Anchored as person.pin-changed.",
  ),
} as const;
