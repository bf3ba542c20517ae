#!/usr/bin/python3
"""SimPy 2 model of BENCH.md's reference scenario: the anchor of `npm run bench`.

4 producers with Poisson arrivals at 250 msg/s each send keys drawn uniformly from
"key-0".."key-9999" to a topic of 12 partitions; a key goes to partition
toPositive(murmur2(key)) % 12 (Kafka's partitioner, so every key always lands on the same
partition, with the same load per partition as the engine). A group of 6 consumers owns 2
partitions each (range assignment: consumer i owns partitions 2i and 2i+1) and serves the
records of its two partitions in arrival order, each taking an exponential time of mean 5 ms.
Producers stop once N messages were sent in total; the run ends when every message is consumed.

Written the way a SimPy 2 user would: a Process per producer, a Store per consumer (its fetch
queue) and a Process per consumer that gets one record, holds for its processing time and
records the end-to-end latency. Only `simulate()` is timed.

Run with Debian's python3-simpy (SimPy 2.3.1) on /usr/bin/python3:
    /usr/bin/python3 bench/simpy_reference.py [--messages 1000000] [--seed 1]
Prints one JSON object.
"""
import argparse
import json
import platform
import random
import time

import SimPy
from SimPy.Simulation import Process, Store, activate, get, hold, initialize, now, put, simulate

PRODUCERS = 4
RATE_PER_PRODUCER = 250.0  # msg/s
KEYS = 10_000
PARTITIONS = 12
CONSUMERS = 6
MEAN_SERVICE_S = 0.005


def murmur2(data: bytes) -> int:
    """Kafka's Utils.murmur2 (signed 32-bit result)."""
    m = 0x5BD1E995
    length = len(data)
    h = (0x9747B28C ^ length) & 0xFFFFFFFF
    length4 = length // 4
    for i in range(length4):
        i4 = i * 4
        k = data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24)
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> 24
        k = (k * m) & 0xFFFFFFFF
        h = (h * m) & 0xFFFFFFFF
        h ^= k
    tail = length & ~3
    rest = length & 3
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def partition_for_key(key: str) -> int:
    return (murmur2(key.encode("utf-8")) & 0x7FFFFFFF) % PARTITIONS


class Stats:
    produced = 0
    consumed = 0
    latency_sum_s = 0.0


class Producer(Process):
    def run(self, rng, limit, queues, queue_of_key):
        expovariate = rng.expovariate
        randrange = rng.randrange
        while Stats.produced < limit:
            yield hold, self, expovariate(RATE_PER_PRODUCER)
            if Stats.produced >= limit:
                break
            Stats.produced += 1
            # The record: its send time (the partition only decides which consumer serves it).
            yield put, self, queues[queue_of_key[randrange(KEYS)]], [now()]


class Consumer(Process):
    def run(self, rng, queue):
        expovariate = rng.expovariate
        while True:
            yield get, self, queue, 1
            produced_at = self.got[0]
            yield hold, self, expovariate(1.0 / MEAN_SERVICE_S)
            Stats.consumed += 1
            Stats.latency_sum_s += now() - produced_at


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    # Key → consumer (consumer i owns partitions 2i and 2i+1), computed once like a key cache.
    queue_of_key = [partition_for_key(f"key-{i}") // (PARTITIONS // CONSUMERS) for i in range(KEYS)]

    initialize()
    queues = [Store(name=f"consumer-{c}", capacity=10**9) for c in range(CONSUMERS)]
    for c in range(CONSUMERS):
        consumer = Consumer(name=f"consumer-{c}")
        activate(consumer, consumer.run(random.Random(f"{args.seed}:consumer:{c}"), queues[c]))
    for p in range(PRODUCERS):
        producer = Producer(name=f"producer-{p}")
        activate(producer, producer.run(random.Random(f"{args.seed}:producer:{p}"), args.messages, queues, queue_of_key))

    start = time.perf_counter()
    simulate(until=1e12)  # ends when producers stopped and every queue is empty
    wall = time.perf_counter() - start

    print(
        json.dumps(
            {
                "produced": Stats.produced,
                "consumed": Stats.consumed,
                "meanLatencyMs": 1000.0 * Stats.latency_sum_s / max(Stats.consumed, 1),
                "virtualSeconds": now(),
                "wallSeconds": wall,
                "msgsPerSec": Stats.consumed / wall,
                "python": platform.python_version(),
                "simpy": SimPy.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
