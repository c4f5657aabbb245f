/**
 * Who can sign, as the signing dialogs and the plan editor offer it: seals
 * (used on behalf of an authorised person), verified people (their own
 * certificate), workspace keys, and keys on PKCS#11 tokens in registered
 * modules. The kinds have distinct id shapes (seal-…, person-…, 16 hex
 * digits, token:…), so one select holds them all. A token's certificates are
 * listed without the PIN, which is asked for only when signing.
 */
import { useTranslation } from 'react-i18next';
import type { Envelope } from '../../../../shared/contract';
import type { StepSigner } from '../../../../shared/contract/plans';
import type { SealSchema } from '../../../../shared/contract/seals';
import type { AppearanceSpec } from '../../../../shared/contract/signing';
import type { z } from 'zod';
import { affix, unwrap } from '../../api';
import { sealLabel, tokenKeyLabel } from '../../signer-labels';
import { usePersonNames } from '../../use-person-names';
import { useCall } from '../../use-call';
import { tokenSignerId, tokenSignerOf } from './token-key-id';

type Seal = z.infer<typeof SealSchema>;
type TokenKey = Omit<Extract<StepSigner, { kind: 'token' }>, 'kind'>;

/**
 * Every key a registered module's tokens show without a PIN, named by its
 * certificate's label (the signer finds the private key by the same label).
 * A module that cannot be loaded, or a token removed while it is listed, is
 * left out: Settings says why.
 */
async function listTokenKeys(): Promise<Envelope<TokenKey[]>> {
  const modules = await unwrap(affix().pkcs11.list({}));
  const tokens = modules.flatMap((m) =>
    m.error === null ? m.tokens.filter((t) => t.initialized && t.label).map((token) => ({ modulePath: m.path, token })) : [],
  );
  const perToken = await Promise.all(
    tokens.map(async ({ modulePath, token }) => {
      const objects = await affix().pkcs11.objects({ modulePath, slotId: token.slotId });
      const labels = objects.ok ? objects.value.certificates.map((c) => c.label).filter((l) => l.length > 0) : [];
      return [...new Set(labels)].map((keyLabel) => ({ modulePath, tokenLabel: token.label, keyLabel }));
    }),
  );
  return { ok: true, value: perToken.flat() };
}

export function useSigners() {
  const { t } = useTranslation();
  const keys = useCall(() => affix().keys.list({}));
  const seals = useCall(() => affix().seals.list({}));
  const people = usePersonNames();
  const persons = people.persons;
  const tokens = useCall(listTokenKeys);
  const sealList: Seal[] = seals.status === 'ok' ? seals.value : [];
  const keyList = keys.status === 'ok' ? keys.value : [];
  const tokenKeys = tokens.status === 'ok' ? tokens.value : [];
  const activePersons = people.active;
  const sealOf = (id: string | undefined) => sealList.find((s) => s.sealId === id);
  const tokenKeyName = (key: TokenKey): string => tokenKeyLabel(key, t('documents.sign.token'));
  /** Why a seal cannot sign now (shown beside it, and the seal not choosable), or ''. The main process refuses it anyway, with advice. */
  const outsideValidity = (s: Seal): string => {
    const now = new Date().toISOString();
    if (s.validUntil < now) return ` — ${t('documents.sign.sealExpired', { date: s.validUntil.slice(0, 10) })}`;
    if (s.validFrom > now) return ` — ${t('documents.sign.sealNotYetValid', { date: s.validFrom.slice(0, 10) })}`;
    return '';
  };

  const workspaceOptions = [
    {
      label: t('documents.sign.seals'),
      options: sealList
        .filter((s) => !s.certRevokedAt)
        .map((s) => ({ value: s.sealId, label: `${sealLabel(s)}${outsideValidity(s)}`, disabled: outsideValidity(s) !== '' })),
    },
    { label: t('documents.sign.persons'), options: activePersons.map((p) => ({ value: p.id, label: people.label(p) })) },
    { label: t('documents.sign.keys'), options: keyList.map((k) => ({ value: k.id, label: `${k.label} (${k.id})` })) },
  ];

  /** The above and token keys; `current` (a saved step's token key not present now) stays choosable and says so. */
  const options = (current?: string) => {
    const listed = tokenKeys.map((k) => ({ value: tokenSignerId(k), label: tokenKeyName(k) }));
    const absent = current ? tokenSignerOf(current) : null;
    if (absent && current && !listed.some((o) => o.value === current))
      listed.push({ value: current, label: `${tokenKeyName(absent)} — ${t('documents.sign.tokenAbsent')}` });
    return listed.length === 0 ? workspaceOptions : [...workspaceOptions, { label: t('documents.sign.tokens'), options: listed }];
  };

  /** People who may use a seal; the unauthorised ones are shown disabled with the reason (the main process would refuse them too). */
  const usersOf = (seal: Seal) =>
    activePersons.map((p) => {
      const authorised = seal.authorized.some((a) => a.personId === p.id);
      return { value: p.id, label: authorised ? people.label(p) : `${people.label(p)} — ${t('people.notAuthorised')}`, disabled: !authorised };
    });

  /** A one-line name for a step's signer, for lists and the timeline. */
  const describe = (signer: StepSigner): string => {
    switch (signer.kind) {
      case 'seal': {
        const seal = sealOf(signer.sealId);
        return `${seal ? sealLabel(seal) : signer.sealId} — ${people.nameOf(signer.asPersonId)}`;
      }
      case 'person':
        return people.nameOf(signer.personId);
      case 'key': {
        const key = keyList.find((k) => k.id === signer.keyId);
        return key ? `${key.label} (${key.id})` : signer.keyId;
      }
      case 'token':
        return tokenKeyName(signer);
    }
  };

  /** Nobody and nothing to sign with yet: the signer list points to 身份与印章. */
  const empty =
    [keys, seals, persons, tokens].every((c) => c.status !== 'loading') &&
    sealList.length === 0 &&
    activePersons.length === 0 &&
    keyList.length === 0 &&
    tokenKeys.length === 0;
  return { options, seals: sealList, sealOf, usersOf, describe, empty, loading: [keys, seals, persons, tokens].some((c) => c.status === 'loading') };
}

/** The appearance a signer suggests: a seal's organisation and name for a seal, a signature block for a person or a token key (usually a person's own). */
export function appearanceFor(seal: Seal | undefined): { appearance: 'seal' | 'person' | 'none'; orgName?: string } {
  // The seal is stamped from its record (the main process draws it so); only the organisation is sent, as the schema asks.
  if (seal) return { appearance: 'seal', orgName: seal.legalName.slice(0, 40) };
  // Visible by default: a signature block, which the signer may switch to invisible.
  return { appearance: 'person' };
}

/** The same suggestion as an appearance, as a signing order stores it. */
export function suggestedAppearance(seal: Seal | undefined): AppearanceSpec {
  const suggested = appearanceFor(seal);
  return suggested.appearance === 'seal' ? { kind: 'seal', orgName: suggested.orgName ?? '' } : { kind: suggested.appearance };
}
