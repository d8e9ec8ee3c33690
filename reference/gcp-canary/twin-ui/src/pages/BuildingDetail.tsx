// Loaded lazily (its own chunk).
import { useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { getBuilding, type Building } from "../api/buildings";
import { Card } from "../components/Card";
import { ErrorBanner } from "../components/ErrorBanner";
import { Spinner } from "../components/Spinner";
import { useRouteParam } from "../routing/link";
import { useReadings } from "../state/store";

export default function BuildingDetail() {
  const id = useRouteParam("id");
  const [building, setBuilding] = useState<Building | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const readings = useReadings(id);

  useEffect(() => {
    let current = true;
    getBuilding(id).then(
      (value) => current && (setBuilding(value), setError(null)),
      (reason: unknown) => current && setError(reason instanceof ApiError ? reason.userMessage : "Something went wrong."),
    );
    return () => {
      current = false;
    };
  }, [id, attempt]);

  if (error) return <ErrorBanner message={error} onRetry={() => setAttempt((n) => n + 1)} />;
  if (!building) return <Spinner label="Loading building" />;
  return (
    <Card title={building.name}>
      <p className="muted">
        {building.city} · {building.floors} floors · {building.areaM2.toLocaleString("en")} m²
      </p>
      <h3>Readings</h3>
      {readings.length === 0 ? (
        <p className="muted">No readings yet.</p>
      ) : (
        <ul className="list" aria-label="Readings">
          {readings.map((reading) => (
            <li key={`${reading.at}-${reading.metric}`} className="list__item reading" data-testid="reading">
              <strong>{reading.metric}</strong> {reading.value} {reading.unit}
              <span className="muted">{new Date(reading.at).toLocaleTimeString("en")}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
