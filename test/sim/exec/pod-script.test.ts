import assert from 'node:assert/strict';
import {test} from 'node:test';
import {probeScript} from '../../../source/domain/probe-pod.js';
import {podArgv, recognise, shellScript} from '../../../source/sim/exec/pod-script.js';

test('the argv follows command/args over the image (alpine: no ENTRYPOINT, CMD /bin/sh)', () => {
	assert.deepEqual(podArgv(['sh', '-c'], ['echo hi']), ['sh', '-c', 'echo hi']);
	assert.deepEqual(podArgv([], ['sh', '-c', 'echo hi']), ['sh', '-c', 'echo hi']);
	assert.deepEqual(podArgv(['/bin/sh', '-c', 'true'], []), ['/bin/sh', '-c', 'true']);
	assert.deepEqual(podArgv([], []), ['/bin/sh']);
});

test('a shell script is found behind sh, ash or bash -c, by name or path', () => {
	assert.equal(shellScript(['sh', '-c', 'x']), 'x');
	assert.equal(shellScript(['/bin/ash', '-c', 'x', 'arg0']), 'x');
	assert.equal(shellScript(['sh', 'script.sh']), null);
	assert.equal(shellScript(['sleep', '10']), null);
	assert.equal(shellScript(['sh', '-c']), null);
});

test("prg-doctor's evidence probe is known by its marker", () => {
	assert.deepEqual(recognise(['sh', '-c', probeScript]), {kind: 'probe'});
	assert.deepEqual(recognise(['sh', '-c', 'echo prg-probe=1; echo OK']), {kind: 'probe'});
});

test('the documented one-liner, with or without mapping root', () => {
	assert.deepEqual(recognise(['sh', '-c', 'unshare -U echo OK || echo FAILED']), {kind: 'documented', map: false});
	assert.deepEqual(recognise(['sh', '-c', '  unshare -U echo OK ||echo FAILED\n']), {kind: 'documented', map: false});
	assert.deepEqual(recognise(['sh', '-c', 'unshare -Ur echo OK || echo FAILED']), {kind: 'documented', map: true});
	assert.deepEqual(recognise(['sh', '-c', 'unshare -U -r echo OK || echo FAILED']), {kind: 'documented', map: true});
	assert.deepEqual(recognise(['sh', '-c', 'unshare --user echo OK || echo FAILED']), {kind: 'documented', map: false});
	assert.deepEqual(recognise(['sh', '-c', 'unshare --user --map-root-user echo OK || echo FAILED']), {kind: 'documented', map: true});
	assert.deepEqual(recognise(['sh', '-c', 'unshare -r echo OK || echo FAILED']), {kind: 'documented', map: true}, '-r implies -U');
	assert.deepEqual(recognise(['sh', '-c', 'unshare --map-root-user echo OK || echo FAILED']), {kind: 'documented', map: true});
	assert.deepEqual(recognise(['sh', '-c', 'unshare -m echo OK || echo FAILED']), {kind: 'other'});
	assert.deepEqual(recognise(['sh', '-c', 'unshare -U echo OK']), {kind: 'other'});
	assert.deepEqual(recognise(['sh', '-c', 'id -u']), {kind: 'other'});
	assert.deepEqual(recognise(['unshare', '-U', 'echo', 'OK']), {kind: 'other'});
});
