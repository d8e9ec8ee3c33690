import { Card } from "../components/Card";

export function Home() {
  return (
    <Card title="plant-room">
      <p>Browser app for operators and occupants.</p>
    </Card>
  );
}
