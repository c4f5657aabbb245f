/** Seal kinds of GB/T 38540 practice (公章, 合同专用章, 财务专用章, 法定代表人名章, 人事专用章, 发票专用章, 报关专用章). */
export const SEAL_TYPES = ['official', 'contract', 'finance', 'legal-representative', 'personnel', 'invoice', 'customs', 'other'] as const;
export type SealType = (typeof SEAL_TYPES)[number];
