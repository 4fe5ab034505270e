"""The bootstrap's answers to a machine that lacks something, and the local
cluster's recovery after a crash."""
import os
import shutil
import signal
import subprocess
import time

import pytest

from conftest import ROOT


def copy_tools(tmp_path):
    """A checkout without a venv: tools and requirements only."""
    root = tmp_path / 'checkout'
    root.mkdir()
    shutil.copytree(os.path.join(ROOT, 'tools'), str(root / 'tools'))
    for name in ('requirements.txt', 'requirements-odoo.txt', 'odoo.conf'):
        shutil.copy(os.path.join(ROOT, name), str(root / name))
    (root / 'addons').mkdir()
    return root


def test_no_python37_says_what_to_install_and_exits_2(tmp_path):
    root = copy_tools(tmp_path)
    env = {'PATH': '/usr/bin:/bin', 'HOME': str(tmp_path),
           'PGHOST': '/nonexistent'}
    proc = subprocess.run([str(root / 'tools' / 'bootstrap.sh')], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=600)
    out = proc.stdout.decode()
    assert proc.returncode == 2, out
    assert 'pyenv install 3.7.16' in out
    assert not (root / '.venv').exists()


def test_port_in_use_names_port(tmp_path):
    import socket
    sock = socket.socket()
    sock.bind(('127.0.0.1', 0))
    sock.listen(1)
    port = sock.getsockname()[1]
    try:
        proc = subprocess.run(
            [os.path.join(ROOT, 'tools', 'run.sh')],
            env=dict(os.environ, PORT=str(port)), stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, timeout=600)
    finally:
        sock.close()
    out = proc.stdout.decode()
    assert proc.returncode == 2, out
    assert 'PORT' in out and str(port) in out


def pg(root_local, command):
    env = dict(os.environ, ISP_LOCAL_DIR=str(root_local))
    env.pop('PGHOST', None)
    env.pop('ISP_LOCAL_PG', None)
    return subprocess.run([os.path.join(ROOT, 'tools', 'pg.sh'), command],
                          env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, timeout=120)


@pytest.fixture
def local_dir(tmp_path):
    local = tmp_path / 'local'
    local.mkdir()
    yield local
    pg(local, 'stop')


def test_crashed_cluster_with_stale_pid_file_is_recovered(local_dir):
    started = pg(local_dir, 'start')
    assert started.returncode == 0, started.stdout.decode()
    pidfile = local_dir / 'pg' / 'postmaster.pid'
    pid = int(pidfile.read_text().splitlines()[0])
    os.kill(pid, signal.SIGKILL)          # the crash
    deadline = time.time() + 30
    while os.path.exists('/proc/%d' % pid) and time.time() < deadline:
        time.sleep(0.1)
    assert pidfile.exists()               # left behind by the crash

    again = pg(local_dir, 'start')
    out = again.stdout.decode()
    assert again.returncode == 0, out
    assert 'stale pid file' in out
    status = pg(local_dir, 'status')
    assert status.returncode == 0 and 'running' in status.stdout.decode()
    new_pid = int(pidfile.read_text().splitlines()[0])
    assert new_pid != pid
