"""The RQ worker of the background import: it resumes stalled jobs when it starts.

`manage.py rqworker imports` uses it (settings.RQ["WORKER_CLASS"]). A worker killed in the
middle of a job (SIGKILL, a machine restarting) leaves the job "running" with its files done
or pending; the next worker to start, or any worker's maintenance tick, queues it again.
"""

from __future__ import annotations

import logging

from django.db import connections
from rq import Worker

logger = logging.getLogger(__name__)


def _resume(log) -> None:
    from articles.ingestion.archive import resume_stalled_jobs

    try:
        resumed = resume_stalled_jobs()
    except Exception:  # a worker must start even if the check cannot run
        logger.exception("could not check for stalled import jobs")
        return
    finally:
        # The worker forks a process per job: it must not hand its connection down.
        connections.close_all()
    if resumed:
        log.info("Resumed import jobs %s", ", ".join(map(str, resumed)))


class ImportWorker(Worker):
    """rq's forking Worker, resuming stalled import jobs at start and at maintenance."""

    def work(self, *args, **kwargs):
        _resume(self.log)
        return super().work(*args, **kwargs)

    def run_maintenance_tasks(self):
        super().run_maintenance_tasks()
        _resume(self.log)
