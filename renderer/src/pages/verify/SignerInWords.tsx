/**
 * Who signed, in words: the seal and its organisation, the person who used
 * it, or the person who signed as themselves — from the certificate and, for
 * signatures made in this workspace, from its seal records and ledger. The
 * seal is shown as it is stamped.
 */
import { Descriptions, Flex, Image, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkspaceSigner } from '../../../../shared/contract/verification';
import type { SignatureReport } from '../../../../shared/verify/report';
import { useSealTypeNames } from '../../seal-type-names';
import { nameParts } from './signer-words';

export function SignerInWords({ s, known, index }: { s: SignatureReport; known: WorkspaceSigner | null; index: number }) {
  const { t } = useTranslation();
  const sealTypes = useSealTypeNames();
  const subject = nameParts(s.signer?.subject);
  const issuer = nameParts(s.signer?.issuer);
  const seal = known?.seal ?? null;
  const user = known?.sealUser ?? null;
  return (
    <Flex gap={16} align="flex-start" data-testid={`verify-signature-${index}-signer`}>
      {seal?.image && (
        <Image
          src={`data:${seal.image.mime};base64,${seal.image.base64}`}
          alt={t('verify.signer.sealImage', { name: seal.name })}
          width={96}
          preview={false}
          data-testid={`verify-signature-${index}-seal-image`}
        />
      )}
      <Descriptions column={1} size="small" style={{ flex: 1 }}>
        {seal ? (
          <Descriptions.Item label={t('verify.signer.seal')}>
            <span data-testid={`verify-signature-${index}-seal`}>
              {seal.name === sealTypes[seal.type] ? seal.name : t('verify.signer.sealValue', { name: seal.name, type: sealTypes[seal.type] })}
            </span>
          </Descriptions.Item>
        ) : (
          <Descriptions.Item label={t('verify.signer.person')}>
            <span data-testid={`verify-signature-${index}-person`}>{subject.commonName ?? t('verify.signer.unknown')}</span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('verify.signer.organisation')}>
          <span data-testid={`verify-signature-${index}-organisation`}>{subject.organisation ?? t('verify.signer.none')}</span>
        </Descriptions.Item>
        {seal && (
          <Descriptions.Item label={t('verify.signer.sealUser')}>
            <span data-testid={`verify-signature-${index}-seal-user`}>
              {user?.maskedName
                ? user.ial
                  ? t('verify.signer.userNamed', { name: user.maskedName, ial: user.ial })
                  : user.maskedName
                : user?.ial
                  ? t('verify.signer.userVerified', { ial: user.ial })
                  : t('verify.signer.unknown')}
            </span>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('verify.signer.issuer')}>{issuer.commonName ?? issuer.organisation ?? t('verify.signer.unknown')}</Descriptions.Item>
        <Descriptions.Item label={t('verify.signature.serial')}>
          <Typography.Text className="affix-mono">{s.signer?.serial ?? '—'}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Flex>
  );
}
