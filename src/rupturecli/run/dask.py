"""Run the same per-input task on a Dask cluster (`--engine dask [--scheduler ADDRESS]`).

The driver streams inputs to the cluster in a bounded window and receives plain, picklable
SourceResults back in input order, so outputs are identical to a local run. Needs the `dask`
extra: pip install 'rupturecli[dask]'.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from rupturecli.errors import RuptureError
from rupturecli.run.options import RunOptions
from rupturecli.run.tasks import RuleSpec, SourceResult, analyze_source

WINDOW_PER_WORKER = 8


class DaskMissing(RuptureError):
    """Dask is not installed."""


def _client(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise DaskMissing("--engine dask needs Dask: pip install 'rupturecli[dask]'") from None
    if scheduler:
        return Client(scheduler), None
    return _private_cluster(LocalCluster, Client, jobs)


def _private_cluster(local_cluster: Any, client: Any, jobs: int) -> tuple[Any, Any]:
    """A local cluster only this process can use: TLS with a throwaway certificate, on the loopback address.

    Without it the scheduler listens on plain TCP, and any other user of the machine could submit work to
    it (work that runs as you, next to your clients' notes).
    """
    try:
        from distributed.security import Security

        security = Security.temporary()
    except ImportError:
        raise DaskMissing("--engine dask needs the cryptography package for its private local cluster: "
                          "pip install 'rupturecli[dask]'") from None
    # No dashboard; the scheduler's small HTTP server (health checks) takes any free loopback port instead of
    # Dask's usual 8787, so a second cluster on the machine never prints "Port 8787 is already in use".
    cluster = local_cluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                            dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False},
                            protocol="tls://", host="127.0.0.1", security=security)
    return client(cluster, security=security), cluster


def dask_runner(scheduler: str | None):
    """An engine with the signature of batch.run_local, bound to a scheduler address (None: local cluster)."""

    def run(sources: Iterable[str], spec: RuleSpec, options: RunOptions, rules_fingerprint: str, jobs: int,
            with_utterances: bool = False) -> Iterator[SourceResult]:
        client, cluster = _client(scheduler, jobs)
        try:
            workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
            window: deque[Any] = deque()
            for source in sources:
                window.append(client.submit(analyze_source, source, spec, options, rules_fingerprint,
                                            with_utterances, pure=False))
                if len(window) >= workers * WINDOW_PER_WORKER:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run
