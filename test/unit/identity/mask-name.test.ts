/** Masked names (张*三) and the certificate name parts the signature cards read. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskName } from '../../../shared/identity/mask-name';
import { nameParts } from '../../../renderer/src/pages/verify/signer-words';

test('a name is masked to its first and last character, or each word to its initial', () => {
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('张三丰'), '张*丰');
  assert.equal(maskName('欧阳娜娜'), '欧**娜');
  assert.equal(maskName(' 李 '), '李');
  assert.equal(maskName('Zhang San'), 'Z**** S**');
});

test('a distinguished name yields its common name and organisation, even with ", " inside a value', () => {
  assert.deepEqual(nameParts('C=CN, O=北京测试科技有限公司, organizationIdentifier=NTRCN-91110000600037341L, OU=contract, CN=合同专用章'), {
    commonName: '合同专用章',
    organisation: '北京测试科技有限公司',
  });
  assert.deepEqual(nameParts('C=GB, O=Acme, Trading Ltd, CN=Jane Doe'), { commonName: 'Jane Doe', organisation: 'Acme, Trading Ltd' });
  assert.deepEqual(nameParts(undefined), {});
});
