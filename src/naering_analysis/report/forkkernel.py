"""Kernels forked from a process that has already imported what the notebooks use (Linux).

A new ``python -m ipykernel_launcher`` pays about 2 CPU-seconds before a report notebook's first
cell: ipykernel itself, then pandas, matplotlib and the package. The report's two kernels paid it
twice, and the main process, which computes the key figures, a third time. Here a notebook
process instead forks a *spare* as soon as it starts (:func:`fork_spare`, from the pool's
initializer): a copy of the process that already holds those modules, which waits on a pipe.
When jupyter_client launches the kernel (the report's kernel manager calls :func:`launch_spare`,
see :func:`~naering_analysis.report.execute.kernel_manager_class`), the spare is handed the
kernel's command-line arguments, folder and environment and becomes the kernel: a new session,
stdin from ``/dev/null``, the signals and ``atexit`` handlers a fresh interpreter has, then
ipykernel's own ``IPKernelApp.initialize`` and ``start``, as ``ipykernel_launcher`` runs them.

No library does this: ipykernel's and jupyter_client's "fork kernel" pull requests (#1261,
#1031) were not merged. So it is kept narrow, and every doubt falls back to the normal start:

- only where the notebook processes were forked (Linux) and before the process has a thread, an
  event loop or a zmq context of its own: the spare is forked in the initializer, the first
  thing the process runs;
- only for the command a fresh kernel would run in this interpreter (``<this python> -m
  ipykernel_launcher -f <file> …``); a ``python3`` kernelspec that points at another Python
  gets its own interpreter, as before;
- once per process: a kernel that died is started again the normal way.

What a notebook can observe is the same as in a fresh kernel (``tests/report/test_forkkernel.py``
runs a probe notebook in both and compares): the folder, the environment, ``sys.argv``, the
matplotlib backend (the inline one unless ``MPLBACKEND`` says otherwise), signal handlers, and
figures shown inline.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any

#: The spare this process forked and has not used yet (one per process).
_SPARE: dict[str, Any] = {}


class ForkedKernelProcess:
    """The spare turned kernel, seen through the part of ``subprocess.Popen`` jupyter_client uses.

    jupyter_client's local provisioner polls, waits for, signals and kills its kernel's
    ``Popen``; this object does the same for a forked child of this process.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        """Return the exit status when the kernel has ended, else None (never blocks)."""
        if self.returncode is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped elsewhere: it has ended, status unknown
                self.returncode = 0
                return self.returncode
            if pid == self.pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        """Wait for the kernel to end and return its exit status."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout or 0.0)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        """Send ``signum`` to the kernel, unless it has already ended."""
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        """Ask the kernel to end (SIGTERM)."""
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        """End the kernel (SIGKILL)."""
        self.send_signal(signal.SIGKILL)


def fork_spare() -> bool:
    """Fork this process's spare now; return whether there is one.

    Call it where the process has no other thread, no event loop and no zmq context yet (the
    pool's initializer). Only on Linux; a second call keeps the first spare.
    """
    if sys.platform != "linux" or _SPARE:
        return bool(_SPARE)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the spare: wait for its orders, then become the kernel; never returns
        os.close(write)
        _become_kernel(read)
    os.close(read)
    _SPARE.update(pid=pid, pipe=write, owner=os.getpid())
    return True


def discard_spare() -> None:
    """Let an unused spare go: closing its pipe ends it, and it is reaped here."""
    spare = _SPARE
    if not spare or spare.get("owner") != os.getpid():
        _SPARE.clear()
        return
    _SPARE.clear()
    os.close(spare["pipe"])
    with contextlib.suppress(ChildProcessError):
        os.waitpid(spare["pid"], 0)


def kernel_arguments(cmd: list[str]) -> list[str] | None:
    """Return the arguments after ``-m ipykernel_launcher`` when ``cmd`` runs it in this Python.

    >>> kernel_arguments([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"])
    ['-f', 'k.json']
    >>> kernel_arguments(["/opt/other/python", "-m", "ipykernel_launcher", "-f", "k.json"]) is None
    True
    """
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    try:
        same = Path(cmd[0]).resolve() == Path(sys.executable).resolve()
    except OSError:
        return None
    return list(cmd[3:]) if same else None


def launch_spare(cmd: list[str], cwd: str | os.PathLike[str] | None, env: dict[str, str]) -> Any:
    """Have the spare become the kernel ``cmd`` describes; return its process, or None.

    None when this process has no spare (used already, or never forked: not Linux, or not a
    notebook process), or when ``cmd`` is not ipykernel in this interpreter. The caller then
    starts the kernel the normal way.
    """
    arguments = kernel_arguments(cmd)
    if arguments is None or not _SPARE or _SPARE.get("owner") != os.getpid():
        return None
    spare = dict(_SPARE)
    _SPARE.clear()
    env = {**env, "JPY_PARENT_PID": str(os.getpid())}  # as jupyter_client's launcher sets it
    orders = pickle.dumps((arguments, os.fspath(cwd) if cwd else os.getcwd(), env))
    try:
        with os.fdopen(spare["pipe"], "wb") as pipe:
            pipe.write(orders)
    except OSError:  # the spare has ended (it closed its end): reap it and start normally
        with contextlib.suppress(ChildProcessError):
            os.waitpid(spare["pid"], 0)
        return None
    return ForkedKernelProcess(spare["pid"])


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def _become_kernel(fd: int) -> None:
    """In the spare: wait for the kernel's arguments, then run ipykernel as its launcher would."""
    code = 1
    try:
        orders = _read_all(fd)
        if not orders:  # the process that forked us ended or let us go
            os._exit(0)
        arguments, cwd, env = pickle.loads(orders)
        _fresh_process(cwd, env, arguments)
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(arguments)
        _follow_backend()
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()  # the kernel's own: its history, its connection file
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):  # a stream the kernel closed: nothing to say
                    stream.flush()
            os._exit(code)


def _fresh_process(cwd: str, env: dict[str, str], arguments: list[str]) -> None:
    """Give the spare what ``Popen`` gives a new kernel: session, stdin, folder, environment."""
    atexit._clear()  # the forking process's exit handlers are not the kernel's
    os.setsid()  # its own process group, which jupyter_client signals as a whole
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    for signum in (signal.SIGTERM, signal.SIGCHLD, signal.SIGHUP, signal.SIGUSR1):
        signal.signal(signum, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    from importlib.util import find_spec

    launcher = find_spec("ipykernel_launcher")
    sys.argv = [str(launcher.origin if launcher else "ipykernel_launcher.py"), *arguments]
    # ipykernel_launcher takes the script's folder off the path; the kernel adds "" back.
    if sys.path and sys.path[0] in ("", os.path.dirname(sys.modules["__main__"].__file__ or "")):
        del sys.path[0]


def _follow_backend() -> None:
    """Choose matplotlib's backend as a fresh kernel would, from ``MPLBACKEND`` as it is now.

    The forking process read ``MPLBACKEND`` when it imported matplotlib; ipykernel sets it to
    its inline backend (where unset) only while it initialises, so a fresh kernel imports
    matplotlib after that and a forked one must be told.
    """
    wanted = os.environ.get("MPLBACKEND")
    if "matplotlib" not in sys.modules or not wanted:
        return
    import matplotlib

    matplotlib.rcParams["backend"] = wanted  # what importing matplotlib now would set
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None and getattr(pyplot, "_backend_mod", None) is not None:
        pyplot.switch_backend(wanted)
