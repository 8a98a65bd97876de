"""What a worker of the django-q2 cluster does with the queue, in the test's process."""

from django.utils.module_loading import import_string
from django_q.brokers import get_broker
from django_q.signing import SignedPackage


def run_queued_tasks() -> list:
    """Take each queued task from the database broker, run it, acknowledge it; the results."""
    broker = get_broker()
    results = []
    while tasks := broker.dequeue():
        for ack_id, payload in tasks:
            task = SignedPackage.loads(payload)
            results.append(import_string(task["func"])(*task["args"], **task["kwargs"]))
            broker.acknowledge(ack_id)
    return results
