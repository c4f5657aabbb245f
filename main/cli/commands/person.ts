/**
 * A person's own PIN over their signing key (services/domain/persons): changing it
 * (the person gives the old PIN) and resetting it (a new key and certificate,
 * the old certificates revoked). Both are anchored on the ledger.
 */
import { PersonPins } from '../../services/usecases/pins/person-pins';
import { defineCommand, optionalInt, requireString } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';
import { passphraseOption, workspacePassphrase } from './workspace-passphrase';

const resetOptions = {
  org: { type: 'string', description: 'the organisation issuing the new certificate', valueName: 'ORG_ID' },
  'pin-env': { type: 'string', description: 'environment variable holding the new PIN the person chooses (at least 6 characters)', valueName: 'VAR' },
  days: { type: 'string', description: 'validity of the new certificate in days (default 730)', valueName: 'N' },
  ...passphraseOption,
} as const;

const reset = (name: string, summary: string) =>
  defineCommand({
    name,
    summary,
    usage: 'PERSON_ID --org ORG_ID --pin-env VAR [--days N]',
    positionals: { min: 1, max: 1, names: 'PERSON_ID' },
    options: resetOptions,
    details: 'Every unrevoked certificate of the person is revoked (superseded); the new key is sealed under the new PIN. Anchored as person.pin-reset.',
    run: async (ctx, args) => {
      const personId = args.positionals[0];
      const passphrase = workspacePassphrase(ctx, args);
      const newPin = secretFromEnv(ctx, args, 'pin-env', `new PIN of ${personId}`);
      const result = await new PersonPins(ctx.services()).resetPin({
        personId,
        orgId: requireString(args, 'org'),
        newPin,
        passphrase,
        days: optionalInt(args, 'days', 1),
      });
      ctx.print(result, () =>
        [
          `New key and certificate ${result.certificate.serial} for ${personId}, sealed under their new PIN (ledger entry ${result.ledgerIndex})`,
          ...(result.revoked.length > 0 ? [`  revoked (superseded): ${result.revoked.join(', ')}`] : []),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  });

export const personCommands = [
  defineCommand({
    name: 'person change-pin',
    summary: "Change a person's own PIN (they give the old one); their keys are re-sealed.",
    usage: 'PERSON_ID --old-pin-env VAR --new-pin-env VAR',
    positionals: { min: 1, max: 1, names: 'PERSON_ID' },
    options: {
      'old-pin-env': { type: 'string', description: 'environment variable holding the current PIN', valueName: 'VAR' },
      'new-pin-env': { type: 'string', description: 'environment variable holding the new PIN (at least 6 characters)', valueName: 'VAR' },
      ...passphraseOption,
    },
    details: 'Exit status 2 for a wrong old PIN or a weak new one; nothing changes then. Anchored as person.pin-changed.',
    run: (ctx, args) => {
      const personId = args.positionals[0];
      const result = new PersonPins(ctx.services()).changePin({
        personId,
        passphrase: workspacePassphrase(ctx, args),
        oldPin: secretFromEnv(ctx, args, 'old-pin-env', `current PIN of ${personId}`),
        newPin: secretFromEnv(ctx, args, 'new-pin-env', `new PIN of ${personId}`),
      });
      ctx.print(result, () => `PIN of ${personId} changed; re-sealed the keys of ${result.serials.join(', ')} (ledger entry ${result.ledgerIndex})`);
      return EXIT.OK;
    },
  }),
  reset('person reset-pin', 'Reset a forgotten PIN: a new key and certificate under a new PIN; the old certificates are revoked.'),
  reset('person set-pin', 'Give a person whose key predates PINs a PIN: same as reset-pin (their old key, which the operator could use, is retired).'),
];
