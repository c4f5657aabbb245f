/**
 * Approvals and one's own secret (issue #18): seal-use approvals, the
 * custodians of personal data and a reveal under their approval, and a
 * person changing their PIN.
 */
import { useTranslation } from 'react-i18next';
import { Flex } from 'antd';
import { useState } from 'react';
import { affix } from '../../api';
import { personLabel } from '../../signer-labels';
import { useCall } from '../../use-call';
import { CustodiansCard } from './approvals/CustodiansCard';
import { PinChangeCard } from './approvals/PinChangeCard';
import { RevealCard } from './approvals/RevealCard';
import { SealApprovalsCard } from './approvals/SealApprovalsCard';

export function ApprovalsTab() {
  const { t } = useTranslation();
  const persons = useCall(() => affix().identity.list({}));
  // The reveal form asks for as many approvals as the custodians' rule needs: it re-reads the rule when it changes.
  const [custodiansVersion, setCustodiansVersion] = useState(0);
  const list = persons.status === 'ok' ? persons.value.filter((p) => !p.erasedAt) : [];
  const people = list.map((p) => ({ value: p.id, label: personLabel(p, t('people.tail'), t('people.unnamed')) }));
  const labelOf = (id: string) => {
    const p = list.find((x) => x.id === id);
    return p ? personLabel(p, t('people.tail'), t('people.unnamed')) : t('people.unnamed');
  };
  return (
    <Flex vertical gap={16}>
      <SealApprovalsCard people={people} labelOf={labelOf} />
      <CustodiansCard people={people} labelOf={labelOf} onSaved={() => setCustodiansVersion((v) => v + 1)} />
      <RevealCard key={custodiansVersion} people={people} />
      <PinChangeCard people={people} />
    </Flex>
  );
}
