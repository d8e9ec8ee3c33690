"""Building-protocol adapters, and the Modbus TCP one (pymodbus).

An adapter reads a field device's points and returns samples; the poller stores them under
the adapter's device id. Adding BACnet means one more class with the same ``poll`` method.
"""

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, Protocol

from .store import Sample, TelemetryStore

logger = logging.getLogger(__name__)
DataType = Literal["int16", "uint16", "int32", "uint32", "float32"]


class BuildingAdapter(Protocol):
    device_id: str

    async def poll(self) -> list[Sample]: ...


@dataclass(frozen=True, slots=True)
class ModbusPoint:
    """One value in holding registers: raw value x scale (e.g. 0.1 for tenths of a degree)."""

    metric: str
    address: int
    datatype: DataType = "int16"
    scale: float = 1.0


class ModbusTcpAdapter:
    def __init__(
        self,
        host: str,
        port: int,
        points: list[ModbusPoint],
        device_id: str,
        unit_id: int = 1,
        timeout: float = 3.0,
    ) -> None:
        # Imported here: most starts poll no field device, and pymodbus costs 80 ms to import.
        from pymodbus.client import AsyncModbusTcpClient

        self.device_id, self.points, self.unit_id = device_id, points, unit_id
        self.client = AsyncModbusTcpClient(host, port=port, timeout=timeout, retries=1)

    async def poll(self) -> list[Sample]:
        if not self.client.connected and not await self.client.connect():
            raise ConnectionError(f"no Modbus TCP connection to {self.device_id}")
        now = datetime.now(UTC)
        samples = []
        for point in self.points:
            kind = getattr(self.client.DATATYPE, point.datatype.upper())
            response = await self.client.read_holding_registers(
                point.address, count=kind.value[1], device_id=self.unit_id
            )
            if response.isError():
                raise ConnectionError(f"Modbus error reading {point.metric}: {response}")
            raw = self.client.convert_from_registers(response.registers, kind)
            samples.append(Sample(point.metric, float(raw) * point.scale, now))  # type: ignore[arg-type]
        return samples

    def close(self) -> None:
        self.client.close()


async def poll_forever(adapter: BuildingAdapter, store: TelemetryStore, every_s: float) -> None:
    """Poll and store until cancelled; a failed poll is logged and retried next period."""
    store.ensure_device(adapter.device_id, f"{adapter.device_id} (field adapter)")
    while True:
        try:
            samples = await adapter.poll()
            await asyncio.to_thread(store.store, adapter.device_id, samples, "modbus")
        except (ConnectionError, OSError) as exc:
            logger.warning(
                "field poll failed", extra={"device": adapter.device_id, "error": str(exc)}
            )
        await asyncio.sleep(every_s)
