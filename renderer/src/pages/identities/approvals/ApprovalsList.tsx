/**
 * k approvals, each a custodian (or approver) chosen from a list and the PIN
 * they type themselves: what a reveal, a custodian change or a seal-use
 * approval carries. Lives inside a Form under the field name `approvals`.
 */
import { Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';

export interface ApprovalValue {
  personId: string;
  pin: string;
}

export function ApprovalsList({ count, people, testId }: { count: number; people: { value: string; label: string }[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      {Array.from({ length: count }, (_, i) => (
        <Flex key={i} gap={8} wrap>
          <Form.Item
            name={['approvals', i, 'personId']}
            label={t('approvals.approver', { n: i + 1 })}
            rules={[{ required: true, message: t('approvals.required') }]}
            style={{ flex: '2 1 240px' }}
          >
            <Select options={people} data-testid={`${testId}-person-${i}`} aria-label={t('approvals.approver', { n: i + 1 })} />
          </Form.Item>
          <Form.Item
            name={['approvals', i, 'pin']}
            label={t('approvals.approverPin')}
            rules={[{ required: true, message: t('approvals.required') }]}
            style={{ flex: '1 1 160px' }}
          >
            <Input.Password autoComplete="off" data-testid={`${testId}-pin-${i}`} />
          </Form.Item>
        </Flex>
      ))}
    </>
  );
}
