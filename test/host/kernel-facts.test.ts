import assert from 'node:assert/strict';
import {release} from 'node:os';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {hostFs} from '../../source/host/host-fs.js';
import {readKernelFacts} from '../../source/host/kernel-facts.js';
import {fixtures} from './recorded-runner.js';

describe('readKernelFacts', () => {
	it('reads an Ubuntu 24.04 tree through the injected root', async () => {
		const facts = await readKernelFacts(hostFs(join(fixtures, 'ubuntu-24.04')));
		assert.deepEqual(facts.os, {id: 'ubuntu', versionId: '24.04', prettyName: 'Ubuntu 24.04.3 LTS', idLike: ['debian']});
		assert.equal(facts.kernel, '6.8.0-87-generic');
		assert.equal(facts.usernsFile, true);
		assert.equal(facts.maxUserNamespaces, 63162);
		assert.equal(facts.unprivilegedUsernsClone, 1);
		assert.equal(facts.apparmorRestrict, 1);
		assert.equal(facts.apparmorEnabled, true);
		assert.deepEqual(facts.apparmorProfiles, {state: 'listed', unprivilegedUserns: 'enforce'});
		assert.equal(facts.selinux, null);
		assert.equal(facts.seccomp, '0');
		assert.equal(facts.lsm, 'unconfined');
	});

	it('reads this machine (Debian 12, no AppArmor, no SELinux)', async () => {
		const facts = await readKernelFacts(hostFs('/'));
		assert.equal(facts.kernel, release());
		assert.equal(facts.usernsFile, true);
		assert.ok((facts.maxUserNamespaces ?? 0) > 0);
		assert.equal(facts.os.id, 'debian');
		assert.equal(facts.apparmorEnabled, null);
		assert.deepEqual(facts.apparmorProfiles, {state: 'missing'});
		assert.equal(facts.selinux, null);
		assert.equal(facts.apparmorRestrict, null);
	});

	it('reports nothing it cannot read as a value', async () => {
		const facts = await readKernelFacts(hostFs(join(fixtures, 'no-such-root')));
		assert.equal(facts.osSource, null);
		assert.equal(facts.kernel, null);
		assert.equal(facts.usernsFile, false);
		assert.equal(facts.maxUserNamespaces, null);
		assert.equal(facts.lsm, null);
	});
});
