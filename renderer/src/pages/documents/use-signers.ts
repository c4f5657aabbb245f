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
import { personLabel, sealLabel, tokenKeyLabel } from '../../signer-labels';
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
  const tokens = modules.flatMap((m) => (m.error === null ? m.tokens.filter((t) => t.initialized && t.label).map((token) => ({ modulePath: m.path, token })) : []));
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
  const persons = useCall(() => affix().identity.list({}));
  const tokens = useCall(listTokenKeys);
  const sealList: Seal[] = seals.status === 'ok' ? seals.value : [];
  const keyList = keys.status === 'ok' ? keys.value : [];
  const tokenKeys = tokens.status === 'ok' ? tokens.value : [];
  const activePersons = persons.status === 'ok' ? persons.value.filter((p) => !p.erasedAt && p.verification) : [];
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
      options: sealList.filter((s) => !s.certRevokedAt).map((s) => ({ value: s.sealId, label: `${sealLabel(s)}${outsideValidity(s)}`, disabled: outsideValidity(s) !== '' })),
    },
    { label: t('documents.sign.persons'), options: activePersons.map((p) => ({ value: p.id, label: personLabel(p) })) },
    { label: t('documents.sign.keys'), options: keyList.map((k) => ({ value: k.id, label: `${k.label} (${k.id})` })) },
  ];

  /** The above and token keys; `current` (a saved step's token key not present now) stays choosable and says so. */
  const options = (current?: string) => {
    const listed = tokenKeys.map((k) => ({ value: tokenSignerId(k), label: tokenKeyName(k) }));
    const absent = current ? tokenSignerOf(current) : null;
    if (absent && current && !listed.some((o) => o.value === current)) listed.push({ value: current, label: `${tokenKeyName(absent)} — ${t('documents.sign.tokenAbsent')}` });
    return listed.length === 0 ? workspaceOptions : [...workspaceOptions, { label: t('documents.sign.tokens'), options: listed }];
  };

  /** People who may use a seal, the unauthorised ones marked (choosing one is refused by the main process, with the reason). */
  const usersOf = (seal: Seal) =>
    activePersons.map((p) => ({
      value: p.id,
      label: `${personLabel(p)}${seal.authorized.some((a) => a.personId === p.id) ? '' : ` — ${t('documents.sign.notAuthorised')}`}`,
    }));

  /** A one-line name for a step's signer, for lists and the timeline. */
  const describe = (signer: StepSigner): string => {
    switch (signer.kind) {
      case 'seal': {
        const seal = sealOf(signer.sealId);
        return `${seal ? sealLabel(seal) : signer.sealId} — ${signer.asPersonId.slice(0, 15)}…`;
      }
      case 'person':
        return personLabel(activePersons.find((p) => p.id === signer.personId) ?? { id: signer.personId, verification: null });
      case 'key': {
        const key = keyList.find((k) => k.id === signer.keyId);
        return key ? `${key.label} (${key.id})` : signer.keyId;
      }
      case 'token':
        return tokenKeyName(signer);
    }
  };

  return { options, sealOf, usersOf, describe, loading: [keys, seals, persons, tokens].some((c) => c.status === 'loading') };
}

/** The appearance a signer suggests: a seal's organisation and name for a seal, a signature block for a person or a token key (usually a person's own). */
export function appearanceFor(id: string, seal: Seal | undefined): { appearance: 'seal' | 'person' | 'none'; orgName?: string; sealText?: string } {
  if (seal) return { appearance: 'seal', orgName: seal.legalName.slice(0, 40), sealText: seal.name.slice(0, 20) };
  return { appearance: id.startsWith('person-') || tokenSignerOf(id) ? 'person' : 'none' };
}

/** The same suggestion as an appearance, as a signing order stores it. */
export function suggestedAppearance(id: string, seal: Seal | undefined): AppearanceSpec {
  const suggested = appearanceFor(id, seal);
  return suggested.appearance === 'seal' ? { kind: 'seal', orgName: suggested.orgName ?? '', ...(suggested.sealText ? { sealText: suggested.sealText } : {}) } : { kind: suggested.appearance };
}
