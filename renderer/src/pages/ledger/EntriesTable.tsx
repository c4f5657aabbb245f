/**
 * The ledger's entries, newest first, in words: what happened (使用印章), when,
 * and what it concerns — a document by its name where the workspace knows it,
 * else the digest the ledger holds. Each row expands to the entry's detail.
 */
import { Flex, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerEntryView } from '../../../../shared/contract/ledger';
import { affix } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime, formatNumber } from '../../format';
import { useLanguage } from '../../language';
import { useCall } from '../../use-call';
import { EntryDetail } from './EntryDetail';
import { entryTypeWord, entryTypeWords } from './entry-words';
import { Mono, short } from './Mono';

const PAGE_SIZE = 20;

/** Subjects with their names, each name once (two versions of one document are one name in the row; the detail lists both). */
function namedOnce(subjects: string[], names: Record<string, string> | undefined): { sha: string; name?: string }[] {
  const seen = new Set<string>();
  return subjects.flatMap((sha) => {
    const name = names?.[sha];
    if (name === undefined) return [{ sha }];
    if (seen.has(name)) return [];
    seen.add(name);
    return [{ sha, name }];
  });
}

export function EntriesTable({ total, generation }: { total: number; generation: number }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [page, setPage] = useState(1);
  const types = entryTypeWords(t);
  // Newest first: page 1 shows the last PAGE_SIZE entries.
  const from = Math.max(0, total - page * PAGE_SIZE);
  const limit = Math.min(PAGE_SIZE, total - (page - 1) * PAGE_SIZE);
  const entries = useCall(
    () => (limit > 0 ? affix().ledger.entries({ from, limit }) : Promise.resolve({ ok: true as const, value: { total, entries: [] } })),
    [from, limit, generation],
  );
  if (entries.status === 'error') return <ErrorAlert error={entries.error} />;
  const rows = entries.status === 'ok' ? [...entries.value.entries].reverse() : [];
  return (
    <Table<LedgerEntryView>
      data-testid="ledger-entries"
      rowKey="index"
      size="small"
      loading={entries.status === 'loading'}
      dataSource={rows}
      locale={{ emptyText: t('ledger.entries.empty') }}
      pagination={{ current: page, pageSize: PAGE_SIZE, total, onChange: setPage, showSizeChanger: false }}
      expandable={{ expandedRowRender: (e) => <EntryDetail entry={e} />, rowExpandable: () => true }}
      columns={[
        { title: '#', dataIndex: 'index', width: 80, render: (i: number) => formatNumber(i, language) },
        {
          title: t('ledger.entries.type'),
          dataIndex: 'type',
          render: (type: string, e) => (
            <Typography.Text strong data-testid={`ledger-entry-type-${e.index}`} data-type={type}>
              {entryTypeWord(types, type)}
            </Typography.Text>
          ),
        },
        {
          title: t('ledger.entries.time'),
          dataIndex: 'time',
          render: (iso: string) => (
            <Tooltip title={iso}>
              <time dateTime={iso}>{formatDateTime(iso, language)}</time>
            </Tooltip>
          ),
        },
        {
          title: t('ledger.entries.subjects'),
          dataIndex: 'subjects',
          render: (subjects: string[], e) => (
            <Flex vertical data-testid={`ledger-entry-subjects-${e.index}`}>
              {namedOnce(subjects, e.names?.subjects).map(({ sha, name }) =>
                name ? (
                  <Tooltip key={sha} title={sha}>
                    <span>{name}</span>
                  </Tooltip>
                ) : (
                  <Mono key={sha}>{short(sha)}</Mono>
                ),
              )}
            </Flex>
          ),
        },
        { title: t('ledger.entries.leafHash'), dataIndex: 'leafHash', render: (h: string) => <Mono>{short(h)}</Mono> },
      ]}
    />
  );
}
