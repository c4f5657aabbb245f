/**
 * One entry in full: its leaf hash, what it concerns (named where the
 * workspace knows it), its references in words, and an inclusion proof
 * against the latest signed checkpoint on request.
 */
import { Button, Descriptions, Flex, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerEntryView } from '../../../../shared/contract/ledger';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { refKeyWords } from './entry-words';
import { Mono, short } from './Mono';

type ProofState = { status: 'idle' } | { status: 'loading' } | { status: 'ok'; proof: string; size: number } | { status: 'error'; error: AffixCallError };

export function EntryDetail({ entry }: { entry: LedgerEntryView }) {
  const { t } = useTranslation();
  const [proof, setProof] = useState<ProofState>({ status: 'idle' });
  const prove = async () => {
    setProof({ status: 'loading' });
    try {
      const p = await unwrap(affix().ledger.prove({ index: entry.index }));
      setProof({ status: 'ok', proof: p.proof, size: p.size });
    } catch (e) {
      setProof({ status: 'error', error: asCallError(e) });
    }
  };
  const refWords = refKeyWords(t);
  return (
    <Flex vertical gap={8} data-testid={`ledger-entry-${entry.index}`}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('ledger.entries.leafHash')}>
          <Mono copy>{entry.leafHash}</Mono>
        </Descriptions.Item>
        {entry.subjects.map((s, i) => (
          <Descriptions.Item key={s} label={t('ledger.entries.subjectN', { n: i + 1 })}>
            <Flex vertical>
              {entry.names?.subjects[s] && <span data-testid={`ledger-entry-${entry.index}-subject-name`}>{entry.names.subjects[s]}</span>}
              <Mono copy>{s}</Mono>
            </Flex>
          </Descriptions.Item>
        ))}
        {entry.commitments.length > 0 && (
          <Descriptions.Item label={t('ledger.entries.commitments')}>
            <Typography.Text className="affix-mono">{entry.commitments.map((c) => short(c)).join(', ')}</Typography.Text>
          </Descriptions.Item>
        )}
        {entry.actorKeyId && (
          <Descriptions.Item label={t('ledger.entries.actor')}>
            <Mono>{entry.actorKeyId}</Mono>
          </Descriptions.Item>
        )}
        {Object.entries(entry.refs).map(([key, value]) => {
          const name = entry.names?.refs[key];
          return (
            <Descriptions.Item key={key} label={refWords[key] ?? t('ledger.refs.other', { key })}>
              <span data-testid={`ledger-entry-${entry.index}-ref-${key}`}>{name ?? <Mono>{value}</Mono>}</span>
            </Descriptions.Item>
          );
        })}
      </Descriptions>
      <div>
        <Button size="small" onClick={() => void prove()} loading={proof.status === 'loading'} data-testid={`ledger-prove-${entry.index}`}>
          {t('ledger.entries.prove')}
        </Button>
      </div>
      {proof.status === 'error' && <ErrorAlert error={proof.error} />}
      {proof.status === 'ok' && (
        <>
          <Typography.Text type="secondary">{t('ledger.entries.proofAgainst', { size: proof.size })}</Typography.Text>
          <Typography.Paragraph copyable={{ text: proof.proof }} style={{ marginBottom: 0 }}>
            <pre className="affix-mono" data-testid={`ledger-proof-${entry.index}`} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }}>
              {proof.proof}
            </pre>
          </Typography.Paragraph>
        </>
      )}
    </Flex>
  );
}
