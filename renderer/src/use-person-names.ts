import { useTranslation } from 'react-i18next';
import type { PersonSummary } from '../../shared/contract/identity';
import { affix } from './api';
import { personLabel } from './signer-labels';
import { useCall } from './use-call';

/**
 * The workspace's people and how to name each one (masked name and document
 * tail), for pickers and lists; `nameOf` also names a person known only by id.
 */
export function usePersonNames() {
  const { t } = useTranslation();
  const persons = useCall(() => affix().identity.list({}));
  const list: PersonSummary[] = persons.status === 'ok' ? persons.value : [];
  const label = (p: Pick<PersonSummary, 'id' | 'display'>) => personLabel(p, t('people.tail'), t('people.unnamed'));
  const nameOf = (personId: string) => label(list.find((p) => p.id === personId) ?? { id: personId, display: null });
  /** Verified people who are not erased: the ones who may sign or be authorised. */
  const active = list.filter((p) => !p.erasedAt && p.verification);
  return { persons, active, label, nameOf };
}
