/**
 * The seal as it will be stamped, read-only: drawn from the seal record (its
 * organisation on the upper arc, its text under the star, the USCC on the
 * lower arc). Signers cannot retype any of it; the main process stamps the
 * record's drawing whatever the window sends.
 */
import { Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SealSchema } from '../../../../shared/contract/seals';
import { useSealImage } from './use-seal-image';

export function SealFace({ seal, testId }: { seal: z.infer<typeof SealSchema> | undefined; testId: string }) {
  const { t } = useTranslation();
  const src = useSealImage(seal);
  if (!seal) return null;
  return (
    <Flex gap={12} align="center" style={{ marginBottom: 8 }} data-testid={testId}>
      {src ? <img src={src} width={72} alt={t('sealFace.alt', { name: seal.name })} data-testid={`${testId}-image`} /> : <Skeleton.Avatar active size={72} />}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('sealFace.fromRecord', { org: seal.legalName, uscc: seal.uscc })}
      </Typography.Text>
    </Flex>
  );
}
