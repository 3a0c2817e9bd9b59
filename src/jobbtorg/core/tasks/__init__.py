"""The task queue's own machinery: the worker (heartbeat, lost tasks, the schedule) and its
health. The tasks themselves live in each app's `tasks.py`."""
