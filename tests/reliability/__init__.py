"""Reliability: the store survives kills, races, full disks and hostile input; user text never becomes code."""
