import { useEffect } from "react";
import { Card } from "../components/Card";
import { ErrorBanner } from "../components/ErrorBanner";
import { Spinner } from "../components/Spinner";
import { Link } from "../routing/link";
import { useBuildings } from "../state/store";

export function BuildingsList() {
  const { status, items, error, load } = useBuildings();
  useEffect(() => {
    load();
  }, [load]);
  return (
    <Card title="Buildings">
      {status === "loading" && items.length === 0 && <Spinner label="Loading buildings" />}
      {error && <ErrorBanner message={error} onRetry={load} />}
      <ul className="list">
        {items.map((building) => (
          <li key={building.id} className="list__item">
            <Link to={`/buildings/${encodeURIComponent(building.id)}`}>{building.name}</Link>
            <span className="muted">{building.floor_area_m2.toLocaleString("en")} m²</span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
