"""MQTT subscriber (paho-mqtt): each message on ``<prefix>/+/telemetry`` goes to the Ingestor.

paho runs its network loop in its own thread and reconnects with backoff, so a broker that
is down at start-up or restarts later only delays ingestion; it never stops the service.
"""

import logging
from urllib.parse import urlsplit

import paho.mqtt.client as mqtt

from .ingest import Ingestor

logger = logging.getLogger(__name__)


class MqttSubscriber:
    def __init__(self, url: str, topic_prefix: str, ingestor: Ingestor, client_id: str) -> None:
        parts = urlsplit(url)
        if parts.scheme != "mqtt" or not parts.hostname:
            raise ValueError(f"MQTT URL must look like mqtt://host:1883, got {url!r}")
        self.host, self.port = parts.hostname, parts.port or 1883
        self.topic = f"{topic_prefix}/+/telemetry"
        self.ingestor = ingestor
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id)
        if parts.username:
            self.client.username_pw_set(parts.username, parts.password)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=30)
        self.stored = 0

    def _on_connect(
        self, client: mqtt.Client, _u: object, _f: object, rc: object, _p: object
    ) -> None:
        # Subscribing here (not once) restores the subscription after every reconnect.
        client.subscribe(self.topic, qos=1)
        logger.info("mqtt connected", extra={"broker": f"{self.host}:{self.port}", "rc": str(rc)})

    def _on_message(self, _c: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
        try:
            self.stored += self.ingestor.mqtt(message.topic, message.payload)
        except Exception:
            # A database error must not kill paho's network thread.
            logger.exception("mqtt message not stored", extra={"topic": message.topic})

    def start(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()
