"""Scheduled work of the reminders app, run by the huey consumer (`thidua run_huey`)."""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from thidua.reminders import services

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour=str(settings.THIDUA_REMINDER_HOUR), minute=str(settings.THIDUA_REMINDER_MINUTE)))
def send_reminders() -> None:
    """Every day at THIDUA_REMINDER_HOUR:THIDUA_REMINDER_MINUTE (the server's TIME_ZONE)."""
    run = services.reminders_send()
    if run.failed:
        logger.warning("Reminders not sent to: %s", ", ".join(run.failed))
