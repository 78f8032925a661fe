import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, it} from 'node:test';
import {isUbuntuAtLeast, parseOsRelease} from '../../source/host/os-release.js';
import {fixtures} from './recorded-runner.js';

// This machine's file, recorded (Debian 12).
const debian = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
`;

describe('parseOsRelease', () => {
	it('reads quoted and bare values', () => {
		assert.deepEqual(parseOsRelease(debian), {id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', idLike: []});
	});

	it('tells Ubuntu 23.10+ apart', () => {
		const ubuntu = parseOsRelease(readFileSync(join(fixtures, 'ubuntu-24.04', 'etc', 'os-release'), 'utf8'));
		assert.equal(isUbuntuAtLeast(ubuntu, '23.10'), true);
		assert.equal(isUbuntuAtLeast(parseOsRelease('ID=ubuntu\nVERSION_ID="22.04"\n'), '23.10'), false);
		assert.equal(isUbuntuAtLeast(parseOsRelease('ID=ubuntu\nVERSION_ID="23.10"\n'), '23.10'), true);
		assert.equal(isUbuntuAtLeast(parseOsRelease(debian), '23.10'), false);
	});
});
