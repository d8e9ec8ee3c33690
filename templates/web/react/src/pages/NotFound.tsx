import { Card } from "../components/Card";
import { Link } from "../routing/link";

export function NotFound() {
  return (
    <Card title="Page not found">
      <p>There is nothing at this address.</p>
      <Link to="/">Back to the start page</Link>
    </Card>
  );
}
