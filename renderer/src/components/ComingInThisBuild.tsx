import { Card, Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/**
 * An honest empty state for an area whose services are not in this build yet:
 * it says what will be here, and shows no invented data.
 */
export function ComingInThisBuild({ what, items }: { what: string; items: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Card data-testid="coming-in-this-build">
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('coming.title')}
          </Typography.Title>
        }
      >
        <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: '0 auto 12px' }}>
          {what}
        </Typography.Paragraph>
        <ul style={{ display: 'inline-block', textAlign: 'start', margin: 0, paddingInlineStart: 20, color: 'rgba(0,0,0,0.65)' }}>
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </Empty>
    </Card>
  );
}
