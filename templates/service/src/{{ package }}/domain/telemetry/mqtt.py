"""MQTT subscriber (paho-mqtt): at-least-once ingestion of ``<prefix>/+/telemetry``.

- **Persistent session.** MQTT 3.1.1 with ``clean_session=False`` under a stable client id:
  the broker keeps the subscription and queues messages while the service is away (a
  restart, a crash, a broker restart with persistence). How long it keeps an absent client's
  session and how many messages it queues are broker settings (``broker/mosquitto.conf``).
  MQTT 3.1.1 rather than 5: paho parses an MQTT 5 properties object for every message, which
  measured as a third of the receiving thread's time at thousands of messages a second.
- **Acknowledged after commit.** paho's manual acknowledgement: a message is PUBACKed only
  once the transaction holding its readings (or its dead letter) has committed. A crash
  before that makes the broker deliver it again; storage is idempotent, so nothing doubles.
- **Batched commits.** paho's network thread only queues messages; one worker thread drains
  the queue in batches (whatever arrived while the last batch committed, up to ``max_batch``),
  commits each batch once and then acknowledges its messages. The broker has at most its
  ``max_inflight_messages`` unacknowledged messages in flight to us.
- **Shared subscription.** With a share group, replicas subscribe to
  ``$share/<group>/<prefix>/+/telemetry`` under distinct client ids and the broker hands each
  message to one of them.
- A failed commit (database down) is retried with backoff, unacknowledged, and marks the
  subscriber unhealthy (readiness 503) until a commit succeeds again.
"""

import logging
import queue
import threading
from typing import Any
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt

from .ingest import Ingestor

logger = logging.getLogger(__name__)
# (connection generation, message); None asks the worker to stop.
_Item = tuple[int, mqtt.MQTTMessage] | None


class MqttSubscriber:
    def __init__(
        self,
        url: str,
        topic_prefix: str,
        ingestor: Ingestor,
        client_id: str,
        share_group: str = "",
        max_batch: int = 500,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme != "mqtt" or not parts.hostname:
            raise ValueError(f"MQTT URL must look like mqtt://host:1883, got {url!r}")
        self.host, self.port = parts.hostname, parts.port or 1883
        topic = f"{topic_prefix}/+/telemetry"
        self.topic = f"$share/{share_group}/{topic}" if share_group else topic
        self.ingestor = ingestor
        self.max_batch = max_batch
        self.client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=client_id,
            clean_session=False,
            protocol=mqtt.MQTTv311,
            manual_ack=True,
        )
        if parts.username:
            self.client.username_pw_set(parts.username, parts.password)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.on_subscribe = self._on_subscribe
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.stored = 0  # readings committed by this process
        self.acknowledged = 0  # messages acknowledged after their commit
        self.healthy = True  # False while commits fail
        self._queue: queue.Queue[_Item] = queue.Queue()
        self._generation = 0
        self.subscribed = threading.Event()  # the broker granted the subscription
        self._stopping = threading.Event()
        self._worker = threading.Thread(target=self._drain, name="mqtt-ingest", daemon=True)

    def _on_connect(
        self, client: mqtt.Client, _u: object, flags: object, rc: object, _p: object
    ) -> None:
        # A new connection: acknowledgements of messages received on the old one would name
        # packet ids the broker may reuse; it redelivers those messages instead.
        self._generation += 1
        self.subscribed.clear()
        # Subscribing on every connect also covers a broker that lost its sessions.
        client.subscribe(self.topic, qos=1)
        logger.info(
            "mqtt connected",
            extra={"broker": f"{self.host}:{self.port}", "rc": str(rc), "flags": str(flags)},
        )

    def _on_subscribe(
        self, _c: mqtt.Client, _u: object, _mid: int, codes: list[Any], _p: object
    ) -> None:
        if all(not code.is_failure for code in codes):
            self.subscribed.set()
        else:
            refused = {"topic": self.topic, "codes": str(codes)}
            logger.error("mqtt subscription refused", extra=refused)

    def _on_message(self, _c: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
        self._queue.put((self._generation, message))

    def _drain(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            batch = [item]
            stop = False
            while len(batch) < self.max_batch:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stop = True
                    break
                batch.append(more)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[tuple[int, mqtt.MQTTMessage]]) -> None:
        delay = 0.2
        while True:
            try:
                stored = self.ingestor.mqtt_batch([(m.topic, m.payload) for _, m in batch])
                break
            except Exception:
                # Not acknowledged: the batch is retried here, or redelivered after a restart.
                logger.exception("mqtt batch not stored; retrying", extra={"size": len(batch)})
                self.healthy = False
                if self._stopping.wait(delay):
                    return
                delay = min(delay * 2, 5.0)
        self.healthy = True
        self.stored += stored
        for generation, message in batch:
            if generation == self._generation:
                self.client.ack(message.mid, message.qos)
                self.acknowledged += 1

    def start(self) -> None:
        self._worker.start()
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()

    def stop(self, timeout: float = 10.0) -> None:
        """Commit and acknowledge what was received, then disconnect (the session stays)."""
        if not self.healthy:
            self._stopping.set()  # a batch retrying against a dead database is given up
        self._queue.put(None)
        self._worker.join(timeout)
        self._stopping.set()
        self._worker.join(1.0)
        self.client.disconnect()
        self.client.loop_stop()
