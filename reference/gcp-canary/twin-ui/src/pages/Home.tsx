import { Card } from "../components/Card";

export function Home() {
  return (
    <Card title="twin">
      <p>Browser app for operators and occupants.</p>
    </Card>
  );
}
