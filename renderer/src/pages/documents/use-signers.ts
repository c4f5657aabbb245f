/**
 * Who can sign, as the signing dialogs offer it: seals (used on behalf of an
 * authorised person), verified people (their own certificate) and workspace
 * keys. The three kinds have distinct id shapes (seal-…, person-…, 16 hex
 * digits), so one select holds them all.
 */
import { useTranslation } from 'react-i18next';
import type { StepSigner } from '../../../../shared/contract/plans';
import type { SealSchema } from '../../../../shared/contract/seals';
import type { z } from 'zod';
import { affix } from '../../api';
import { personLabel, sealLabel } from '../../signer-labels';
import { useCall } from '../../use-call';

type Seal = z.infer<typeof SealSchema>;

export function useSigners() {
  const { t } = useTranslation();
  const keys = useCall(() => affix().keys.list({}));
  const seals = useCall(() => affix().seals.list({}));
  const persons = useCall(() => affix().identity.list({}));
  const sealList: Seal[] = seals.status === 'ok' ? seals.value : [];
  const keyList = keys.status === 'ok' ? keys.value : [];
  const activePersons = persons.status === 'ok' ? persons.value.filter((p) => !p.erasedAt && p.verification) : [];
  const sealOf = (id: string | undefined) => sealList.find((s) => s.sealId === id);

  const options = [
    {
      label: t('documents.sign.seals'),
      options: sealList.filter((s) => !s.certRevokedAt).map((s) => ({ value: s.sealId, label: sealLabel(s) })),
    },
    { label: t('documents.sign.persons'), options: activePersons.map((p) => ({ value: p.id, label: personLabel(p) })) },
    { label: t('documents.sign.keys'), options: keyList.map((k) => ({ value: k.id, label: `${k.label} (${k.id})` })) },
  ];

  /** People who may use a seal, the unauthorised ones marked (choosing one is refused by the main process, with the reason). */
  const usersOf = (seal: Seal) =>
    activePersons.map((p) => ({
      value: p.id,
      label: `${personLabel(p)}${seal.authorized.some((a) => a.personId === p.id) ? '' : ` — ${t('documents.sign.notAuthorised')}`}`,
    }));

  /** A one-line name for a step's signer, for lists and the timeline. */
  const describe = (signer: StepSigner): string => {
    if (signer.kind === 'seal') {
      const seal = sealOf(signer.sealId);
      return `${seal ? sealLabel(seal) : signer.sealId} — ${signer.asPersonId.slice(0, 15)}…`;
    }
    if (signer.kind === 'person') return personLabel(activePersons.find((p) => p.id === signer.personId) ?? { id: signer.personId, verification: null });
    const key = keyList.find((k) => k.id === signer.keyId);
    return key ? `${key.label} (${key.id})` : signer.keyId;
  };

  return { options, sealOf, usersOf, describe, loading: [keys, seals, persons].some((c) => c.status === 'loading') };
}

/** The appearance a signer suggests: a seal's organisation and name for a seal, a signature block for a person. */
export function appearanceFor(id: string, seal: Seal | undefined): { appearance: 'seal' | 'person' | 'none'; orgName?: string; sealText?: string } {
  if (seal) return { appearance: 'seal', orgName: seal.legalName.slice(0, 40), sealText: seal.name.slice(0, 20) };
  return { appearance: id.startsWith('person-') ? 'person' : 'none' };
}
