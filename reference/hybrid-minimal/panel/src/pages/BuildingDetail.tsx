// Loaded lazily (its own chunk): the live client ships with it, not with the first page.
// The latest readings come from the IoT service (none in this system), then its live feed.
import { useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { getBuilding, latestReadings, type Building } from "../api/buildings";
import { Card } from "../components/Card";
import { ErrorBanner } from "../components/ErrorBanner";
import { Spinner } from "../components/Spinner";
import { StatusBadge } from "../components/StatusBadge";
import { liveUrl, subscribeLive, type LiveStatus } from "../realtime/live";
import { useRouteParam } from "../routing/link";
import { readingKey } from "../state/model";
import { useAddReading, useReadings } from "../state/store";

const messageOf = (reason: unknown) => (reason instanceof ApiError ? reason.userMessage : "Something went wrong.");

export default function BuildingDetail() {
  const id = useRouteParam("id");
  const [building, setBuilding] = useState<Building | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const readings = useReadings(id);
  const addReading = useAddReading();
  const [live, setLive] = useState<LiveStatus>("connecting");

  useEffect(() => {
    let current = true;
    getBuilding(id).then(
      (value) => current && (setBuilding(value), setError(null)),
      (reason: unknown) => current && setError(messageOf(reason)),
    );
    return () => {
      current = false;
    };
  }, [id, attempt]);

  useEffect(() => {
    let current = true;
    const load = () =>
      latestReadings(id).then(
        (items) => current && items.forEach((reading) => addReading({ ...reading, building_id: id })),
        (reason: unknown) => current && setError(messageOf(reason)),
      );
    void load();
    return () => {
      current = false;
    };
  }, [id, attempt, addReading]);

  useEffect(() => subscribeLive(liveUrl(id), addReading, { onStatus: setLive }), [id, addReading]);

  if (error) return <ErrorBanner message={error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!building) return <Spinner label="Loading building" />;
  return (
    <Card title={building.name}>
      <p className="muted">{building.floor_area_m2.toLocaleString("en")} m²</p>
      <h3>
        Live readings <StatusBadge tone={live === "open" ? "ok" : live === "closed" ? "muted" : "warn"}>{live}</StatusBadge>
      </h3>
      {readings.length === 0 ? (
        <p className="muted">No readings yet.</p>
      ) : (
        <ul className="list" aria-label="Readings">
          {readings.map((reading) => (
            <li key={readingKey(reading)} className="list__item reading" data-testid="reading">
              <strong>{reading.metric}</strong> {reading.value}
              <span className="muted">
                {reading.device_id} · {new Date(reading.timestamp).toLocaleTimeString("en")}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
