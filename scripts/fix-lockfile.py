#!/usr/bin/env python3
# Run after `npm install` changes the lockfile: python3 scripts/fix-lockfile.py
# The registry reached here serves only some platforms' optional packages, so npm leaves the
# others out of the lockfile and `npm ci` then refuses it. Add lock entries for them, marked
# optional and with their os/cpu/libc, so npm ci accepts the lock and skips them on this platform.
import json, subprocess, re
import os, shutil, tempfile
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
lock_path = os.path.join(root, 'package-lock.json')
scratch = tempfile.mkdtemp()
shutil.copy(os.path.join(root, 'package.json'), scratch)
shutil.copy(lock_path, scratch)
def traits(name):
    base = name.split('/')[-1]
    m = re.match(r'(?:rollup|esbuild)?-?(android|darwin|freebsd|linux|openbsd|netbsd|openharmony|win32|sunos|aix)-([a-z0-9]+)(?:-(.*))?$', base.replace('rollup-', ''))
    if not m: return {}
    os_, cpu, abi = m.group(1), m.group(2), m.group(3) or ''
    t = {'os': [os_], 'cpu': [cpu]}
    if os_ == 'linux':
        t['libc'] = ['musl'] if 'musl' in abi else ['glibc']
    return t
for rnd in range(4):
    r = subprocess.run(['npm', 'ci', '--ignore-scripts', '--dry-run'], cwd=scratch, capture_output=True, text=True)
    missing = re.findall(r'Missing: (@?[^@\s]+)@(\S*) from lock file', r.stderr + r.stdout)
    if not missing:
        print('in sync'); break
    lock = json.load(open(lock_path)); pk = lock['packages']
    for name, ver in missing:
        want = ver
        if not want:
            for k, v in pk.items():
                if name in v.get('optionalDependencies', {}): want = v['optionalDependencies'][name]; break
        entry = {'version': want, 'dev': True, 'optional': True, **traits(name)}
        pk[f'node_modules/{name}'] = dict(sorted(entry.items()))
        print('added', name, want, traits(name))
    lock['packages'] = dict([('', pk[''])] + sorted((k, v) for k, v in pk.items() if k != ''))
    open(lock_path, 'w').write(json.dumps(lock, indent=2) + '\n')
    shutil.copy(lock_path, scratch)
