import { Card } from "../components/Card";
import { Link } from "../routing/link";

export function Home() {
  return (
    <Card title="arxos">
      <p>Browser app for operators and occupants.</p>
      <p>
        <Link to="/buildings">Browse buildings</Link>
      </p>
    </Card>
  );
}
