"""The Modbus TCP adapter against pymodbus's own server on loopback."""

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from pymodbus.server import ModbusTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice

from telemetry.domain.telemetry.modbus import ModbusPoint, ModbusTcpAdapter, poll_forever
from telemetry.domain.telemetry.store import TelemetryStore, migrate

POINTS = [
    ModbusPoint("supply_temp_c", 0, "int16", 0.1),  # 215 tenths = 21.5 degC
    ModbusPoint("return_temp_c", 1, "int16", 0.1),  # -35 tenths = -3.5 degC
    ModbusPoint("energy_kwh", 2, "uint32"),
    ModbusPoint("flow_m3_h", 4, "float32"),
]


@pytest.fixture
async def server_port() -> AsyncIterator[int]:
    device = SimDevice(
        id=1,
        simdata=[
            SimData(0, values=[215, -35], datatype=DataType.INT16),
            SimData(2, values=123_456, datatype=DataType.UINT32),
            SimData(4, values=12.75, datatype=DataType.FLOAT32),
        ],
    )
    server = ModbusTcpServer(device, address=("127.0.0.1", 0))
    await server.serve_forever(background=True)
    yield server.transport.sockets[0].getsockname()[1]
    await server.shutdown()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_adapter_reads_and_scales_points(server_port: int) -> None:
    adapter = ModbusTcpAdapter("127.0.0.1", server_port, POINTS, "ahu-1")
    try:
        samples = await adapter.poll()
    finally:
        adapter.close()
    assert {s.metric: s.value for s in samples} == {
        "supply_temp_c": pytest.approx(21.5),
        "return_temp_c": pytest.approx(-3.5),
        "energy_kwh": 123_456.0,
        "flow_m3_h": 12.75,
    }


@pytest.mark.anyio
async def test_poller_stores_readings_under_the_adapter_device(
    server_port: int, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path}/modbus.sqlite3"
    migrate(url)
    store = TelemetryStore(url, offline_after=timedelta(minutes=1))
    adapter = ModbusTcpAdapter("127.0.0.1", server_port, POINTS[:1], "ahu-1")
    task = asyncio.create_task(poll_forever(adapter, store, every_s=0.05))
    try:
        for _ in range(100):
            await asyncio.sleep(0.05)
            if len(store.readings("ahu-1")) >= 2:
                break
    finally:
        task.cancel()
        adapter.close()
    assert [s.value for s in store.readings("ahu-1")][:2] == [pytest.approx(21.5)] * 2
    assert store.device("ahu-1").online  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_unreachable_device_raises_connection_error() -> None:
    adapter = ModbusTcpAdapter("127.0.0.1", 1, POINTS, "gone", timeout=0.5)
    with pytest.raises(ConnectionError):
        await adapter.poll()
    adapter.close()
