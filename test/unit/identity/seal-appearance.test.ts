/** How a seal record becomes the drawn seal (`sealAppearanceFor`), shared by `seal sign` and `sign --key SEAL_ID`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sealAppearanceFor } from '../../../main/services/domain/seals/seal-appearance';
import { AppearanceSpecSchema } from '../../../shared/contract/signing';

const face = { legalName: '北京测试科技有限公司', uscc: '91110000600037341L' };

describe('sealAppearanceFor', () => {
  it('puts the legal name on the arc, the seal name without the organisation under the star, the USCC below', () => {
    const spec = sealAppearanceFor({ ...face, name: '北京测试科技有限公司合同专用章', type: 'contract' });
    assert.deepEqual(spec, { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章', code: '91110000600037341L', shape: 'circle' });
    assert.ok(AppearanceSpecSchema.safeParse(spec).success);
  });

  it('draws finance seals as ellipses', () => {
    assert.equal(sealAppearanceFor({ ...face, name: '财务专用章', type: 'finance' }).shape, 'ellipse');
  });

  it("falls back to the type's usual text when the seal name does not fit under the star", () => {
    const spec = sealAppearanceFor({ ...face, name: '北京测试科技有限公司第二分公司华北区域销售部门专用合同章之第一号印章', type: 'contract' });
    assert.equal(spec.sealText, '合同专用章');
    assert.equal(sealAppearanceFor({ ...face, name: '北京测试科技有限公司', type: 'official' }).sealText, undefined);
  });

  it('lets explicit fields win and ignores the ones left undefined', () => {
    const spec = sealAppearanceFor({ ...face, name: '合同专用章', type: 'contract' }, { orgName: '测试科技', sealText: undefined, shape: 'ellipse' });
    assert.deepEqual(spec, { kind: 'seal', orgName: '测试科技', sealText: '合同专用章', code: '91110000600037341L', shape: 'ellipse' });
  });
});
