"""Periodic jobs and the dead-letter list."""

from django.db import models

from eenloket.core import clock
from eenloket.core.models import BaseModel


class PeriodicJob(models.Model):
    """When a periodic job runs next. Workers claim a run with one conditional UPDATE, so two
    workers never run the same job for the same turn."""

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(default=clock.now)
    last_claimed_by = models.CharField(max_length=64, blank=True)
    last_claimed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class DeadLetter(BaseModel):
    """A background job that failed every retry: an application manager must look at it."""

    task = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict)
    attempts = models.PositiveSmallIntegerField()
    error = models.TextField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.task} ({self.attempts} attempts)"
