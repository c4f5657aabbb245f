/** Why a witness did not cosign, in the reader's language, from the answer's kind (the service's reason is English). */
import type { TFunction } from 'i18next';
import type { WitnessAnswerKind } from '../../../../shared/contract/witness';

export function refusalWords(t: TFunction, kind: WitnessAnswerKind | null, v: { size: number; status: number; current: number }): string {
  switch (kind) {
    case 'malformed':
      return t('witness.kind.malformed');
    case 'bad-signature':
      return t('witness.kind.badSignature');
    case 'unknown-log':
      return t('witness.kind.unknownLog');
    case 'stale':
      return t('witness.kind.stale', { current: v.current });
    case 'equivocation':
      return t('witness.kind.equivocation', { size: v.size });
    case 'fork':
      return t('witness.kind.fork', { size: v.size });
    case 'invalid-proof':
      return t('witness.kind.invalidProof', { size: v.size });
    case 'unrecorded':
      return t('witness.kind.unrecorded');
    case 'cosigned':
    case null:
      return t('witness.kind.unclassified', { status: v.status });
  }
}
